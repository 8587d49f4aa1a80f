#!/usr/bin/env node
// Imports at one TMDB call per new film against two (issue 20), side by side in one run: N films new
// to the server (default 400), matched by title against the project's fake TMDB enforcing 40
// requests/s (429 with Retry-After beyond), paced by the server's TMDB client (39/s).
//   before: each film's details fetched before it is matched (two calls a film: how imports worked);
//   after:  each film stored from its search answer, its details filled in afterwards in the background.
// Prints the import's wall time against the two-call floor (2N ÷ 40; target ≤ 0.6× it), the time the
// details take to complete after the import (target ≤ N ÷ 40), TMDB calls and the share answered 429.
// Then the same one-call import through the real binary and API (`--cli`, the CLI's batches of ~2 s:
// a batch's lookups must not queue behind the last batch's details), and a re-import (no TMDB call).
// Runs the service code itself through jiti (`node bench/import.mjs [--films 400] [--cli]`; --cli needs
// `npm run build`). A scratch database on BENCH_DATABASE_URL's server (default: the local one), dropped at the end.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createJiti } from "jiti";
import { scratchDatabase } from "./scratch-database.mjs";
import { startServe } from "./serve.mjs";

const TMDB_LIMIT_PER_SECOND = 40;
const { values: args } = parseArgs({
  options: {
    films: { type: "string", default: "400" },
    cli: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const FILMS = Number(args.films);
const root = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(root, "bin", "watchlist.js");
if (args.cli && !existsSync(join(root, "dist", "cli", "main.cjs"))) {
  process.stderr.write("error: --cli runs the compiled code: run `npm run build` first\n");
  process.exit(2);
}
const jiti = createJiti(import.meta.url);
const { startFakeTmdb, FAKE_TMDB_KEY } = await jiti.import("../test/fake-tmdb/index.ts");
const { createDb } = await jiti.import("../src/db/client.ts");
const { applyMigrations } = await jiti.import("../src/db/migrate.ts");
const { createTmdbClient } = await jiti.import("../src/tmdb/client.ts");
const { matchMovies } = await jiti.import("../src/services/import/match.ts");
const { writeMatchedBatch } = await jiti.import("../src/services/import/write.ts");
const { backgroundRefreshesDone } = await jiti.import("../src/services/watch-refresh.ts");

const log = (line) => process.stderr.write(`${line}\n`);
const pad = (n, width = 4) => String(n).padStart(width, "0");

// Films of our own making: unique words so that a title search finds exactly one.
const WORDS = ["Lantern", "Harbor", "Quiet", "Meridian", "Copper", "Hollow", "Tide", "Ember", "Orchard", "Vessel"];
function makeMovies(count, firstId, label) {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    imdbId: `tt${pad(firstId + i, 8)}`,
    title: `${label} ${WORDS[i % WORDS.length]} ${pad(i)}`,
    releaseDate: `${1950 + (i % 70)}-0${1 + (i % 9)}-1${i % 10}`,
    genreIds: [18],
    directors: [`Director ${pad(i % 300)}`],
    cast: [[`Actor ${pad(i % 500)}`, "Lead"]],
    runtime: 90 + (i % 60),
    popularity: 1 + (i % 100),
    voteAverage: 5 + (i % 50) / 10,
    overview: "A film made up for the import benchmark.",
    recommendations: [],
  }));
}
const sets = {
  before: makeMovies(FILMS, 9_100_000, "Before"),
  after: makeMovies(FILMS, 9_200_000, "After"),
  cli: makeMovies(FILMS, 9_300_000, "Cli"),
};

const database = scratchDatabase("watchlist_bench_import");
await database.create();
await applyMigrations(database.url);
const fake = await startFakeTmdb({ movies: Object.values(sets).flat(), ratePerSecond: TMDB_LIMIT_PER_SECOND });
const db = createDb(database.url, { poolSize: 10 });
const tmdb = createTmdbClient({ baseUrl: fake.url, apiKey: FAKE_TMDB_KEY, timeoutMs: 10_000, retries: 2 });
const since = (from) => {
  const requests = fake.requests.slice(from);
  const tooMany = requests.filter((request) => request.status === 429).length;
  return { calls: requests.length - tooMany, tooMany, requests: requests.length };
};

/** Matches and writes one batch of the films' titles, as POST /import does; then waits for the details. */
async function importInProcess(movies, details) {
  await backgroundRefreshesDone(db);
  const user = await db.user.create({
    data: { email: `${details}@example.com`, username: details, usernameKey: details, passwordHash: "x" },
  });
  const entries = movies.map((movie, i) => ({
    ref: `line ${i + 2}`,
    title: movie.title,
    year: Number(movie.releaseDate.slice(0, 4)),
    rating: "LIKE",
    viewings: [],
  }));
  const from = fake.requests.length;
  const started = performance.now();
  const matched = await matchMovies({ db, tmdb }, entries, { details });
  await writeMatchedBatch(db, user.id, { importId: null, entries: entries.map((entry, i) => ({ ...entry, movie: matched[i] })) });
  const importSeconds = (performance.now() - started) / 1000;
  const atImport = since(from);
  await backgroundRefreshesDone(db);
  const detailsSeconds = (performance.now() - started) / 1000 - importSeconds;
  const pending = await db.movie.count({ where: { detailsPending: true } });
  return { importSeconds, detailsSeconds, atImport, total: since(from), unmatched: matched.filter((movie) => !movie).length, pending };
}

function runCli(cliArgs, env, input) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...cliArgs], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdin.end(input ?? "");
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The Letterboxd ratings CSV of the films, imported through the binary and a `watchlist serve`. */
async function importThroughCli(movies) {
  const dir = mkdtempSync(join(tmpdir(), "watchlist-bench-import-"));
  const api = await startServe({
    DATABASE_URL: database.url,
    TMDB_BASE_URL: fake.url,
    TMDB_API_KEY: FAKE_TMDB_KEY,
    JWT_SECRET: "bench-import-secret-bench-import-secret",
    LOG_LEVEL: "warn",
  });
  try {
    const env = { WATCHLIST_API_URL: api.url, WATCHLIST_CONFIG_DIR: dir, NO_COLOR: "1" };
    const registered = await runCli(
      ["register", "--email", "cli@example.com", "--username", "cli", "--password-stdin"],
      env,
      "bench-password-1",
    );
    if (registered.code !== 0) throw new Error(`register failed: ${registered.stderr}`);
    const file = join(dir, "ratings.csv");
    const rows = [
      "Date,Name,Year,Letterboxd URI,Rating",
      ...movies.map((m, i) => `2020-01-01,${m.title},${m.releaseDate.slice(0, 4)},https://boxd.it/c${i},3`),
    ];
    writeFileSync(file, `${rows.join("\n")}\n`);
    const from = fake.requests.length;
    const started = performance.now();
    const result = await runCli(["import", file, "--json"], env);
    if (result.code !== 0) throw new Error(`import exited ${result.code}: ${result.stderr}`);
    const importSeconds = (performance.now() - started) / 1000;
    const atImport = since(from);
    const report = JSON.parse(result.stdout);
    const ids = movies.map((movie) => movie.id);
    // Polled with one cheap statement: the fake TMDB shares this process's event loop, and a busy
    // loop stamps its arrivals late and then bunched (429s that TMDB itself would not send).
    const stillPending = async () =>
      (await db.$queryRaw`SELECT count(*)::int AS n FROM "Movie" WHERE "detailsPending" AND "tmdbId" = ANY(${ids}::int[])`)[0].n;
    while ((await stillPending()) > 0) await new Promise((r) => setTimeout(r, 50));
    const detailsSeconds = (performance.now() - started) / 1000 - importSeconds;
    const total = since(from);
    const again = performance.now();
    const second = await runCli(["import", file, "--json"], env);
    if (second.code !== 0) throw new Error(`re-import exited ${second.code}: ${second.stderr}`);
    return {
      importSeconds,
      detailsSeconds,
      atImport,
      total,
      report,
      reimportSeconds: (performance.now() - again) / 1000,
      reimportCalls: since(from).requests - total.requests,
    };
  } finally {
    api.child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  log(
    `load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" ")}; importing ${FILMS} films, two calls a film…`,
  );
  const before = await importInProcess(sets.before, "now");
  log("…and one call a film");
  const after = await importInProcess(sets.after, "later");
  if (args.cli) log("…and one call a film through the CLI");
  const cli = args.cli ? await importThroughCli(sets.cli) : undefined;

  const floor2 = (2 * FILMS) / TMDB_LIMIT_PER_SECOND;
  const floor1 = FILMS / TMDB_LIMIT_PER_SECOND;
  const share = (run) => `${run.tooMany} (${((100 * run.tooMany) / Math.max(1, run.requests)).toFixed(1)} %)`;
  console.log(
    `\n${FILMS} films new to the server, matched by title; fake TMDB limited to ${TMDB_LIMIT_PER_SECOND} requests/s (two-call floor ${floor2.toFixed(1)} s)`,
  );
  console.log(
    "import                        import s  ÷ before  ÷ 2-call floor  TMDB calls at import  details done after s  TMDB calls in all  429s",
  );
  const row = (name, run, callsAtImport) =>
    console.log(
      [
        name.padEnd(28),
        run.importSeconds.toFixed(1).padStart(9),
        `${(run.importSeconds / before.importSeconds).toFixed(2)}×`.padStart(9),
        `${(run.importSeconds / floor2).toFixed(2)}×`.padStart(15),
        String(callsAtImport).padStart(21),
        (run.detailsSeconds > 0.05 ? run.detailsSeconds.toFixed(1) : "—").padStart(21),
        String(run.total.calls).padStart(18),
        share(run.total).padStart(12),
      ].join(" "),
    );
  row("before: 2 calls a film", before, before.atImport.calls);
  row("after: 1 call, details later", after, after.atImport.calls);
  if (cli) row("after, through the CLI", cli, cli.atImport.calls);
  const met = after.importSeconds <= 0.6 * floor2 && after.detailsSeconds <= floor1 * 1.1;
  console.log(
    `targets: import ≤ 0.6× the two-call floor (${(0.6 * floor2).toFixed(1)} s): ${after.importSeconds <= 0.6 * floor2 ? "met" : "MISSED"}; ` +
      `details complete within N/40 = ${floor1.toFixed(1)} s after (the client paces at 39/s: ${(FILMS / 39).toFixed(1)} s is its floor): ` +
      `${after.detailsSeconds.toFixed(1)} s${met ? "" : " — NOT all met"}`,
  );
  if (cli)
    console.log(
      `CLI: report detailsPending ${cli.report.detailsPending}; re-import ${cli.reimportSeconds.toFixed(2)} s with ${cli.reimportCalls} TMDB calls`,
    );
  if (after.pending) console.log(`films still pending at the end: ${after.pending}`);
} finally {
  await backgroundRefreshesDone(db);
  await db.$disconnect();
  await fake.close();
  if (args.keep) log(`kept ${database.name}`);
  else {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await database.drop();
  }
}
