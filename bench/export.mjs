#!/usr/bin/env node
// Memory of `GET /export`: accounts of growing size exported through the API (the streamed export,
// chunks read and dropped as a client would), side by side with the whole document built in memory
// first (what export did before: every row loaded, then JSON.stringify). Prints the live heap growth
// at its peak (sampled after a GC) and the time of each. Runs the compiled code:
//   npm run build && node --expose-gc bench/export.mjs [--sizes 5000,20000,80000]
// A scratch database is created on the PostgreSQL of BENCH_DATABASE_URL (default: the local server)
// and dropped at the end.
import { parseArgs } from "node:util";
import { compiledModules, inProcessApi } from "./compiled.mjs";
import { scratchDatabase } from "./scratch-database.mjs";
import { insertNumberedFilms } from "./seed-library.mjs";

const { values: args } = parseArgs({ options: { sizes: { type: "string", default: "5000,20000,80000" } } });
const sizes = args.sizes.split(",").map(Number);

const load = compiledModules("services/export.js");
if (!global.gc) process.stderr.write("warning: run with node --expose-gc for figures that do not depend on when the GC ran\n");

const SECRET = "bench-export-secret-of-at-least-32-chars";
const MB = 1024 * 1024;
const heap = () => process.memoryUsage().heapUsed;
const settle = () => global.gc?.();

/** A user with `entries` entries: 45 % ratings, 45 % viewings (a third of them rewatches), 10 % queued. */
async function seedAccount(db, name, entries, firstTmdbId) {
  const user = await db.user.create({ data: { username: name, usernameKey: name, email: `${name}@example.com`, passwordHash: "x" } });
  const rated = Math.round(entries * 0.45);
  const queued = Math.round(entries * 0.1);
  const viewed = entries - rated - queued;
  const last = firstTmdbId + rated + queued;
  await insertNumberedFilms(db, firstTmdbId, last - firstTmdbId);
  await db.$executeRaw`
    INSERT INTO "UserMovie" ("id", "userId", "movieId", "rating", "updatedAt")
    SELECT gen_random_uuid()::text, ${user.id}, "id", 'LIKE', now() FROM "Movie"
    WHERE "tmdbId" >= ${firstTmdbId} AND "tmdbId" < ${firstTmdbId + rated}`;
  await db.$executeRaw`
    INSERT INTO "Watchlist" ("id", "userId", "movieId") SELECT gen_random_uuid()::text, ${user.id}, "id" FROM "Movie"
    WHERE "tmdbId" >= ${firstTmdbId + rated} AND "tmdbId" < ${last}`;
  await db.$executeRaw`
    INSERT INTO "Viewing" ("id", "userId", "movieId", "watchedOn", "rewatch")
    SELECT gen_random_uuid()::text, ${user.id}, m."id", date '2010-01-01' + n, n >= ${rated} FROM generate_series(0, ${viewed - 1}::int) AS n
    JOIN "Movie" m ON m."tmdbId" = ${firstTmdbId} + n % ${rated}`;
  return user.id;
}

/**
 * The streamed export as a client reads it: chunks counted and dropped. `sampleLive`: a GC before
 * every 4th heap sample, so the figure is what the export keeps alive, not garbage not yet collected
 * (slower: time it in a run without).
 */
async function streamed({ app, bearer }, userId, sampleLive = false) {
  settle();
  const before = heap();
  let peak = before;
  let bytes = 0;
  let chunks = 0;
  const started = performance.now();
  const response = await app.request("/export", { headers: { Authorization: bearer(userId) } });
  for await (const chunk of response.body) {
    bytes += chunk.byteLength;
    if (sampleLive && ++chunks % 4 === 0) settle();
    peak = Math.max(peak, heap());
  }
  return { peak: peak - before, ms: performance.now() - started, bytes };
}

/** The whole document in memory, then serialized: the export before it was streamed. */
async function wholeDocument(db, userId) {
  settle();
  const before = heap();
  const started = performance.now();
  const [ratings, watchlist, history] = await Promise.all([
    db.userMovie.findMany({ where: { userId }, include: { movie: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db.watchlist.findMany({ where: { userId }, include: { movie: true }, orderBy: [{ addedAt: "asc" }, { id: "asc" }] }),
    db.viewing.findMany({ where: { userId }, include: { movie: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  ]);
  settle(); // what the rows keep alive
  let peak = heap();
  const text = JSON.stringify(
    {
      version: 2,
      ratings: ratings.map((r) => ({ tmdbId: r.movie.tmdbId, title: r.movie.title, rating: r.rating, createdAt: r.createdAt })),
      watchlist: watchlist.map((w) => ({ tmdbId: w.movie.tmdbId, title: w.movie.title, priority: w.priority, addedAt: w.addedAt })),
      history: history.map((v) => ({ tmdbId: v.movie.tmdbId, title: v.movie.title, watchedOn: v.watchedOn, rewatch: v.rewatch })),
    },
    null,
    2,
  );
  peak = Math.max(peak, heap());
  return { peak: peak - before, ms: performance.now() - started, bytes: Buffer.byteLength(text) };
}

const database = scratchDatabase("watchlist_bench_export");
await database.create();
let api;
try {
  api = await inProcessApi(load, database.url, SECRET);
  const { db } = api;
  console.log("entries   streamed: peak heap   time      size  |  whole document: peak heap   time   |  heap ratio");
  let firstTmdbId = 10_000_000;
  for (const size of sizes) {
    const userId = await seedAccount(db, `bench${size}`, size, firstTmdbId);
    firstTmdbId += size;
    await streamed(api, userId); // warm-up: code paths compiled, pool connected
    const stream = { ...(await streamed(api, userId, true)), ms: (await streamed(api, userId)).ms };
    const whole = await wholeDocument(db, userId);
    console.log(
      `${String(size).padStart(7)}   ${(stream.peak / MB).toFixed(1).padStart(17)} MB ${stream.ms.toFixed(0).padStart(5)} ms ${(stream.bytes / MB).toFixed(1).padStart(6)} MB  |  ${(whole.peak / MB).toFixed(1).padStart(22)} MB ${whole.ms.toFixed(0).padStart(5)} ms  |  ${(whole.peak / Math.max(stream.peak, 1)).toFixed(1).padStart(8)}×`,
    );
  }
} finally {
  await api?.close();
  await database.drop();
}
