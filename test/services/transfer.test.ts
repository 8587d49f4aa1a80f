import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { parseImportBody, runImport } from "../../src/services/import/index.js";
import type { MovieDeps } from "../../src/services/movies.js";
import { exportAccount } from "../../src/services/transfer.js";
import { createTmdbClient } from "../../src/tmdb/client.js";
import { type FakeTmdb, fakeMovies, fakeTmdbConfig, startFakeTmdb } from "../fake-tmdb/index.js";
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
  return db.user.create({ data: { email: `${name}@example.com`, username: name, passwordHash: "x" } });
}

const iso = (text: string) => new Date(text);

async function seed(userId: string) {
  await runImport(
    deps,
    userId,
    await parseImportBody({
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
  it("writes the contract's document: version 1, every rating with its timestamps, the watchlist with priorities", async () => {
    const owner = await user();
    await seed(owner.id);
    const doc = await exportAccount(db, owner.id, iso("2025-01-01T00:00:00Z"));
    expect(JSON.parse(JSON.stringify(doc))).toEqual({
      version: 1,
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
