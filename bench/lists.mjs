#!/usr/bin/env node
// Lists at size (issue 18, "Speed"): `list show` of a 5,000-entry ranked list through the API against
// the 150 ms target, and `list move` (PUT …/entries/:tmdbId with `at`) from near the end to the top
// and back, with the SQL round trips of each request counted, side by side with a 500-entry list of
// the same member: round trips that do not grow with the list show the move is one statement, not
// one per entry it shifts. Through createApp() and app.request() (no socket), the compiled code:
//   npm run build && node bench/lists.mjs [--runs 30] [--sizes 500,5000]
// A scratch database is created on the PostgreSQL of BENCH_DATABASE_URL (default: the local server)
// and dropped at the end.
import { parseArgs } from "node:util";
import pg from "pg";
import { compiledModules, MIGRATIONS_DIR } from "./compiled.mjs";
import { scratchDatabase } from "./scratch-database.mjs";

const TARGET_MS = 150;
const SECRET = "bench-lists-secret-of-at-least-32-chars";
const FIRST_TMDB_ID = 20_000_000;

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "30" }, sizes: { type: "string", default: "500,5000" } },
});
const runs = Number(args.runs);
const sizes = args.sizes.split(",").map(Number);

const load = compiledModules("services/lists.js");
const { createDb } = await load("db/client.js");
const { silentLogger } = await load("logger.js");
const { applyMigrations } = await load("db/migrate.js");
const { createApp } = await load("api/app.js");
const { createCoordination } = await load("db/coordination.js");
const { signToken } = await load("auth/tokens.js");
const { showList } = await load("services/lists.js");

// Every round trip to PostgreSQL (Prisma's adapter runs on node-postgres; BEGIN and COMMIT count).
let queries = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (...queryArgs) {
  queries++;
  return query.apply(this, queryArgs);
};

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
};

/** The member's ranked list of `size` films (the first `size` of the seeded films), in one statement. */
async function seedList(db, userId, size) {
  const name = `ranked-${size}`;
  const [{ id }] = await db.$queryRaw`
    INSERT INTO "List" ("id", "ownerId", "name", "nameKey", "ranked", "visibility", "updatedAt")
    VALUES (gen_random_uuid()::text, ${userId}, ${name}, ${name}, true, 'PRIVATE', now()) RETURNING "id"`;
  await db.$executeRaw`
    INSERT INTO "ListEntry" ("id", "listId", "movieId", "position", "note", "addedById")
    SELECT gen_random_uuid()::text, ${id}, m."id", m."tmdbId" - ${FIRST_TMDB_ID - 1}, 'a note of a few words', ${userId}
    FROM "Movie" m WHERE m."tmdbId" BETWEEN ${FIRST_TMDB_ID} AND ${FIRST_TMDB_ID + size - 1}`;
  return name;
}

const database = scratchDatabase("watchlist_bench_lists");
await database.create();
let db;
let coordination;
try {
  await applyMigrations(database.url, MIGRATIONS_DIR);
  db = createDb(database.url, { poolSize: 5 });
  coordination = createCoordination(database.url);
  // tmdb: never asked (every film is cached and fresh).
  const app = createApp({ db, coordination, tmdb: {}, logger: silentLogger, jwtSecret: SECRET, jwtExpiresIn: "1h" });
  const user = await db.user.create({ data: { username: "bench", usernameKey: "bench", email: "bench@example.com", passwordHash: "x" } });
  const largest = Math.max(...sizes);
  const seeding = performance.now();
  await db.$executeRaw`
    INSERT INTO "Movie" ("id", "tmdbId", "title", "releaseDate", "runtime", "imdbId", "genres", "cast", "overview", "director")
    SELECT gen_random_uuid()::text, i, 'Film number ' || i || ', a title of some length', '2001-02-03', 100, 'tt' || i,
           '[{"id":18,"name":"Drama"},{"id":53,"name":"Thriller"}]'::jsonb,
           '[{"id":1,"name":"Someone Famous","character":"The Lead"},{"id":2,"name":"Someone Else","character":"The Other"}]'::jsonb,
           repeat('An overview of a film, as TMDB writes them. ', 8), 'A Director'
    FROM generate_series(${FIRST_TMDB_ID}::int, ${FIRST_TMDB_ID + largest - 1}::int) AS i`;
  const lists = [];
  for (const size of sizes) lists.push({ size, name: await seedList(db, user.id, size) });
  await db.$executeRawUnsafe(`VACUUM ANALYZE`);
  process.stderr.write(`seeded ${largest} films and lists of ${sizes.join(", ")} in ${(performance.now() - seeding).toFixed(0)} ms\n`);

  const headers = { Authorization: `Bearer ${signToken(user.id, SECRET, "1h")}`, "Content-Type": "application/json" };
  /** One request: its time, its round trips, its answer's size; fails loudly on a status but 200. */
  async function timed(method, path, body) {
    const before = queries;
    const started = performance.now();
    const response = await app.request(path, { method, headers, body: body && JSON.stringify(body) });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return { ms, queries: queries - before, bytes: text.length, json: JSON.parse(text) };
  }

  const results = new Map(lists.map((list) => [list.size, { show: [], service: [], move: [], showQueries: 0, moveQueries: [] }]));
  // Warm-up: code paths compiled, pool connected, session cached.
  for (const list of lists) {
    const { json } = await timed("GET", `/lists/bench/${list.name}`);
    if (json.entries.length !== list.size) throw new Error(`${list.name} shows ${json.entries.length} entries`);
  }
  // Interleaved rounds: the load of a shared machine weighs on every size alike.
  for (let round = 0; round < runs; round++) {
    for (const list of lists) {
      const result = results.get(list.size);
      const show = await timed("GET", `/lists/bench/${list.name}`);
      result.show.push(show.ms);
      result.showQueries = show.queries;
      result.bytes = show.bytes;
      // The service alone: the SQL and the rows mapped, without Hono's JSON answer.
      const started = performance.now();
      await showList(db, user.id, "bench", list.name);
      result.service.push(performance.now() - started);
      // Near the end (position size − size/50, e.g. 4,900 of 5,000) to 10, and back.
      const from = list.size - list.size / 50;
      const tmdbId = FIRST_TMDB_ID + from - 1;
      for (const [at, back] of [
        [10, from],
        [from, 10],
      ]) {
        const move = await timed("PUT", `/lists/bench/${list.name}/entries/${tmdbId}`, { at });
        if (move.json.position !== at) throw new Error(`moved to ${move.json.position}, not ${at} (from ${back})`);
        result.move.push(move.ms);
        result.moveQueries.push(move.queries);
      }
    }
  }
  // Positions still 1..n after all the moves.
  for (const list of lists) {
    const { json } = await timed("GET", `/lists/bench/${list.name}`);
    if (!json.entries.every((entry, i) => entry.position === i + 1)) throw new Error(`${list.name}: positions not 1..n`);
  }

  console.log(`${runs} interleaved rounds; target: list show < ${TARGET_MS} ms; a move's round trips do not grow with the list`);
  console.log("entries | GET show median  p95 | service median | answer   | SQL/show | PUT move median  p95 | SQL/move");
  const rows = lists.map((list) => {
    const result = results.get(list.size);
    const show = summary(result.show);
    const service = summary(result.service);
    const move = summary(result.move);
    const moveQueries = result.moveQueries.reduce((a, b) => a + b, 0) / result.moveQueries.length;
    console.log(
      `${String(list.size).padStart(7)} | ${show.median.toFixed(1).padStart(11)} ${show.p95.toFixed(1).padStart(5)} | ${service.median.toFixed(1).padStart(14)} | ${(result.bytes / 1024 / 1024).toFixed(2).padStart(5)} MB | ${String(result.showQueries).padStart(8)} | ${move.median.toFixed(1).padStart(15)} ${move.p95.toFixed(1).padStart(4)} | ${moveQueries.toFixed(1).padStart(8)}`,
    );
    return { size: list.size, show, move, moveQueries };
  });
  const [small, big] = [rows[0], rows.at(-1)];
  // Where the time goes: each statement's own time (Prisma's query events) in one more show and move.
  const statements = [];
  db.$on("query", (event) => statements.push({ ms: event.duration, sql: event.query.replace(/\s+/g, " ").slice(0, 70) }));
  for (const list of lists) {
    const from = list.size - list.size / 50;
    for (const [label, method, path, body] of [
      ["show", "GET", `/lists/bench/${list.name}`],
      ["move", "PUT", `/lists/bench/${list.name}/entries/${FIRST_TMDB_ID + from - 1}`, { at: 10 }],
      ["move back", "PUT", `/lists/bench/${list.name}/entries/${FIRST_TMDB_ID + from - 1}`, { at: from }],
    ]) {
      statements.length = 0;
      const { ms } = await timed(method, path, body);
      const slowest = [...statements].sort((a, b) => b.ms - a.ms)[0];
      const sql = statements.reduce((total, statement) => total + statement.ms, 0);
      console.log(
        `${String(list.size).padStart(7)} ${label.padEnd(9)} ${ms.toFixed(0).padStart(5)} ms, SQL ${sql.toFixed(0).padStart(4)} ms in ${statements.length} statements; slowest ${slowest.ms.toFixed(0)} ms: ${slowest.sql}`,
      );
    }
  }
  console.log(
    `${big.size} vs ${small.size} entries: show time ${(big.show.median / small.show.median).toFixed(1)}×, move time ${(big.move.median / small.move.median).toFixed(1)}×, SQL per move ${(big.moveQueries / small.moveQueries).toFixed(2)}×; show at ${big.size}: ${big.show.p95 < TARGET_MS ? "p95 under" : big.show.median < TARGET_MS ? "median under, p95 over" : "OVER"} ${TARGET_MS} ms`,
  );

  // The move's one UPDATE by itself (rolled back): with the activity log recording every row it
  // shifts (as a move does, for undo) and with its trigger returning early (no activity open).
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows: activities } = await client.query(`SELECT "id" FROM "Activity" ORDER BY "createdAt" DESC LIMIT 1`);
    for (const list of lists) {
      const from = list.size - list.size / 50;
      const { rows: before } = await client.query(`SELECT count(*)::int AS n FROM "ActivityChange"`);
      await timed("PUT", `/lists/bench/${list.name}/entries/${FIRST_TMDB_ID + from - 1}`, { at: 10 });
      const { rows: after } = await client.query(`SELECT count(*)::int AS n FROM "ActivityChange"`);
      await timed("PUT", `/lists/bench/${list.name}/entries/${FIRST_TMDB_ID + from - 1}`, { at: from });
      const shift = async (recorded) => {
        await client.query("BEGIN");
        if (recorded) await client.query(`SELECT set_config('watchlist.activity', $1, true)`, [activities[0].id]);
        const started = performance.now();
        await client.query(
          `UPDATE "ListEntry" SET "position" = CASE WHEN "position" = $2 THEN 10 ELSE "position" + 1 END
           WHERE "listId" = (SELECT "id" FROM "List" WHERE "name" = $1) AND "position" BETWEEN 10 AND $2`,
          [list.name, from],
        );
        const ms = performance.now() - started;
        await client.query("ROLLBACK");
        return ms;
      };
      const recorded = [];
      const unrecorded = [];
      for (let i = 0; i < 5; i++) {
        recorded.push(await shift(true));
        unrecorded.push(await shift(false));
      }
      console.log(
        `${String(list.size).padStart(7)} one move: ${after[0].n - before[0].n} activity rows; its UPDATE recorded ${summary(recorded).median.toFixed(0)} ms, unrecorded ${summary(unrecorded).median.toFixed(0)} ms (medians of 5)`,
      );
    }
  } finally {
    await client.end();
  }
} finally {
  await coordination?.close();
  await db?.$disconnect();
  await database.drop();
}
