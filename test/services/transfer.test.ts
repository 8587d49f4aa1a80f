import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { exportChunks } from "../../src/services/export.js";
import type { MovieDeps } from "../../src/services/movies.js";
import { recordRating } from "../../src/services/ratings.js";
import { exportDocumentSchema, importAccount } from "../../src/services/transfer.js";
import { createTmdbClient } from "../../src/tmdb/client.js";
import { type FakeTmdb, fakeMovies, fakeTmdbConfig, startFakeTmdb, UNKNOWN_TMDB_ID } from "../fake-tmdb/index.js";
import { useTestDatabase } from "../helpers/db.js";

let db: Db;
let fake: FakeTmdb;
let deps: MovieDeps;

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  fake = await startFakeTmdb();
  deps = { db, tmdb: createTmdbClient(fakeTmdbConfig(fake, { retries: 0, timeoutMs: 1000 }), { backoffMs: 1 }) };
});
afterAll(() => fake.close());
beforeEach(async () => {
  fake.setDown(false);
  await db.user.deleteMany();
});

let users = 0;
async function user() {
  const name = `transfer${++users}`;
  return db.user.create({ data: { email: `${name}@example.com`, username: name, usernameKey: name, passwordHash: "x" } });
}

const iso = (text: string) => new Date(text);

/** The JSON export (streamed by the API) as one parsed document. */
async function exportAccount(db: Db, userId: string, now?: Date) {
  let text = "";
  for await (const chunk of exportChunks(db, userId, "json", now)) text += chunk;
  return JSON.parse(text) as { ratings: { tmdbId: number }[]; watchlist: unknown[]; history: unknown[] };
}

/** A document as it travels: JSON text parsed back, then validated like POST /import does. */
const roundTrip = (doc: unknown) => exportDocumentSchema.parse(JSON.parse(JSON.stringify(doc)));

async function seed(userId: string) {
  await importAccount(
    deps,
    userId,
    exportDocumentSchema.parse({
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
    }),
  );
}

describe("exportAccount", () => {
  it("writes the contract's document: version 2, every rating with its timestamps, the watchlist with priorities", async () => {
    const owner = await user();
    await seed(owner.id);
    const doc = await exportAccount(db, owner.id, iso("2025-01-01T00:00:00Z"));
    expect(doc).toEqual({
      version: 2,
      exportedAt: "2025-01-01T00:00:00.000Z",
      user: { username: owner.username, email: owner.email },
      ratings: [
        {
          tmdbId: fakeMovies.spiritedAway.id,
          title: "Spirited Away",
          year: 2001,
          rating: "OK",
          watched: false,
          createdAt: "2023-05-06T07:08:09.000Z",
          updatedAt: "2023-05-06T07:08:09.000Z",
        },
        {
          tmdbId: fakeMovies.inception.id,
          title: "Inception",
          year: 2010,
          rating: "SUPER_LIKE",
          watched: true,
          createdAt: "2024-01-02T03:04:05.678Z",
          updatedAt: "2024-02-03T04:05:06.789Z",
        },
      ],
      watchlist: [{ tmdbId: fakeMovies.arrival.id, title: "Arrival", year: 2016, priority: "HIGH", addedAt: "2024-03-04T05:06:07.000Z" }],
      history: [],
    });
  });

  it("never shows another user's data", async () => {
    const owner = await user();
    const other = await user();
    await seed(owner.id);
    const doc = await exportAccount(db, other.id);
    expect(doc.ratings).toEqual([]);
    expect(doc.watchlist).toEqual([]);
  });
});

describe("importAccount", () => {
  it("round trip: an export imported into an empty account exports identically", async () => {
    const source = await user();
    const target = await user();
    await seed(source.id);
    const exported = await exportAccount(db, source.id, iso("2025-01-01T00:00:00Z"));
    const report = await importAccount(deps, target.id, roundTrip(exported));
    expect(report).toEqual({
      dryRun: false,
      ratings: { added: 2, updated: 0, unchanged: 0 },
      watchlist: { added: 1, updated: 0, unchanged: 0 },
      removedFromQueue: 0,
      skipped: [],
    });
    const again = await exportAccount(db, target.id, iso("2025-01-01T00:00:00Z"));
    expect({ ...again, user: undefined }).toEqual({ ...exported, user: undefined });
  });

  it("importing the same file twice changes nothing the second time", async () => {
    const owner = await user();
    await seed(owner.id);
    const exported = await exportAccount(db, owner.id);
    const report = await importAccount(deps, owner.id, roundTrip(exported));
    expect(report.ratings).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect(report.watchlist).toEqual({ added: 0, updated: 0, unchanged: 1 });
  });

  it("a dry run counts exactly and writes nothing", async () => {
    const owner = await user();
    await seed(owner.id);
    const doc = roundTrip({
      version: 1,
      ratings: [
        { tmdbId: fakeMovies.inception.id, rating: "LIKE" },
        { tmdbId: fakeMovies.arrival.id, rating: "LIKE" },
      ],
      watchlist: [{ tmdbId: fakeMovies.dune2021.id, priority: "LOW" }],
    });
    const before = await exportAccount(db, owner.id, iso("2025-01-01T00:00:00Z"));
    const report = await importAccount(deps, owner.id, doc, { dryRun: true });
    expect(report).toMatchObject({
      dryRun: true,
      ratings: { added: 1, updated: 1, unchanged: 0 },
      watchlist: { added: 1, updated: 0, unchanged: 0 },
      removedFromQueue: 1,
    });
    expect(await exportAccount(db, owner.id, iso("2025-01-01T00:00:00Z"))).toEqual(before);
  });

  it("keeps a movie from being both rated and queued", async () => {
    const owner = await user();
    await seed(owner.id); // Arrival is queued, Inception rated
    const report = await importAccount(
      deps,
      owner.id,
      roundTrip({
        version: 1,
        ratings: [
          { tmdbId: fakeMovies.arrival.id, rating: "LIKE" },
          { tmdbId: fakeMovies.dune2021.id, rating: "OK" },
        ],
        watchlist: [
          { tmdbId: fakeMovies.inception.id, priority: "HIGH" },
          { tmdbId: fakeMovies.dune2021.id, priority: "LOW" },
        ],
      }),
    );
    expect(report.removedFromQueue).toBe(1);
    expect(report.skipped.map((item) => item.tmdbId).sort()).toEqual([fakeMovies.inception.id, fakeMovies.dune2021.id].sort());
    const doc = await exportAccount(db, owner.id);
    expect(doc.watchlist).toEqual([]);
    expect(doc.ratings.map((r) => r.tmdbId).sort()).toEqual(
      [fakeMovies.inception.id, fakeMovies.spiritedAway.id, fakeMovies.arrival.id, fakeMovies.dune2021.id].sort(),
    );
  });

  it("keeps the rule under concurrency: ratings racing an import that queues the same movies", async () => {
    const owner = await user();
    const ids = [fakeMovies.tenet.id, fakeMovies.dunkirk.id, fakeMovies.prestige.id, fakeMovies.sicario.id];
    const doc = roundTrip({ version: 1, watchlist: ids.map((tmdbId) => ({ tmdbId, priority: "HIGH" })) });
    await Promise.all([importAccount(deps, owner.id, doc), ...ids.map((id) => recordRating(deps, owner.id, id, "LIKE"))]);
    const both = await db.userMovie.count({ where: { userId: owner.id, movie: { watchlist: { some: { userId: owner.id } } } } });
    expect(both).toBe(0);
    expect(await db.userMovie.count({ where: { userId: owner.id } })).toBe(ids.length);
  });

  it("skips a movie TMDB does not know and imports the rest", async () => {
    const owner = await user();
    const report = await importAccount(
      deps,
      owner.id,
      roundTrip({
        version: 1,
        ratings: [
          { tmdbId: UNKNOWN_TMDB_ID, title: "Gone", rating: "LIKE" },
          { tmdbId: fakeMovies.inception.id, rating: "LIKE" },
        ],
        watchlist: [],
      }),
    );
    expect(report.ratings.added).toBe(1);
    expect(report.skipped).toEqual([{ tmdbId: UNKNOWN_TMDB_ID, title: "Gone", reason: "not found on TMDB" }]);
  });

  it("fails before writing anything when TMDB is down", async () => {
    const owner = await user();
    fake.setDown(true);
    await expect(
      importAccount(deps, owner.id, roundTrip({ version: 1, ratings: [{ tmdbId: fakeMovies.memento.id, rating: "LIKE" }] })),
    ).rejects.toMatchObject({ kind: "unavailable" });
    expect((await exportAccount(db, owner.id)).ratings).toEqual([]);
  });

  it("rejects what is not an export", () => {
    expect(exportDocumentSchema.safeParse({ version: 3, ratings: [] }).success).toBe(false);
    expect(exportDocumentSchema.safeParse({ version: 1, ratings: [{ tmdbId: 1, rating: "MEH" }] }).success).toBe(false);
    expect(exportDocumentSchema.safeParse({ version: 1, ratings: [{ tmdbId: 1, rating: "LIKE", createdAt: "yesterday" }] }).success).toBe(
      false,
    );
  });

  it("rejects timestamps out of any plausible range, or updated before created", () => {
    const rating = (createdAt: string, updatedAt: string) => ({
      version: 1,
      ratings: [{ tmdbId: 1, rating: "LIKE", createdAt, updatedAt }],
    });
    expect(exportDocumentSchema.safeParse(rating("9999-12-31T00:00:00Z", "9999-12-31T00:00:00Z")).success).toBe(false);
    expect(exportDocumentSchema.safeParse(rating("0001-01-01T00:00:00Z", "2020-01-01T00:00:00Z")).success).toBe(false);
    expect(exportDocumentSchema.safeParse(rating("2021-01-01T00:00:00Z", "2020-01-01T00:00:00Z")).success).toBe(false);
    expect(exportDocumentSchema.safeParse(rating("2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z")).success).toBe(true);
  });
});
