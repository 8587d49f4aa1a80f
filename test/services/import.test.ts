// The import service against real PostgreSQL and the fake TMDB: documents v1/v2, batches of the wire
// format, matching (IMDb /find, titles), memory of misses, idempotence, resume, dry run, dates.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { Db } from "../../src/db/client.js";
import { exportChunks } from "../../src/services/export.js";
import { type batchEntrySchema, type ImportDeps, parseImportBody, runImport } from "../../src/services/import/index.js";
import { recordRating } from "../../src/services/ratings.js";
import { backgroundRefreshesDone } from "../../src/services/watch-refresh.js";
import { FAKE_TV_IMDB_ID, type FakeTmdb, fakeMovies, UNKNOWN_IMDB_ID, UNKNOWN_TMDB_ID } from "../fake-tmdb/index.js";
import { useImportTestbed } from "../helpers/import.js";

/** The account's export document, as `GET /export` streams it. */
async function exportAccount(db: Db, userId: string, now = new Date()) {
  let text = "";
  for await (const chunk of exportChunks(db, userId, "json", now)) text += chunk;
  return JSON.parse(text);
}

let db: Db;
let fake: FakeTmdb;
let deps: ImportDeps;

beforeAll(async () => {
  ({ db, fake, deps } = await useImportTestbed());
});
afterAll(() => fake.close());
beforeEach(async () => {
  fake.setDown(false);
  await db.user.deleteMany();
  await db.tmdbLookup.deleteMany();
});

let users = 0;
async function user() {
  const name = `import${++users}`;
  return db.user.create({ data: { email: `${name}@example.com`, username: name, usernameKey: name.toLowerCase(), passwordHash: "x" } });
}

/** A document as it travels: JSON text parsed back, then validated and imported like POST /import. */
const importDocument = async (userId: string, doc: unknown, options: { dryRun?: boolean } = {}) =>
  runImport(deps, userId, await parseImportBody(JSON.parse(JSON.stringify(doc))), options);

/** An entry as the CLI sends it (dates as strings). */
type Entry = z.input<typeof batchEntrySchema>;
const importBatch = async (
  userId: string,
  entries: Entry[],
  { dryRun = false, format = "letterboxd", importId = randomUUID() }: { dryRun?: boolean; format?: string; importId?: string } = {},
) => runImport(deps, userId, await parseImportBody(JSON.parse(JSON.stringify({ importId, format, entries }))), { dryRun });

/** TMDB requests made while `work` runs and the details it leaves to fill in after, by path. */
async function tmdbCalls(work: () => Promise<unknown>): Promise<string[]> {
  await backgroundRefreshesDone(db);
  const before = fake.requests.length;
  await work();
  await backgroundRefreshesDone(db);
  return fake.requests.slice(before).map((request) => request.path);
}
/** The genre list is asked once per TMDB client (search answers carry genre ids only). */
const filmCalls = (calls: string[]) => calls.filter((path) => path !== "/genre/movie/list");

const ratingsOf = (userId: string) =>
  db.userMovie.findMany({ where: { userId }, include: { movie: true }, orderBy: { movie: { tmdbId: "asc" } } });

describe("documents (version 1, kept from the first import)", () => {
  const seedDocument = {
    version: 1,
    ratings: [
      {
        tmdbId: fakeMovies.inception.id,
        rating: "SUPER_LIKE",
        watched: true,
        createdAt: "2024-01-02T03:04:05.678Z",
        updatedAt: "2024-02-03T04:05:06.789Z",
      },
      {
        tmdbId: fakeMovies.spiritedAway.id,
        rating: "OK",
        watched: false,
        createdAt: "2023-05-06T07:08:09.000Z",
        updatedAt: "2023-05-06T07:08:09.000Z",
      },
    ],
    watchlist: [{ tmdbId: fakeMovies.arrival.id, priority: "HIGH", addedAt: "2024-03-04T05:06:07.000Z" }],
  };

  it("round trip: an export imported into an empty account exports identically; a second import changes nothing", async () => {
    const source = await user();
    const target = await user();
    await importDocument(source.id, seedDocument);
    const exported = await exportAccount(db, source.id, new Date("2025-01-01T00:00:00Z"));
    const report = await importDocument(target.id, exported);
    expect(report).toMatchObject({
      format: "watchlist",
      dryRun: false,
      ratings: { added: 2, updated: 0, unchanged: 0 },
      watchlist: { added: 1, updated: 0, unchanged: 0 },
      history: { added: 0, updated: 0, unchanged: 0 },
      removedFromQueue: 0,
      skipped: [],
      unmatched: [],
    });
    const again = await exportAccount(db, target.id, new Date("2025-01-01T00:00:00Z"));
    expect({ ...again, user: undefined }).toEqual({ ...exported, user: undefined });
    const second = await importDocument(target.id, exported);
    expect(second).toMatchObject({ ratings: { added: 0, updated: 0, unchanged: 2 }, watchlist: { added: 0, updated: 0, unchanged: 1 } });
  });

  it("a dry run counts exactly and writes nothing", async () => {
    const owner = await user();
    await importDocument(owner.id, seedDocument);
    const before = await exportAccount(db, owner.id, new Date("2025-01-01T00:00:00Z"));
    const report = await importDocument(
      owner.id,
      {
        version: 1,
        ratings: [
          { tmdbId: fakeMovies.inception.id, rating: "LIKE" },
          { tmdbId: fakeMovies.arrival.id, rating: "LIKE" },
        ],
        watchlist: [{ tmdbId: fakeMovies.dune2021.id, priority: "LOW" }],
      },
      { dryRun: true },
    );
    expect(report).toMatchObject({
      dryRun: true,
      ratings: { added: 1, updated: 1, unchanged: 0 },
      watchlist: { added: 1, updated: 0, unchanged: 0 },
      removedFromQueue: 1,
    });
    expect(await exportAccount(db, owner.id, new Date("2025-01-01T00:00:00Z"))).toEqual(before);
  });

  it("keeps a movie from being both rated and queued", async () => {
    const owner = await user();
    await importDocument(owner.id, seedDocument); // Arrival queued, Inception rated
    const report = await importDocument(owner.id, {
      version: 1,
      ratings: [
        { tmdbId: fakeMovies.arrival.id, rating: "LIKE" },
        { tmdbId: fakeMovies.dune2021.id, rating: "OK" },
      ],
      watchlist: [
        { tmdbId: fakeMovies.inception.id, priority: "HIGH" },
        { tmdbId: fakeMovies.dune2021.id, priority: "LOW" },
      ],
    });
    expect(report.removedFromQueue).toBe(1);
    expect(report.skipped.map((item) => item.tmdbId).sort()).toEqual([fakeMovies.inception.id, fakeMovies.dune2021.id].sort());
    const doc = await exportAccount(db, owner.id);
    expect(doc.watchlist).toEqual([]);
    expect(doc.ratings).toHaveLength(4);
  });

  it("keeps the rule under concurrency: ratings racing an import that queues the same movies", async () => {
    const owner = await user();
    const ids = [fakeMovies.tenet.id, fakeMovies.dunkirk.id, fakeMovies.prestige.id, fakeMovies.sicario.id];
    const doc = { version: 1, watchlist: ids.map((tmdbId) => ({ tmdbId, priority: "HIGH" })) };
    await Promise.all([importDocument(owner.id, doc), ...ids.map((id) => recordRating(deps, owner.id, id, "LIKE"))]);
    const both = await db.userMovie.count({ where: { userId: owner.id, movie: { watchlist: { some: { userId: owner.id } } } } });
    expect(both).toBe(0);
    expect(await db.userMovie.count({ where: { userId: owner.id } })).toBe(ids.length);
  });

  it("lists a movie TMDB does not know as unmatched and imports the rest", async () => {
    const owner = await user();
    const report = await importDocument(owner.id, {
      version: 1,
      ratings: [
        { tmdbId: UNKNOWN_TMDB_ID, title: "Gone", year: 1990, rating: "LIKE" },
        { tmdbId: fakeMovies.inception.id, rating: "LIKE" },
      ],
    });
    expect(report.ratings.added).toBe(1);
    expect(report.unmatched).toEqual([{ title: "Gone", year: 1990, source: "ratings[0]", tmdbId: UNKNOWN_TMDB_ID }]);
  });

  it("fails before writing anything when TMDB is down", async () => {
    const owner = await user();
    fake.setDown(true);
    await expect(
      importDocument(owner.id, { version: 1, ratings: [{ tmdbId: fakeMovies.memento.id, rating: "LIKE" }] }),
    ).rejects.toMatchObject({
      kind: "unavailable",
    });
    expect(await db.userMovie.count({ where: { userId: owner.id } })).toBe(0);
  });

  it("refuses what is not an export, naming the formats", async () => {
    await expect(parseImportBody({ version: 4, ratings: [] })).rejects.toThrow(/version must be 1, 2 or 3/);
    await expect(parseImportBody({ version: 1, ratings: [{ tmdbId: 1, rating: "MEH" }] })).rejects.toThrow(/ratings\.0\.rating/);
    await expect(parseImportBody({ version: 1, ratings: [{ tmdbId: 1, rating: "LIKE", createdAt: "yesterday" }] })).rejects.toThrow();
    await expect(parseImportBody({ hello: 1 })).rejects.toThrow(/letterboxd\|imdb\|watchlist/);
    await expect(parseImportBody([1, 2])).rejects.toThrow(/version 1, 2 or 3/);
  });

  it("refuses timestamps out of any plausible range, or updated before created", async () => {
    const rating = (createdAt: string, updatedAt: string) => ({
      version: 1,
      ratings: [{ tmdbId: 1, rating: "LIKE", createdAt, updatedAt }],
    });
    await expect(parseImportBody(rating("9999-12-31T00:00:00Z", "9999-12-31T00:00:00Z"))).rejects.toThrow();
    await expect(parseImportBody(rating("0001-01-01T00:00:00Z", "2020-01-01T00:00:00Z"))).rejects.toThrow();
    await expect(parseImportBody(rating("2021-01-01T00:00:00Z", "2020-01-01T00:00:00Z"))).rejects.toThrow();
    await expect(parseImportBody(rating("2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"))).resolves.toBeDefined();
  });
});

describe("documents (version 2, with the viewing history)", () => {
  it("imports the history with its dates and rewatches, once", async () => {
    const owner = await user();
    const doc = {
      version: 2,
      ratings: [
        { tmdbId: fakeMovies.memento.id, rating: "LIKE", createdAt: "2021-03-01T10:00:00.000Z", updatedAt: "2021-03-01T10:00:00.000Z" },
      ],
      watchlist: [],
      history: [
        { tmdbId: fakeMovies.memento.id, title: "Memento", year: 2000, watchedOn: "2021-02-28", rewatch: false },
        { tmdbId: fakeMovies.memento.id, title: "Memento", year: 2000, watchedOn: "2023-07-01", rewatch: true },
        { tmdbId: fakeMovies.alien.id, title: "Alien", year: 1979, watchedOn: null, rewatch: false },
      ],
    };
    const report = await importDocument(owner.id, doc);
    expect(report).toMatchObject({ ratings: { added: 1 }, history: { added: 3, unchanged: 0 }, unmatched: [] });
    const viewings = await db.viewing.findMany({ where: { userId: owner.id }, include: { movie: true }, orderBy: { watchedOn: "asc" } });
    expect(viewings.map((v) => [v.movie.tmdbId, v.watchedOn?.toISOString().slice(0, 10) ?? null, v.rewatch])).toEqual([
      [fakeMovies.memento.id, "2021-02-28", false],
      [fakeMovies.memento.id, "2023-07-01", true],
      [fakeMovies.alien.id, null, false],
    ]);
    const again = await importDocument(owner.id, doc);
    expect(again.history).toEqual({ added: 0, updated: 0, unchanged: 3 });
    expect(await db.viewing.count({ where: { userId: owner.id } })).toBe(3);
  });
});

describe("batches: matching", () => {
  it("matches IMDb ids through /find, stores the IMDb id, and then needs no TMDB call", async () => {
    const first = await user();
    const entry = { ref: "ratings.csv line 2", imdbId: "tt0133093", title: "The Matrix", year: 1999, rating: "SUPER_LIKE" as const };
    const calls = await tmdbCalls(() => importBatch(first.id, [entry], { format: "imdb" }));
    // The /find answer matches and stores the film; its details follow in the background.
    expect(filmCalls(calls)).toEqual(["/find/tt0133093", `/movie/${fakeMovies.matrix.id}`]);
    expect(fake.requests.findLast((request) => request.path.startsWith("/find/"))?.query.external_source).toBe("imdb_id");
    expect(await db.movie.findUnique({ where: { tmdbId: fakeMovies.matrix.id } })).toMatchObject({ imdbId: "tt0133093" });
    const second = await user();
    let report: Awaited<ReturnType<typeof importBatch>> | undefined;
    expect(await tmdbCalls(async () => (report = await importBatch(second.id, [entry], { format: "imdb" })))).toEqual([]);
    expect(report).toMatchObject({ format: "imdb", ratings: { added: 1 }, tmdbCalls: 0 });
  });

  it("learns IMDb ids from movie details too (a film cached by tmdbId matches an IMDb row with no call)", async () => {
    const owner = await user();
    await importBatch(owner.id, [{ tmdbId: fakeMovies.fightClub.id, title: "Fight Club", rating: "LIKE" }], { format: "watchlist" });
    expect(await db.movie.findUnique({ where: { tmdbId: fakeMovies.fightClub.id } })).toMatchObject({ imdbId: "tt0137523" });
    const other = await user();
    expect(await tmdbCalls(() => importBatch(other.id, [{ imdbId: "tt0137523", rating: "OK" }], { format: "imdb" }))).toEqual([]);
  });

  it("matches titles: exact year, folded accents and case, original title, CJK, one year off; one TMDB call per new film, its details after", async () => {
    const owner = await user();
    const entries: Entry[] = [
      { ref: "a", title: "Dune", year: 1984, rating: "OK" },
      { ref: "b", title: "DUNE", year: 2020, rating: "LIKE" }, // TMDB says 2021: one year off
      { ref: "c", title: "amelie", year: 2001, rating: "LIKE" },
      { ref: "d", title: "Le Fabuleux Destin d'Amelie Poulain", year: 2001, queued: { addedAt: null } },
      { ref: "e", title: "千と千尋の神隠し", year: 2001, rating: "SUPER_LIKE" },
      { ref: "f", title: "Parasite", originalTitle: "기생충", year: 2019, rating: "SUPER_LIKE" },
      { ref: "g", title: "Inception", year: 2014, rating: "LIKE" }, // four years off: not Inception
      { ref: "h", title: "A Film Nobody Made", year: 1999, rating: "LIKE" },
    ];
    let report: Awaited<ReturnType<typeof importBatch>> | undefined;
    const calls = await tmdbCalls(async () => (report = await importBatch(owner.id, entries)));
    const rated = await ratingsOf(owner.id);
    expect(rated.map((row) => [row.movie.tmdbId, row.rating])).toEqual(
      [
        [fakeMovies.spiritedAway.id, "SUPER_LIKE"],
        [fakeMovies.amelie.id, "LIKE"],
        [fakeMovies.dune1984.id, "OK"],
        [fakeMovies.dune2021.id, "LIKE"],
        [fakeMovies.parasite.id, "SUPER_LIKE"],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    // Amélie is rated (c), so the queue line for it (d, matched through its original title) is skipped.
    expect(report!.skipped).toEqual([expect.objectContaining({ tmdbId: fakeMovies.amelie.id, reason: expect.stringContaining("rated") })]);
    expect(report!.unmatched).toEqual([
      { title: "Inception", year: 2014, source: "g" },
      { title: "A Film Nobody Made", year: 1999, source: "h" },
    ]);
    const newFilms = 5; // Dune ×2, Amélie, Spirited Away, Parasite
    const searches = calls.filter((path) => path === "/search/movie").length;
    expect(searches).toBe(entries.length); // one search per distinct title
    // The import's own calls are the searches; the details of the films new to the cache came after it, one call each.
    const details = calls.filter((path) => path.startsWith("/movie/"));
    expect(new Set(details).size).toBe(details.length);
    expect(report!.tmdbCalls).toBe(calls.length - details.length);
    expect(filmCalls(calls).length).toBeLessThanOrEqual(entries.length + newFilms);
  });

  it("lists what cannot be matched (unknown TMDB id, unknown IMDb id, a TV series) and remembers it for a day", async () => {
    const owner = await user();
    const entries: Entry[] = [
      { ref: "l1", tmdbId: UNKNOWN_TMDB_ID, title: "Lost", rating: "LIKE" },
      { ref: "l2", imdbId: UNKNOWN_IMDB_ID, title: "Nowhere", year: 2001, rating: "LIKE" },
      { ref: "l3", imdbId: FAKE_TV_IMDB_ID, title: "Breaking Bad", year: 2008, rating: "SUPER_LIKE" },
      { ref: "l4", title: "Zzyzx Qwerty", year: 1950, viewings: [{ watchedOn: null, rewatch: false }] },
    ];
    const first = await importBatch(owner.id, entries);
    expect(first.unmatched.map((item) => item.source)).toEqual(["l1", "l2", "l3", "l4"]);
    expect(first.tmdbCalls).toBe(4);
    // Another account, the same misses: TMDB is not asked again.
    const other = await user();
    expect(await tmdbCalls(() => importBatch(other.id, entries))).toEqual([]);
    // A day later it is asked again.
    await db.tmdbLookup.updateMany({ data: { checkedAt: new Date(Date.now() - 25 * 3600_000) } });
    expect(await tmdbCalls(() => importBatch(other.id, entries))).toHaveLength(4);
  });

  it("remembers title matches, so a re-import asks TMDB nothing", async () => {
    const owner = await user();
    const entries: Entry[] = [
      { title: "Arrival", year: 2016, rating: "LIKE" },
      { title: "Sicario", year: 2015, queued: { addedAt: "2020-01-01T00:00:00.000Z" } },
    ];
    await importBatch(owner.id, entries);
    const again = await user();
    expect(await tmdbCalls(() => importBatch(again.id, entries))).toEqual([]);
  });

  it("outlasts a burst of 429s instead of failing the import", async () => {
    const owner = await user();
    fake.failNext(429, 6, { "retry-after": "0" });
    const report = await importBatch(owner.id, [{ title: "Prisoners", year: 2013, rating: "LIKE" }]);
    expect(report.ratings.added).toBe(1);
  });
});

describe("batches: writing", () => {
  const letterboxd: Entry[] = [
    {
      ref: "ratings.csv line 2",
      title: "Memento",
      year: 2000,
      rating: "SUPER_LIKE",
      ratedAt: "2019-05-02T00:00:00.000Z",
      queued: { addedAt: "2018-01-01T00:00:00.000Z" },
      viewings: [
        { watchedOn: "2019-05-01", rewatch: false },
        { watchedOn: "2022-11-11", rewatch: true },
      ],
    },
    { ref: "watchlist.csv line 2", title: "Alien", year: 1979, queued: { addedAt: "2020-01-01T00:00:00.000Z" } },
    { ref: "watched.csv line 5", title: "The Shining", year: 1980, viewings: [{ watchedOn: null, rewatch: false }] },
  ];

  it("keeps the source's dates, rates instead of queueing, and changes nothing the second time", async () => {
    const owner = await user();
    const report = await importBatch(owner.id, letterboxd);
    expect(report).toMatchObject({
      ratings: { added: 1, updated: 0, unchanged: 0 },
      watchlist: { added: 1, updated: 0, unchanged: 0 },
      history: { added: 3, updated: 0, unchanged: 0 },
      unmatched: [],
    });
    const [rating] = await ratingsOf(owner.id);
    expect(rating).toMatchObject({ rating: "SUPER_LIKE", createdAt: new Date("2019-05-02T00:00:00.000Z") });
    expect(rating!.movie.tmdbId).toBe(fakeMovies.memento.id);
    const queue = await db.watchlist.findMany({ where: { userId: owner.id }, include: { movie: true } });
    expect(queue.map((row) => [row.movie.tmdbId, row.addedAt.toISOString(), row.priority])).toEqual([
      [fakeMovies.alien.id, "2020-01-01T00:00:00.000Z", "MEDIUM"],
    ]);
    const viewings = await db.viewing.findMany({ where: { userId: owner.id }, include: { movie: true } });
    expect(viewings.map((v) => `${v.movie.title} ${v.watchedOn?.toISOString().slice(0, 10) ?? "undated"} ${v.rewatch}`).sort()).toEqual([
      "Memento 2019-05-01 false",
      "Memento 2022-11-11 true",
      "The Shining undated false",
    ]);

    const again = await importBatch(owner.id, letterboxd);
    expect(again).toMatchObject({
      ratings: { added: 0, updated: 0, unchanged: 1 },
      watchlist: { added: 0, updated: 0, unchanged: 1 },
      history: { added: 0, updated: 0, unchanged: 3 },
    });
    expect(await db.viewing.count({ where: { userId: owner.id } })).toBe(3);
    expect(await db.watchlist.count({ where: { userId: owner.id } })).toBe(1);
  });

  it("an undated viewing is not added to a film that has a viewing; a rating removes the film from the queue", async () => {
    const owner = await user();
    await importBatch(owner.id, [{ title: "Alien", year: 1979, viewings: [{ watchedOn: "2010-10-10", rewatch: false }] }]);
    await importBatch(owner.id, [{ title: "Sicario", year: 2015, queued: { addedAt: null } }]);
    const report = await importBatch(owner.id, [
      { title: "Alien", year: 1979, viewings: [{ watchedOn: null, rewatch: false }] },
      { title: "Sicario", year: 2015, rating: "LIKE" },
    ]);
    expect(report).toMatchObject({ history: { added: 0, unchanged: 1 }, ratings: { added: 1 }, removedFromQueue: 1 });
    expect(await db.watchlist.count({ where: { userId: owner.id } })).toBe(0);
  });

  it("a dry run reports what would change and changes nothing", async () => {
    const owner = await user();
    const dry = await importBatch(owner.id, letterboxd, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, ratings: { added: 1 }, watchlist: { added: 1 }, history: { added: 3 } });
    expect(await db.userMovie.count({ where: { userId: owner.id } })).toBe(0);
    expect(await db.watchlist.count({ where: { userId: owner.id } })).toBe(0);
    expect(await db.viewing.count({ where: { userId: owner.id } })).toBe(0);
  });

  it("resumes: re-sending every batch of a half-done import completes it, the stored batches unchanged", async () => {
    const owner = await user();
    const importId = randomUUID();
    const batches: Entry[][] = [
      [{ tmdbId: fakeMovies.tenet.id, rating: "LIKE" }],
      [{ tmdbId: fakeMovies.dunkirk.id, rating: "OK" }],
      [{ tmdbId: fakeMovies.prestige.id, rating: "SUPER_LIKE" }],
    ];
    await importBatch(owner.id, batches[0]!, { importId });
    await importBatch(owner.id, batches[1]!, { importId }); // …and the CLI died here
    const reports = [];
    for (const batch of batches) reports.push(await importBatch(owner.id, batch, { importId: randomUUID() }));
    expect(reports.map((report) => report.ratings)).toEqual([
      { added: 0, updated: 0, unchanged: 1 },
      { added: 0, updated: 0, unchanged: 1 },
      { added: 1, updated: 0, unchanged: 0 },
    ]);
    expect(await db.userMovie.count({ where: { userId: owner.id } })).toBe(3);
  });

  it("allows one import at a time per account", async () => {
    const owner = await user();
    fake.setLatency(200);
    try {
      const results = await Promise.allSettled([
        importBatch(owner.id, [{ title: "Coco", year: 2017, rating: "LIKE" }]),
        importBatch(owner.id, [{ title: "Up", year: 2009, rating: "LIKE" }]),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect(results.find((result) => result.status === "rejected")).toMatchObject({ reason: { code: "import_running" } });
    } finally {
      fake.setLatency(0);
    }
  });
});

// Issue 17, item 17: "2 updated" said nothing of which; an IMDb import lowered Letterboxd ratings silently.
describe("what an import updates is listed, before and after", () => {
  it("an IMDb import over Letterboxd ratings lists each rating it changes, from and to; a dry run lists the same", async () => {
    const owner = await user();
    await importBatch(owner.id, [
      { tmdbId: fakeMovies.tenet.id, rating: "SUPER_LIKE", ratedAt: "2020-01-01T00:00:00.000Z" },
      { tmdbId: fakeMovies.dunkirk.id, rating: "LIKE", ratedAt: "2020-01-01T00:00:00.000Z" },
      { tmdbId: fakeMovies.prestige.id, rating: "OK" },
      { tmdbId: fakeMovies.arrival.id, queued: {} },
    ]);
    const imdb: Entry[] = [
      { tmdbId: fakeMovies.tenet.id, rating: "OK" }, // lowered
      { tmdbId: fakeMovies.dunkirk.id, rating: "LIKE", ratedAt: "2021-05-05T00:00:00.000Z" }, // same level, new date
      { tmdbId: fakeMovies.prestige.id, rating: "OK" }, // unchanged
    ];
    const expected = [
      { list: "ratings", tmdbId: fakeMovies.tenet.id, title: "Tenet", year: 2020, from: "SUPER_LIKE", to: "OK", fields: ["rating"] },
      { list: "ratings", tmdbId: fakeMovies.dunkirk.id, title: "Dunkirk", year: 2017, from: "LIKE", to: "LIKE", fields: ["createdAt"] },
    ];
    const dry = await importBatch(owner.id, imdb, { dryRun: true, format: "imdb" });
    expect(dry.ratings).toEqual({ added: 0, updated: 2, unchanged: 1 });
    expect(dry.updated).toEqual(expected);
    const real = await importBatch(owner.id, imdb, { format: "imdb" });
    expect(real.updated).toEqual(expected);
    const queued = await importBatch(owner.id, [{ tmdbId: fakeMovies.arrival.id, queued: {} }], { format: "letterboxd" });
    expect(queued.updated).toEqual([]);
  });
});
