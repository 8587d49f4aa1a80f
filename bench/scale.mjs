#!/usr/bin/env node
// Several API processes on this machine (issue 20), measured with the built binary:
//   throughput: GET /watchlist (20 films) driven by autocannon for --seconds against one `watchlist
//     serve`, then against two on the same database (half the connections each), req/s and latency;
//   fairness: two processes, the fake TMDB enforcing 40 requests/s (429 beyond), another member's
//     search timed every 250 ms, alternately on each process, while (a) one member floods film lookups
//     on both processes and (b) two members import through the two processes: p50/p95/max of the
//     search and the share of TMDB requests answered 429 (targets: p95 < 0.5 s, < 2 %).
// `--database-url URL` runs the API processes through that address (PgBouncer in transaction mode)
// with DATABASE_DIRECT_URL on PostgreSQL itself, and first times a query's round trip both ways; `--only throughput|fairness|hop`.
// Usage: npm run build && node bench/scale.mjs [--seconds 10] [--connections 50]
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createJiti } from "jiti";
import pg from "pg";
import { scratchDatabase } from "./scratch-database.mjs";
import { startServe } from "./serve.mjs";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    "database-url": { type: "string" },
    only: { type: "string" },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const jiti = createJiti(import.meta.url);
const { startFakeTmdb, FAKE_TMDB_KEY } = await jiti.import("../test/fake-tmdb/index.ts");
const log = (line) => process.stderr.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");

const database = scratchDatabase("watchlist_scale");
await database.create();
/** Where the API processes reach the database: PgBouncer's address for the same database when given. */
const apiDatabaseUrl = args["database-url"]
  ? Object.assign(new URL(args["database-url"]), { pathname: `/${database.name}` }).toString()
  : database.url;
const fake = await startFakeTmdb({ ratePerSecond: 40 });
const processes = [];

async function startApi() {
  const { url, child } = await startServe({
    DATABASE_URL: apiDatabaseUrl,
    ...(args["database-url"] ? { DATABASE_DIRECT_URL: database.url } : {}),
    JWT_SECRET: "scale-bench-secret-scale-bench-secret!!",
    TMDB_BASE_URL: fake.url,
    TMDB_API_KEY: FAKE_TMDB_KEY,
  });
  processes.push(child);
  return url;
}

async function call(url, method, path, { token, body } = {}) {
  const response = await fetch(url + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

async function register(url, name) {
  const answer = await call(url, "POST", "/auth/register", {
    body: { email: `${name}@scale.example`, username: name, password: "scale bench password" },
  });
  if (answer.status !== 201) throw new Error(`register ${name}: ${answer.status}`);
  return answer.json.token;
}

/** Films in the cache, fresh, so that the listing never needs TMDB. */
async function cacheFilms(count) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const ids = Array.from({ length: count }, (_, i) => 800_000 + i);
    for (const tmdbId of ids) {
      await client.query(
        `INSERT INTO "Movie" (id, "tmdbId", title, "releaseDate", genres, director, "cast", runtime)
         VALUES ($1, $2, $3, '2020-01-01', '[{"id":18,"name":"Drama"}]', 'A Director', '[]', 100)`,
        [randomUUID(), tmdbId, `Scale film ${tmdbId}`],
      );
    }
    return ids;
  } finally {
    await client.end();
  }
}

const cannon = (url, token, connections) =>
  autocannon({ url: `${url}/watchlist`, connections, duration: SECONDS, headers: { Authorization: `Bearer ${token}` } });

async function throughput(urls, token) {
  const results = await Promise.all(urls.map((url) => cannon(url, token, Math.round(CONNECTIONS / urls.length))));
  const perSecond = results.reduce((sum, result) => sum + result.requests.average, 0);
  const errors = results.reduce((sum, result) => sum + result.errors + result.non2xx, 0);
  const p50 = Math.max(...results.map((result) => result.latency.p50));
  const p99 = Math.max(...results.map((result) => result.latency.p99));
  return { perSecond, errors, p50, p99 };
}

/** Median and p99 of sequential round trips (a one-row query) on one connection to each address, taken in turn. */
async function roundTrips(connectionStrings, count = 2_000) {
  const clients = connectionStrings.map((connectionString) => new pg.Client({ connectionString }));
  await Promise.all(clients.map((client) => client.connect()));
  const times = clients.map(() => []);
  try {
    for (let i = 0; i < count; i++) {
      for (const [k, client] of clients.entries()) {
        const started = performance.now();
        await client.query("SELECT $1::int AS n", [i]);
        times[k].push(performance.now() - started);
      }
    }
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
  return times.map((list) => {
    list.sort((a, b) => a - b);
    return { p50: quantile(list, 0.5), p99: quantile(list, 0.99) };
  });
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Another member's search every 250 ms, alternately on each process, while `work` runs. */
async function searchesDuring(urls, token, work) {
  const waits = [];
  const before = fake.requests.length;
  let done = false;
  const running = work().finally(() => {
    done = true;
  });
  // The background work first fills the queues.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  for (let i = 0; !done; i++) {
    const started = performance.now();
    const answer = await call(urls[i % urls.length], "GET", `/movies/search?q=${i % 2 ? "arrival" : "alien"}`, { token });
    if (answer.status !== 200) throw new Error(`search answered ${answer.status}`);
    waits.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await running;
  const requests = fake.requests.slice(before);
  const tooMany = requests.filter((request) => request.status === 429).length;
  waits.sort((a, b) => a - b);
  return { waits, p50: quantile(waits, 0.5), p95: quantile(waits, 0.95), max: waits.at(-1), requests: requests.length, tooMany };
}

let unknownId = 990_000_000;
try {
  const first = await startApi(); // applies the migrations
  const films = await cacheFilms(20);
  const reader = await register(first, "reader");
  for (const id of films) await call(first, "PUT", `/watchlist/${id}`, { token: reader, body: {} });
  console.log(
    `database: ${args["database-url"] ? `through ${args["database-url"]} (DATABASE_DIRECT_URL on PostgreSQL)` : "PostgreSQL directly"}`,
  );
  if (args["database-url"]) {
    const [direct, through] = await roundTrips([database.url, apiDatabaseUrl]);
    console.log(
      `a query's round trip (one connection, 2,000 in a row): direct p50 ${direct.p50.toFixed(2)} ms p99 ${direct.p99.toFixed(2)} ms; ` +
        `through it p50 ${through.p50.toFixed(2)} ms p99 ${through.p99.toFixed(2)} ms (load average ${load()})`,
    );
  }

  let second;
  if (!args.only || args.only === "throughput") {
    await throughput([first], reader); // warm-up: JIT, pool, caches
    log(`load average ${load()}: one process…`);
    const one = await throughput([first], reader);
    second = await startApi();
    await throughput([first, second], reader);
    log(`load average ${load()}: two processes…`);
    const two = await throughput([first, second], reader);
    console.log(`\nthroughput: GET /watchlist (20 films), ${CONNECTIONS} connections, ${SECONDS} s (load average ${load()})`);
    console.log("processes  req/s   p50 ms  p99 ms  errors");
    for (const [name, result] of [
      ["1", one],
      ["2", two],
    ])
      console.log(
        `${name.padEnd(9)} ${result.perSecond.toFixed(0).padStart(6)} ${String(result.p50).padStart(8)} ${String(result.p99).padStart(7)} ${String(result.errors).padStart(7)}`,
      );
  }

  if (!args.only || args.only === "fairness") {
    const urls = [first, second ?? (await startApi())];
    const [searcher, flooder, importerA, importerB] = await Promise.all(
      ["searcher", "flooder", "importa", "importb"].map((name, i) => register(urls[i % 2], name)),
    );
    await call(urls[0], "GET", "/movies/search?q=arrival", { token: searcher }); // genre list cached

    log(`load average ${load()}: a flood of lookups on both processes…`);
    const flood = await searchesDuring(urls, searcher, async () => {
      // 2 × 200 lookups of films TMDB does not know: ~10 s of the budget, all interactive, one member's.
      const lookups = (url) => Array.from({ length: 200 }, () => call(url, "GET", `/movies/${++unknownId}`, { token: flooder }));
      await Promise.all([...lookups(urls[0]), ...lookups(urls[1])]);
    });
    log(`load average ${load()}: two imports through two processes…`);
    const unknownFilms = (count) => ({
      importId: randomUUID(),
      format: "letterboxd",
      entries: Array.from({ length: count }, (_, i) => ({ title: `Nowhere To Be Found ${randomUUID()} ${i}`, rating: "LIKE" })),
    });
    const imports = await searchesDuring(urls, searcher, async () => {
      // 2 × 200 searches that find nothing: ~10 s of the budget in the bulk lane.
      const answers = await Promise.all([
        call(urls[0], "POST", "/import", { token: importerA, body: unknownFilms(200) }),
        call(urls[1], "POST", "/import", { token: importerB, body: unknownFilms(200) }),
      ]);
      if (answers.some((answer) => answer.status !== 200)) throw new Error(`imports answered ${answers.map((a) => a.status)}`);
    });
    console.log(`\nfairness: two processes, fake TMDB at 40 requests/s, another member's search every 250 ms (load average ${load()})`);
    console.log("while                                searches  p50 ms  p95 ms  max ms  TMDB requests  429s");
    for (const [name, run] of [
      ["one member floods lookups on both", flood],
      ["two members import via two", imports],
    ])
      console.log(
        [
          name.padEnd(36),
          String(run.waits.length).padStart(9),
          run.p50.toFixed(0).padStart(7),
          run.p95.toFixed(0).padStart(7),
          run.max.toFixed(0).padStart(7),
          String(run.requests).padStart(14),
          `${run.tooMany} (${((100 * run.tooMany) / Math.max(1, run.requests)).toFixed(1)} %)`.padStart(12),
        ].join(" "),
      );
    console.log("targets: p95 < 500 ms, 429s < 2 %");
  }
} finally {
  for (const child of processes) child.kill("SIGTERM");
  await Promise.all(processes.map((child) => (child.exitCode === null ? new Promise((resolve) => child.once("exit", resolve)) : null)));
  await fake.close();
  await database.drop();
}
