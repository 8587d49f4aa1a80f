#!/usr/bin/env node
// Times `recommend` for a user with 1,000 ratings on a server with ~100,000 ratings from 1,000
// users, from a warm cache (every TMDB list and recommended film already cached), against the
// 300 ms target. Runs the compiled code: `npm run build && node bench/recommend.mjs [--runs N]`.
// A scratch database is created on the PostgreSQL of BENCH_DATABASE_URL (default: the local
// server) and dropped at the end.
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
    "subject-ratings": { type: "string", default: "1000" },
    // Leaves the scratch database in place (its name is printed) to EXPLAIN queries by hand.
    keep: { type: "boolean", default: false },
    // Reuses a database left by --keep (same --movies/--users…): pending migrations are applied, no seeding.
    reuse: { type: "string" },
    verbose: { type: "boolean", default: false },
  },
});

const load = compiledModules("services/recommendations.js");
const { createDb } = await load("db/client.js");
const { createLogger } = await load("logger.js");
const { applyMigrations } = await load("db/migrate.js");
const { recommend } = await load("services/recommendations.js");
const { getStats } = await load("services/stats.js");
const { collaborativeCandidates, contentCandidates, sharedFavourites } = await load("services/candidates.js");
const { loadTasteProfile } = await load("services/taste-profile.js");

const database = args.reuse ? existingDatabase(args.reuse) : scratchDatabase();

const log = (line) => process.stderr.write(`${line}\n`);
const ms = (start) => performance.now() - start;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

async function time(label, runs, fn) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(ms(start));
  }
  samples.sort((a, b) => a - b);
  const row = { label, median: percentile(samples, 0.5), p95: percentile(samples, 0.95), min: samples[0] };
  console.log(
    `${label.padEnd(34)} median ${row.median.toFixed(1).padStart(7)} ms   p95 ${row.p95.toFixed(1).padStart(7)} ms   min ${row.min.toFixed(1).padStart(7)} ms`,
  );
  return row;
}

if (!args.reuse) await database.create();
let db;
try {
  let started = performance.now();
  await applyMigrations(database.url, MIGRATIONS_DIR);
  if (args.reuse) log(`migrations applied in ${(ms(started) / 1000).toFixed(1)} s`);
  const random = prng(20261125);
  started = performance.now();
  const movies = makeMovies({ count: Number(args.movies), random });
  const library = args.reuse
    ? await existingUsers(database.url)
    : makeUsers({
        count: Number(args.users),
        ratingsEach: Number(args["ratings-each"]),
        subjectRatings: Number(args["subject-ratings"]),
        subjectQueue: 50,
        movies,
        random,
      });
  if (!args.reuse) {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await insertLibrary(client, { movies, ...library });
    await client.end();
  }
  log(
    `${args.reuse ? "reused" : "seeded"} ${movies.length} movies, ${library.users.length} users, ${library.ratings.length} ratings, ${library.queue.length} queued in ${(ms(started) / 1000).toFixed(1)} s`,
  );

  db = createDb(database.url, { poolSize: 10 });
  const tmdb = syntheticTmdb(movies, random);
  // --verbose: the service's debug log, with the time of each stage of every call, on stderr.
  const deps = { db, tmdb, logger: createLogger(args.verbose ? "debug" : "warn") };
  const subject = library.users[0].id;

  // Warm the caches: each call fetches a few missing TMDB lists; stop when a call asks TMDB nothing.
  let calls = -1;
  let warmups = 0;
  while (calls !== tmdb.calls.recommendations + tmdb.calls.movie && warmups < 20) {
    calls = tmdb.calls.recommendations + tmdb.calls.movie;
    await recommend(deps, subject, { limit: 20 });
    warmups++;
  }
  log(`warm after ${warmups} calls (${tmdb.calls.recommendations} TMDB lists, ${tmdb.calls.movie} films fetched)`);

  const runs = Number(args.runs);
  const sample = await recommend(deps, subject, { limit: 20 });
  console.log(
    `subject: ${args["subject-ratings"]} ratings; ${sample.length} recommendations, top score ${sample[0]?.score}, sources of the top 20: ${JSON.stringify(countSources(sample))}`,
  );
  console.log(`e.g. ${sample[0]?.movie.title}: ${sample[0]?.reasons.join(" / ")}`);
  const total = await time("recommend (limit 20, warm)", runs, () => recommend(deps, subject, { limit: 20 }));
  await time("recommend --genre Drama", runs, () => recommend(deps, subject, { limit: 20, genre: "drama" }));
  await time("  taste profile (SQL)", runs, () => loadTasteProfile(db, subject));
  await time("  collaborative candidates (SQL)", runs, () => collaborativeCandidates(db, subject));
  await time("  content candidates (SQL)", runs, () => contentCandidates(db, subject));
  const shown = sample.map((result) => result.movie.tmdbId);
  await time("  shared favourites of 20 (SQL)", runs, () => sharedFavourites(db, subject, shown));
  await time("stats", runs, () => getStats(db, subject));
  if (tmdb.calls.recommendations + tmdb.calls.movie !== calls) log("warning: TMDB was asked during the timed runs");
  console.log(
    `target ${TARGET_MS} ms: median is ${(total.median / TARGET_MS).toFixed(2)}× the target (${total.median <= TARGET_MS ? "met" : "NOT met"})`,
  );
} finally {
  await db?.$disconnect();
  if (args.keep || args.reuse) log(`kept database ${database.url} (--reuse ${database.name})`);
  else await database.drop();
}

function existingDatabase(name) {
  const url = Object.assign(new URL(scratchDatabase().url), { pathname: `/${name}` }).toString();
  return { name, url };
}

/** The users of a reused database, the subject (user0) first. */
async function existingUsers(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const users = (await client.query(`SELECT id FROM "User" ORDER BY username = 'user0' DESC LIMIT 1`)).rows;
    const { count } = (await client.query(`SELECT count(*)::int AS count FROM "UserMovie"`)).rows[0];
    return { users, ratings: { length: count }, queue: [] };
  } finally {
    await client.end();
  }
}

function countSources(results) {
  const counts = {};
  for (const result of results) for (const source of result.sources) counts[source] = (counts[source] ?? 0) + 1;
  return counts;
}
