#!/usr/bin/env node
// Where to watch at size (issue 21, "Speed"): `queue --on mine --max-cert 12A` over a 2,000-film queue
// must answer in < 100 ms at the API with one indexed query. GET /watchlist filtered that way and
// unfiltered, interleaved, side by side, with each request's SQL round trips counted, then EXPLAIN
// ANALYZE of the filtered listing's statement. Through createApp() and app.request() (no socket), the
// compiled code, on a seeded library (bench/seed-library.mjs) given where-to-watch data like TMDB's:
//   npm run build && node bench/where.mjs [--runs 30] [--films 20000] [--queue 2000] [--keep]
// A scratch database is created on the PostgreSQL of BENCH_DATABASE_URL (default: the local server)
// and dropped at the end.
import { parseArgs } from "node:util";
import pg from "pg";
import { compiledModules, inProcessApi } from "./compiled.mjs";
import { countQueries, summary } from "./measure.mjs";
import { scratchDatabase } from "./scratch-database.mjs";
import { insertLibrary, makeMovies, makeUsers, prng } from "./seed-library.mjs";

const TARGET_MS = 100;
const SECRET = "bench-where-secret-of-at-least-32-chars";
const FILTERED = "/watchlist?on=mine&maxCert=12A";
const UNFILTERED = "/watchlist";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    films: { type: "string", default: "20000" },
    queue: { type: "string", default: "2000" },
    users: { type: "string", default: "300" },
    keep: { type: "boolean", default: false },
  },
});
const runs = Number(args.runs);

const load = compiledModules("services/film-filters.js");

const queries = countQueries();

/**
 * TMDB's where-to-watch data for every film, made up in SQL with a fixed seed: original language and
 * production countries, a certification in 9 of 10 (film, region) pairs of ten regions, watch
 * providers in 7 of 10 (0–3 subscriptions, sometimes free or with ads, rent and buy), all fresh.
 */
async function seedWhereToWatch(client) {
  await client.query(`SELECT setseed(0.21)`);
  await client.query(`
    UPDATE "Movie" SET
      "originalLanguage" = (ARRAY['en','en','en','en','en','en','fr','ja','ko','de','es','it'])[1 + floor(random() * 12)::int],
      "countries" = string_to_array((ARRAY['US','US,GB','GB','FR','JP','KR','DE,FR','US,CA'])[1 + floor(random() * 8)::int], ','),
      "providersFetchedAt" = now()`);
  await client.query(`
    CREATE TEMP TABLE scale (region text, certs text[]);
    INSERT INTO scale VALUES
      ('US', ARRAY['G','PG','PG-13','R','NC-17']), ('GB', ARRAY['U','PG','12A','12','15','18']),
      ('DE', ARRAY['0','6','12','16','18']), ('FR', ARRAY['U','12','16','18']), ('JP', ARRAY['G','PG12','R15+','R18+']),
      ('KR', ARRAY['All','12','15','18']), ('CA', ARRAY['G','PG','14A','18A','R']), ('AU', ARRAY['G','PG','M','MA15+','R18+']),
      ('ES', ARRAY['A','7','12','16','18']), ('IT', ARRAY['T','6+','14+','18+'])`);
  await client.query(`
    INSERT INTO "MovieCertification" ("movieId", "region", "certification", "fetchedAt")
    SELECT m."id", s.region, s.certs[1 + floor(random() * array_length(s.certs, 1))::int], now()
    FROM "Movie" m CROSS JOIN scale s WHERE random() < 0.9`);
  await client.query(`
    UPDATE "Movie" m SET "certifications" = c.json
    FROM (SELECT "movieId", jsonb_object_agg("region", "certification") AS json FROM "MovieCertification" GROUP BY 1) c
    WHERE c."movieId" = m."id"`);
  await client.query(`
    INSERT INTO "MovieWatchRegion" ("movieId", "region", "link", "fetchedAt")
    SELECT m."id", s.region, 'https://www.themoviedb.org/movie/' || m."tmdbId" || '/watch?locale=' || s.region, now()
    FROM "Movie" m CROSS JOIN scale s WHERE random() < 0.7`);
  // Subscriptions from 12 services (Netflix 8 and Disney Plus 337 among them), free and ads from 3, stores from 3.
  await client.query(`
    INSERT INTO "MovieProvider" ("movieId", "region", "kind", "providerId", "providerName", "displayPriority")
    SELECT DISTINCT ON (r."movieId", r."region", o.kind, o.id) r."movieId", r."region", o.kind::"ProviderKind", o.id, 'Provider ' || o.id, o.id % 50
    FROM "MovieWatchRegion" r CROSS JOIN LATERAL (
      SELECT 'FLATRATE' AS kind, (ARRAY[8,9,337,11,39,350,531,1899,386,15,283,2])[1 + floor(random() * 12)::int] AS id
        FROM generate_series(1, floor(random() * 4)::int + (r."movieId" IS NULL)::int) -- (always + 0: ties the count to the row)
      UNION ALL SELECT 'FREE', (ARRAY[38,538,73])[1 + floor(random() * 3)::int] WHERE random() < 0.1
      UNION ALL SELECT 'ADS', (ARRAY[2100,73,300])[1 + floor(random() * 3)::int] WHERE random() < 0.15
      UNION ALL SELECT 'RENT', id FROM unnest(ARRAY[2,10]) AS id WHERE random() < 0.8
      UNION ALL SELECT 'BUY', id FROM unnest(ARRAY[2,10,3]) AS id WHERE random() < 0.8
    ) o`);
  await client.query(`VACUUM ANALYZE`);
}

const database = scratchDatabase("watchlist_bench_where");
await database.create();
let api;
let client;
try {
  // tmdb: never asked (every film is fresh; the filter's certification scale for GB is known by heart).
  api = await inProcessApi(load, database.url, SECRET);
  const { db, app } = api;
  const seeding = performance.now();
  const random = prng(21);
  const movies = makeMovies({ count: Number(args.films), random });
  const library = makeUsers({
    count: Number(args.users),
    ratingsEach: 40,
    subjectRatings: 300,
    subjectQueue: Number(args.queue),
    movies,
    random,
  });
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await insertLibrary(client, { movies, ...library });
  const library_ms = performance.now() - seeding;
  await seedWhereToWatch(client);
  process.stderr.write(
    `library ${library_ms.toFixed(0)} ms, where-to-watch data ${(performance.now() - seeding - library_ms).toFixed(0)} ms\n`,
  );
  const subject = library.users[0];
  // Everyone else queues a hundred films: the subject's queue is found by its index, not by a scan.
  await client.query(
    `INSERT INTO "Watchlist" ("id", "userId", "movieId", "priority")
     SELECT gen_random_uuid()::text, u."id", m."id", 'MEDIUM'
     FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS n FROM "User" WHERE "id" <> $1) u
     JOIN "Movie" m ON m."tmdbId" % 200 = u.n % 200`,
    [library.users[0].id],
  );
  await client.query(`ANALYZE "Watchlist"`);
  // The member's region and services come from their profile, as `profile set --region GB --services 8,337`.
  await client.query(
    `INSERT INTO "Profile" ("id", "userId", "region", "services", "updatedAt") VALUES (gen_random_uuid()::text, $1, 'GB', ARRAY[8,337], now())`,
    [subject.id],
  );
  const { rows: counts } = await client.query(
    `SELECT (SELECT count(*) FROM "Movie")::int AS films, (SELECT count(*) FROM "Watchlist" WHERE "userId" = $1)::int AS queue,
            (SELECT count(*) FROM "MovieProvider")::int AS providers, (SELECT count(*) FROM "MovieCertification")::int AS certifications`,
    [subject.id],
  );
  process.stderr.write(
    `seeded ${counts[0].films} films (${counts[0].providers} provider rows, ${counts[0].certifications} certifications), a queue of ${counts[0].queue}, in ${(performance.now() - seeding).toFixed(0)} ms\n`,
  );

  const headers = { Authorization: api.bearer(subject.id) };
  async function timed(path) {
    const before = queries.count;
    const started = performance.now();
    const response = await app.request(path, { headers });
    const text = await response.text();
    const ms = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${text}`);
    return { ms, queries: queries.count - before, rows: JSON.parse(text).length, refreshing: response.headers.get("Watchlist-Refreshing") };
  }

  const cases = [
    { label: "queue", path: UNFILTERED, samples: [] },
    { label: "queue --on mine --max-cert 12A", path: FILTERED, samples: [] },
  ];
  for (const entry of cases) Object.assign(entry, await timed(entry.path)); // warm-up
  for (let round = 0; round < runs; round++) {
    for (const entry of cases) {
      const result = await timed(entry.path);
      entry.samples.push(result.ms);
      entry.queries = result.queries;
    }
  }
  console.log(
    `${runs} interleaved rounds over a queue of ${counts[0].queue} (region GB from the profile, services 8 and 337); target: filtered < ${TARGET_MS} ms`,
  );
  console.log("request                          | films | median ms | p95 ms | SQL/request | refreshing");
  for (const entry of cases) {
    const { median, p95 } = summary(entry.samples);
    Object.assign(entry, { median, p95 });
    console.log(
      `${entry.label.padEnd(32)} | ${String(entry.rows).padStart(5)} | ${median.toFixed(1).padStart(9)} | ${p95.toFixed(1).padStart(6)} | ${String(entry.queries).padStart(11)} | ${entry.refreshing ?? 0}`,
    );
  }
  const [plain, filtered] = cases;
  console.log(
    `filtered / unfiltered: ${(filtered.median / plain.median).toFixed(2)}× (median); filtered ${filtered.p95 < TARGET_MS ? "p95 under" : filtered.median < TARGET_MS ? "median under, p95 over" : "OVER"} ${TARGET_MS} ms`,
  );

  // The filtered listing's statement, as Prisma sent it, explained.
  const statements = [];
  db.$on("query", (event) => statements.push(event));
  await timed(FILTERED);
  console.log(`\nthe statements of one filtered request (ms each, as Prisma timed them; the last two run together):`);
  for (const event of statements) console.log(`  ${String(event.duration).padStart(4)}  ${event.query.replace(/\s+/g, " ").slice(0, 100)}`);
  const listing = statements.find(
    (event) => event.query.includes(`FROM "Watchlist" w JOIN "Movie" m`) && event.query.includes("MovieProvider"),
  );
  const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${listing.query}`, JSON.parse(listing.params));
  console.log(`\nEXPLAIN ANALYZE of the filtered listing:`);
  for (const row of plan.rows) console.log(`  ${row["QUERY PLAN"]}`);
} finally {
  await client?.end();
  await api?.close();
  if (args.keep) process.stderr.write(`kept the database: ${database.url}\n`);
  else await database.drop();
}
