#!/usr/bin/env node
// Imports 2,000 Letterboxd rows and 2,000 IMDb rows through the real binary and API against the
// project's fake TMDB enforcing 40 requests/s (429 with Retry-After beyond), and prints, side by
// side: wall time against the pacing floor (TMDB calls made ÷ 40) as a ratio (target ≤ 1.25×), the
// share of requests answered 429 (target < 5 %), and a re-import of the same files (target < 3 s,
// no TMDB calls). Runs the compiled code: `npm run build && node bench/import.mjs [--rows N]`.
// A scratch database is created on the PostgreSQL of BENCH_DATABASE_URL (default: the local server)
// and dropped at the end. Needs the import-server side (POST /import batches, the fake's /find and
// its `ratePerSecond` option).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createJiti } from "jiti";
import { ZipFile } from "yazl";
import { scratchDatabase } from "./scratch-database.mjs";

const TMDB_LIMIT_PER_SECOND = 40;
const TARGETS = { ratio: 1.25, share429: 0.05, reimportSeconds: 3 };
const { values: args } = parseArgs({ options: { rows: { type: "string", default: "2000" }, keep: { type: "boolean", default: false } } });
const ROWS = Number(args.rows);

const root = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(root, "bin", "watchlist.js");
if (!existsSync(join(root, "dist", "cli", "main.cjs"))) {
  process.stderr.write("error: no compiled code in dist/: run `npm run build` first\n");
  process.exit(2);
}
const jiti = createJiti(import.meta.url);
const { startFakeTmdb, FAKE_TMDB_KEY } = await jiti.import("../test/fake-tmdb/index.ts");

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
const letterboxdMovies = makeMovies(ROWS, 9_100_000, "Boxd");
const imdbMovies = makeMovies(ROWS, 9_200_000, "Imdb");

const dir = mkdtempSync(join(tmpdir(), "watchlist-bench-import-"));
const csv = (rows) =>
  `${rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(",")).join("\n")}\n`;
const year = (movie) => movie.releaseDate.slice(0, 4);

async function writeLetterboxdZip(path) {
  const zip = new ZipFile();
  const ratings = [["Date", "Name", "Year", "Letterboxd URI", "Rating"]];
  const watched = [["Date", "Name", "Year", "Letterboxd URI"]];
  letterboxdMovies.forEach((movie, i) => {
    ratings.push(["2020-01-01", movie.title, year(movie), `https://boxd.it/b${i}`, String(0.5 + (i % 10) / 2)]);
    watched.push(["2020-01-01", movie.title, year(movie), `https://boxd.it/b${i}`]);
  });
  zip.addBuffer(Buffer.from(csv(ratings)), "ratings.csv");
  zip.addBuffer(Buffer.from(csv(watched)), "watched.csv");
  zip.end();
  const chunks = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk);
  writeFileSync(path, Buffer.concat(chunks));
}

function writeImdbCsv(path) {
  const rows = [["Const", "Your Rating", "Date Rated", "Title", "URL", "Title Type", "IMDb Rating", "Runtime (mins)", "Year", "Genres"]];
  imdbMovies.forEach((movie, i) => {
    rows.push([
      movie.imdbId,
      String(1 + (i % 10)),
      "2021-02-03",
      movie.title,
      `https://www.imdb.com/title/${movie.imdbId}/`,
      "Movie",
      "7.0",
      "100",
      year(movie),
      "Drama",
    ]);
  });
  writeFileSync(path, csv(rows));
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

async function startApi(env) {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--host", "127.0.0.1"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr.on("data", (chunk) => (errors += chunk));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`watchlist serve exited ${code}: ${errors}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

const database = scratchDatabase("watchlist_bench_import");
await database.create();
const fake = await startFakeTmdb({ movies: [...letterboxdMovies, ...imdbMovies], ratePerSecond: TMDB_LIMIT_PER_SECOND });
let api;
try {
  api = await startApi({
    DATABASE_URL: database.url,
    TMDB_BASE_URL: fake.url,
    TMDB_API_KEY: FAKE_TMDB_KEY,
    JWT_SECRET: "bench-import-secret-bench-import-secret",
    LOG_LEVEL: "warn",
  });
  const env = { WATCHLIST_API_URL: api.url, WATCHLIST_CONFIG_DIR: dir, NO_COLOR: "1" };
  const registered = await runCli(
    ["register", "--email", "bench@example.com", "--username", "bench", "--password-stdin"],
    env,
    "bench-password-1",
  );
  if (registered.code !== 0) throw new Error(`register failed: ${registered.stderr}`);

  const files = { letterboxd: join(dir, "letterboxd-bench.zip"), imdb: join(dir, "ratings.csv") };
  await writeLetterboxdZip(files.letterboxd);
  writeImdbCsv(files.imdb);

  async function importOnce(file) {
    const before = fake.requests.length;
    const started = performance.now();
    const result = await runCli(["import", file, "--json"], env);
    const seconds = (performance.now() - started) / 1000;
    if (result.code !== 0) throw new Error(`import ${file} exited ${result.code}: ${result.stderr}`);
    const requests = fake.requests.slice(before);
    const tooMany = requests.filter((request) => request.status === 429).length;
    const calls = requests.length - tooMany;
    const report = JSON.parse(result.stdout);
    return { seconds, calls, requests: requests.length, tooMany, report };
  }

  const rows = [];
  for (const [name, file] of Object.entries(files)) {
    log(`importing ${ROWS} ${name} rows…`);
    const first = await importOnce(file);
    log(`re-importing ${name}…`);
    const again = await importOnce(file);
    rows.push({ name, first, again });
  }

  console.log(`\nImport of ${ROWS} rows per format against the fake TMDB limited to ${TMDB_LIMIT_PER_SECOND} requests/s`);
  console.log("format      matched  unmatched  TMDB calls  429s (share)   wall s  floor s  ratio   re-import s  re-import TMDB calls");
  let pass = true;
  for (const { name, first, again } of rows) {
    const floor = first.calls / TMDB_LIMIT_PER_SECOND;
    const ratio = floor > 0 ? first.seconds / floor : Number.NaN;
    const share = first.requests ? first.tooMany / first.requests : 0;
    const matched = first.report.ratings.added + first.report.ratings.unchanged + first.report.ratings.updated;
    const ok = ratio <= TARGETS.ratio && share < TARGETS.share429 && again.seconds < TARGETS.reimportSeconds && again.requests === 0;
    pass &&= ok;
    console.log(
      [
        name.padEnd(10),
        String(matched).padStart(8),
        String(first.report.unmatched.length).padStart(10),
        String(first.calls).padStart(11),
        `${String(first.tooMany).padStart(5)} (${(share * 100).toFixed(1)} %)`.padStart(14),
        first.seconds.toFixed(1).padStart(8),
        floor.toFixed(1).padStart(8),
        `${ratio.toFixed(2)}×`.padStart(6),
        again.seconds.toFixed(2).padStart(13),
        String(again.requests).padStart(22),
        ok ? "  ok" : "  MISSED",
      ].join(" "),
    );
  }
  console.log(
    `targets: ratio ≤ ${TARGETS.ratio}×, 429s < ${TARGETS.share429 * 100} %, re-import < ${TARGETS.reimportSeconds} s with no TMDB call — ${pass ? "all met" : "NOT all met"}`,
  );
  process.exitCode = pass ? 0 : 1;
} finally {
  api?.stop();
  await fake.close();
  if (args.keep) log(`kept ${database.name} and ${dir}`);
  else {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
