#!/usr/bin/env node
// Times `pick --with` for a group of 4 (the caller and 3 friends) with 1,000 ratings each, on a
// server with ~100,000 ratings from 1,000 users, from a warm cache, against the 300 ms target; the
// single-user `recommend` of the caller is timed in the same run for comparison.
// Runs the compiled code: `npm run build && node bench/pick.mjs [--runs N]`. A scratch database is
// created on the PostgreSQL of BENCH_DATABASE_URL (default: the local server) and dropped at the end.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { compiledModules, MIGRATIONS_DIR } from "./compiled.mjs";
import { scratchDatabase } from "./scratch-database.mjs";
import { insertLibrary, makeMovies, makeUsers, prng, syntheticTmdb } from "./seed-library.mjs";

const TARGET_MS = 300;
const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "21" },
    movies: { type: "string", default: "4000" },
    users: { type: "string", default: "1000" },
    "ratings-each": { type: "string", default: "100" },
    "member-ratings": { type: "string", default: "1000" },
    friends: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
  },
});

const load = compiledModules("services/pick.js");
const { createDb } = await load("db/client.js");
const { createLogger } = await load("logger.js");
const { applyMigrations } = await load("db/migrate.js");
const { recommend } = await load("services/recommendations.js");
const { pick } = await load("services/pick.js");

const database = scratchDatabase("watchlist_bench_pick");
const log = (line) => process.stderr.write(`${line}\n`);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** Runs the functions in turn, `runs` rounds: the load of a shared machine weighs on each alike. */
async function interleaved(runs, entries) {
  const samples = entries.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, [, fn]] of entries.entries()) {
      const start = performance.now();
      await fn();
      samples[k].push(performance.now() - start);
    }
  }
  return entries.map(([label], k) => {
    const sorted = samples[k].sort((a, b) => a - b);
    const row = { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
    console.log(`${label.padEnd(44)} median ${row.median.toFixed(1).padStart(7)} ms   p95 ${row.p95.toFixed(1).padStart(7)} ms`);
    return row;
  });
}

await database.create();
let db;
try {
  await applyMigrations(database.url, MIGRATIONS_DIR);
  const random = prng(20261129);
  const movies = makeMovies({ count: Number(args.movies), random });
  const memberRatings = Number(args["member-ratings"]);
  const library = makeUsers({
    count: Number(args.users),
    ratingsEach: Number(args["ratings-each"]),
    subjectRatings: memberRatings,
    subjectQueue: 20,
    movies,
    random,
  });
  // The friends: each one more "subject" of makeUsers (1,000 ratings and a queue of 20), renamed.
  const friends = [];
  for (let k = 1; k <= Number(args.friends); k++) {
    const one = makeUsers({ count: 1, ratingsEach: 0, subjectRatings: memberRatings, subjectQueue: 20, movies, random });
    one.users[0].username = `friend${k}`;
    friends.push(one.users[0]);
    library.users.push(...one.users);
    library.ratings.push(...one.ratings);
    library.queue.push(...one.queue);
  }
  const caller = library.users[0];
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await insertLibrary(client, { movies, ...library });
  await client.query(
    `INSERT INTO "Friendship" ("id", "requesterId", "addresseeId", "status", "acceptedAt")
     SELECT unnest($1::text[]), $2, unnest($3::text[]), 'ACCEPTED', now()`,
    [friends.map(() => randomUUID()), caller.id, friends.map((friend) => friend.id)],
  );
  await client.end();
  log(
    `seeded ${movies.length} movies, ${library.users.length} users, ${library.ratings.length} ratings; a group of ${friends.length + 1} with ${memberRatings} ratings each`,
  );

  db = createDb(database.url, { poolSize: 10 });
  const tmdb = syntheticTmdb(movies, random);
  const deps = { db, tmdb, logger: createLogger(process.env.BENCH_LOG ?? "warn") };
  const group = { with: friends.map((friend) => friend.username), limit: 10 };

  let calls = -1;
  let warmups = 0;
  while (calls !== tmdb.calls.recommendations + tmdb.calls.movie && warmups < 30) {
    calls = tmdb.calls.recommendations + tmdb.calls.movie;
    await pick(deps, caller.id, group);
    await recommend(deps, caller.id, { limit: 20 });
    warmups++;
  }
  log(`warm after ${warmups} rounds (${tmdb.calls.recommendations} TMDB lists, ${tmdb.calls.movie} films fetched)`);

  const sample = await pick(deps, caller.id, group);
  console.log(
    `${sample.length} picks, ${sample.filter((p) => p.queuedBy.length).length} queued; e.g. ${sample[0]?.movie.title}: ${sample[0]?.people.map((p) => `${p.predicted} ${p.reason}`).join(" / ")}`,
  );
  const runs = Number(args.runs);
  const [total, , single] = await interleaved(runs, [
    [`pick --with (group of ${friends.length + 1}, warm)`, () => pick(deps, caller.id, group)],
    ["pick --with --max-runtime 120 --genre drama", () => pick(deps, caller.id, { ...group, maxRuntime: 120, genre: "drama" })],
    ["recommend (the caller alone, limit 20)", () => recommend(deps, caller.id, { limit: 20 })],
  ]);
  if (tmdb.calls.recommendations + tmdb.calls.movie !== calls) log("warning: TMDB was asked during the timed runs");
  console.log(`pick / recommend: ${(total.median / single.median).toFixed(2)}× (medians, interleaved runs)`);
  console.log(
    `target ${TARGET_MS} ms: median is ${(total.median / TARGET_MS).toFixed(2)}× the target, p95 ${(total.p95 / TARGET_MS).toFixed(2)}× (${total.p95 <= TARGET_MS ? "met" : total.median <= TARGET_MS ? "median met" : "NOT met"})`,
  );
} finally {
  await db?.$disconnect();
  if (args.keep) log(`kept database ${database.url}`);
  else await database.drop();
}
