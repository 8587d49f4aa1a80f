#!/usr/bin/env node
// Lists at size (issue 18, "Speed"), before and after side by side in one run, a 5,000-entry ranked
// list beside a 500-entry one of the same member:
// - `list show` against the 150 ms target: GET /lists/:owner/:name answering the whole list (its
//   answer without `limit`), from the films' JSON the server keeps, and cold: in a region whose films'
//   JSON the server does not keep, so each film is read and encoded again, as after a restart. Then the pages the CLI asks for (`?limit=1000`, the next page's cursor
//   in X-Next-Cursor): the first page's time, and all pages' together.
// - `list move` (PUT …/entries/:tmdbId with `at`) from near the end to 10 and back, with the SQL
//   round trips of each request counted (a count that does not grow with the list shows the move is
//   one statement, not one per entry it shifts) and the activity rows it records. After: the moved
//   entry and the List row recorded. Before: every entry the move shifts recorded too, as the
//   activity trigger did until the `list_shift_one_change` migration (a trigger recording exactly
//   those rows is switched on in the scratch database for the "before" requests).
// Timed over HTTP against `watchlist serve` in its own process (as deployed: the answer's time is
// until its last byte has arrived, and the bench's own parsing of 4.5 MB answers does not share the
// server's heap); round trips and statements counted through createApp() and app.request() in this
// process, on the same database. The compiled code:
//   npm run build && node bench/lists.mjs [--runs 20] [--sizes 500,5000]
// A scratch database is created on the PostgreSQL of BENCH_DATABASE_URL (default: the local server)
// and dropped at the end.
import { request } from "node:http";
import { parseArgs } from "node:util";
import { compiledModules, inProcessApi } from "./compiled.mjs";
import { countQueries, summary } from "./measure.mjs";
import { scratchDatabase } from "./scratch-database.mjs";
import { insertNumberedFilms } from "./seed-library.mjs";
import { startServe } from "./serve.mjs";

const TARGET_MS = 150;
const SECRET = "bench-lists-secret-of-at-least-32-chars";
const FIRST_TMDB_ID = 20_000_000;
/** The CLI's page (src/cli/commands/lists.cts). */
const PAGE = 1_000;

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "20" }, sizes: { type: "string", default: "500,5000" } },
});
const runs = Number(args.runs);
const sizes = args.sizes.split(",").map(Number);

const load = compiledModules("services/lists.js");

const queries = countQueries();
const mean = (samples) => samples.reduce((a, b) => a + b, 0) / samples.length;

/** A ranked list of the member named `name`, of `size` films (the first `size` of the seeded films), in one statement. */
async function seedList(db, userId, name, size) {
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
let api;
let server;
try {
  api = await inProcessApi(load, database.url, SECRET);
  const { db, app } = api;
  const user = await db.user.create({ data: { username: "bench", usernameKey: "bench", email: "bench@example.com", passwordHash: "x" } });
  const seeding = performance.now();
  await insertNumberedFilms(db, FIRST_TMDB_ID, Math.max(...sizes));
  const lists = [];
  // Each size twice: one list shown, one moved. A move rewrites the thousands of entries it shifts
  // (MVCC), so a list moved 4·runs times sits in a table many times its size, which a list of a
  // server left alone does not: the shown one is never moved.
  for (const size of sizes) {
    lists.push({
      size,
      name: await seedList(db, user.id, `ranked-${size}`, size),
      moved: await seedList(db, user.id, `moved-${size}`, size),
    });
  }
  // "Before": the rows the migration stopped recording (the complement of ListEntry_activity_update's WHEN).
  await db.$executeRawUnsafe(`
    CREATE TRIGGER "ListEntry_activity_shifted_before" AFTER UPDATE ON "ListEntry"
    FOR EACH ROW WHEN (
      split_part(coalesce(current_setting('watchlist.list_shift', true), ''), '/', 1) = NEW."listId"
      AND split_part(coalesce(current_setting('watchlist.list_shift', true), ''), '/', 2) <> NEW."id"
      AND (to_jsonb(OLD) - 'position') = (to_jsonb(NEW) - 'position'))
    EXECUTE FUNCTION "record_activity_change"()`);
  const recordShifted = (on) =>
    db.$executeRawUnsafe(`ALTER TABLE "ListEntry" ${on ? "ENABLE" : "DISABLE"} TRIGGER "ListEntry_activity_shifted_before"`);
  await recordShifted(false);
  await db.$executeRawUnsafe(`VACUUM ANALYZE`);
  process.stderr.write(
    `seeded ${Math.max(...sizes)} films and lists of ${sizes.join(", ")} in ${(performance.now() - seeding).toFixed(0)} ms\n`,
  );

  // TMDB: never asked (every film is cached and fresh); a closed port in case.
  server = await startServe({
    DATABASE_URL: database.url,
    JWT_SECRET: SECRET,
    TMDB_BASE_URL: "http://127.0.0.1:9",
    TMDB_API_KEY: "unused",
  });
  const headers = { Authorization: api.bearer(user.id), "Content-Type": "application/json" };
  const activityRows = async () => (await db.$queryRaw`SELECT count(*)::int AS n FROM "ActivityChange"`)[0].n;
  /**
   * One request to the served API: its time until the answer's last byte arrived (node:http, the
   * bytes kept as they come: fetch's web streams added 60–90 ms of the client's own work to a 4.5 MB
   * answer), then its answer; fails loudly on a status but 200.
   */
  async function timed(method, path, body, moreHeaders = {}) {
    const started = performance.now();
    const { status, chunks, next } = await new Promise((resolve, reject) => {
      const outgoing = request(server.url + path, { method, headers: { ...headers, ...moreHeaders } }, (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode, chunks, next: response.headers["x-next-cursor"] ?? null }));
      });
      outgoing.on("error", reject);
      outgoing.end(body && JSON.stringify(body));
    });
    const ms = performance.now() - started;
    const bytes = Buffer.concat(chunks);
    if (status !== 200) throw new Error(`${method} ${path}: ${status} ${bytes}`);
    return { ms, bytes: bytes.length, json: JSON.parse(bytes.toString()), next };
  }
  /** The same request through this process's app: its time and its round trips to PostgreSQL. */
  async function counted(method, path, body) {
    const before = queries.count;
    const started = performance.now();
    const response = await app.request(path, { method, headers, body: body && JSON.stringify(body) });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return { ms: performance.now() - started, queries: queries.count - before };
  }
  /** The list as the CLI reads it: page after page; the first page's time and all of them. */
  async function timedPages(name) {
    const first = await timed("GET", `/lists/bench/${name}?limit=${PAGE}`);
    let { next } = first;
    const entries = [...first.json.entries];
    let ms = first.ms;
    while (next) {
      const page = await timed("GET", `/lists/bench/${name}?limit=${PAGE}&cursor=${next}`);
      entries.push(...page.json.entries);
      ms += page.ms;
      next = page.next;
    }
    return { first, all: ms, entries };
  }

  // Cold: the server keeps each film's JSON per region (its certification), so a region whose JSON
  // it does not keep reads and encodes every film again; the kept ones stay as they are. It keeps
  // some six regions of 5,000 films: going round more than that, each is read afresh.
  const coldRegions = (function* () {
    for (;;) yield* ["GB", "FR", "DE", "ES", "IT", "NL", "SE", "NO", "DK", "FI", "PL", "PT", "IE", "BE", "AT", "CH"];
  })();
  const results = new Map(
    lists.map((list) => [
      list.size,
      {
        show: { before: [], cold: [], first: [], all: [] },
        move: { before: [], after: [] },
        rows: { before: [], after: [] },
        moveQueries: [],
      },
    ]),
  );
  // Warm-up: code paths compiled, pool connected, session cached; the pages together are the whole list.
  for (const list of lists) {
    const { json } = await timed("GET", `/lists/bench/${list.name}`);
    if (json.entries.length !== list.size) throw new Error(`${list.name} shows ${json.entries.length} entries`);
    const { entries } = await timedPages(list.name);
    if (JSON.stringify(entries) !== JSON.stringify(json.entries)) throw new Error(`${list.name}: the pages differ from the whole`);
  }
  // Interleaved rounds: the load of a shared machine weighs on every size and both ways alike.
  for (let round = 0; round < runs; round++) {
    for (const list of lists) {
      const result = results.get(list.size);
      const whole = await timed("GET", `/lists/bench/${list.name}`);
      result.show.before.push(whole.ms);
      result.bytes = whole.bytes;
      result.show.cold.push(
        (await timed("GET", `/lists/bench/${list.name}`, undefined, { "Watchlist-Region": coldRegions.next().value })).ms,
      );
      const pages = await timedPages(list.name);
      result.show.first.push(pages.first.ms);
      result.show.all.push(pages.all);
      result.firstBytes = pages.first.bytes;
      // Near the end (position size − size/50, e.g. 4,900 of 5,000) to 10, and back; before and after.
      const from = list.size - list.size / 50;
      const tmdbId = FIRST_TMDB_ID + from - 1;
      for (const way of round % 2 ? ["before", "after"] : ["after", "before"]) {
        await recordShifted(way === "before");
        for (const at of [10, from]) {
          const rows = await activityRows();
          const move = await timed("PUT", `/lists/bench/${list.moved}/entries/${tmdbId}`, { at });
          if (move.json.position !== at) throw new Error(`moved to ${move.json.position}, not ${at}`);
          result.move[way].push(move.ms);
          result.rows[way].push((await activityRows()) - rows);
        }
      }
      await recordShifted(false);
    }
  }
  // Positions still 1..n after all the moves.
  for (const list of lists) {
    const { json } = await timed("GET", `/lists/bench/${list.moved}`);
    if (!json.entries.every((entry, i) => entry.position === i + 1)) throw new Error(`${list.name}: positions not 1..n`);
  }

  // Where the time goes, through this process's app: each statement's own time (Prisma's query
  // events) and the round trips of one more show and move each way (the positions end as they were).
  const statements = [];
  db.$on("query", (event) => statements.push({ ms: event.duration, sql: event.query.replace(/\s+/g, " ").slice(0, 70) }));
  for (const list of lists) {
    const from = list.size - list.size / 50;
    for (const [label, method, path, body] of [
      ["show page", "GET", `/lists/bench/${list.name}?limit=${PAGE}`],
      ["show whole", "GET", `/lists/bench/${list.name}`],
      ["move", "PUT", `/lists/bench/${list.moved}/entries/${FIRST_TMDB_ID + from - 1}`, { at: 10 }],
      ["move back", "PUT", `/lists/bench/${list.moved}/entries/${FIRST_TMDB_ID + from - 1}`, { at: from }],
    ]) {
      statements.length = 0;
      const { ms: total, queries: roundTrips } = await counted(method, path, body);
      const result = results.get(list.size);
      if (label === "show page") result.showQueries = roundTrips;
      else if (label.startsWith("move")) result.moveQueries.push(roundTrips);
      const slowest = [...statements].sort((a, b) => b.ms - a.ms)[0];
      const sql = statements.reduce((sum, statement) => sum + statement.ms, 0);
      console.log(
        `${String(list.size).padStart(7)} ${label.padEnd(10)} ${total.toFixed(0).padStart(5)} ms, SQL ${sql.toFixed(0).padStart(4)} ms in ${statements.length} statements; slowest ${slowest.ms.toFixed(0)} ms: ${slowest.sql}`,
      );
    }
  }

  const ms = (s) => `${s.median.toFixed(0).padStart(5)} ${s.p95.toFixed(0).padStart(5)}`;
  console.log(`${runs} interleaved rounds; medians and p95 in ms; target: list show < ${TARGET_MS} ms; pages of ${PAGE}`);
  console.log(
    "entries | show whole                | cold        | first page      | all pages   | move before   after  ×  | rows/move before after | SQL/move",
  );
  const rows = lists.map((list) => {
    const r = results.get(list.size);
    const show = { before: summary(r.show.before), cold: summary(r.show.cold), first: summary(r.show.first), all: summary(r.show.all) };
    const move = { before: summary(r.move.before), after: summary(r.move.after) };
    const moveQueries = mean(r.moveQueries);
    console.log(
      `${String(list.size).padStart(7)} | ${ms(show.before)} ${(r.bytes / 1024 / 1024).toFixed(2)} MB | ${ms(show.cold)} | ${ms(show.first)} ${(show.before.median / show.first.median).toFixed(1).padStart(4)}× | ${ms(show.all)} | ${ms(move.before)} ${ms(move.after)} ${(move.before.median / move.after.median).toFixed(1).padStart(4)} | ${mean(r.rows.before).toFixed(0).padStart(16)} ${mean(r.rows.after).toFixed(0).padStart(5)} | ${moveQueries.toFixed(1).padStart(8)}`,
    );
    return { size: list.size, show, move, moveQueries, showQueries: r.showQueries };
  });
  const [small, big] = [rows[0], rows.at(-1)];
  const verdict = (s) => `${s.p95 < TARGET_MS ? "p95 under" : s.median < TARGET_MS ? "median under, p95 over" : "OVER"} ${TARGET_MS} ms`;

  console.log(
    `${big.size} entries: show whole ${big.show.before.median.toFixed(0)} ms (${verdict(big.show.before)}), cold ${big.show.cold.median.toFixed(0)} ms (${verdict(big.show.cold)}), first page ${big.show.first.median.toFixed(0)} ms (${verdict(big.show.first)}, ${big.showQueries} statements), all pages ${big.show.all.median.toFixed(0)} ms; move ${big.move.before.median.toFixed(0)} → ${big.move.after.median.toFixed(0)} ms; SQL per move ${big.size} vs ${small.size} entries: ${(big.moveQueries / small.moveQueries).toFixed(2)}×`,
  );
} finally {
  server?.child.kill();
  await api?.close();
  await database.drop();
}
