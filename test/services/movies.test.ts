import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { toMovieJson } from "../../src/services/movie-json.js";
import { CACHE_TTL_DAYS, getMovie, type MovieDeps, searchMovies } from "../../src/services/movies.js";
import { createTmdbClient } from "../../src/tmdb/client.js";
import { type FakeTmdb, fakeMovies, fakeTmdbConfig, startFakeTmdb, UNKNOWN_TMDB_ID } from "../fake-tmdb/index.js";
import { type TestDatabase, useTestDatabase } from "../helpers/db.js";
import { tmdbFailure as failure } from "../helpers/tmdb-failure.js";

const DAY_MS = 24 * 60 * 60 * 1000;

let database: TestDatabase;
let db: Db;
let fake: FakeTmdb;
let deps: MovieDeps;

beforeAll(async () => {
  database = await useTestDatabase();
  db = database.db;
  fake = await startFakeTmdb();
  deps = { db, tmdb: createTmdbClient(fakeTmdbConfig(fake, { retries: 1, timeoutMs: 1000 }), { backoffMs: 1 }) };
});
afterAll(() => fake.close());
beforeEach(async () => {
  fake.requests.length = 0;
  fake.setDown(false);
  await db.movie.deleteMany();
  await db.user.deleteMany();
});

const moviePaths = () => fake.requests.filter((request) => request.path.startsWith("/movie/"));

async function ageMovie(tmdbId: number, days: number, changes: { title?: string } = {}) {
  await db.movie.update({ where: { tmdbId }, data: { lastUpdated: new Date(Date.now() - days * DAY_MS), ...changes } });
}

describe("getMovie", () => {
  it("fetches an unknown movie from TMDB and caches it in the contract's shape", async () => {
    const { movie, stale } = await getMovie(deps, fakeMovies.inception.id);
    expect(stale).toBe(false);
    expect(toMovieJson(movie)).toMatchObject({
      tmdbId: 27205,
      title: "Inception",
      year: 2010,
      releaseDate: "2010-07-15",
      genres: [
        { id: 28, name: "Action" },
        { id: 878, name: "Science Fiction" },
        { id: 12, name: "Adventure" },
      ],
      director: "Christopher Nolan",
      runtime: 148,
    });
    expect(toMovieJson(movie).cast[0]).toEqual({ id: 6193, name: "Leonardo DiCaprio", character: "Cobb" });
    expect(await db.movie.count()).toBe(1);
  });

  it("stores several directors joined with ', '", async () => {
    const { movie } = await getMovie(deps, fakeMovies.matrix.id);
    expect(movie.director).toBe("Lana Wachowski, Lilly Wachowski");
    expect(toMovieJson(movie).directors).toEqual(["Lana Wachowski", "Lilly Wachowski"]);
  });

  it("answers from the cache without asking TMDB", async () => {
    await getMovie(deps, fakeMovies.arrival.id);
    await ageMovie(fakeMovies.arrival.id, CACHE_TTL_DAYS - 1, { title: "Arrival (cached)" });
    fake.requests.length = 0;
    const { movie, stale } = await getMovie(deps, fakeMovies.arrival.id);
    expect(movie.title).toBe("Arrival (cached)");
    expect(stale).toBe(false);
    expect(fake.requests).toHaveLength(0);
  });

  it("refreshes a row older than 30 days", async () => {
    await getMovie(deps, fakeMovies.arrival.id);
    await ageMovie(fakeMovies.arrival.id, CACHE_TTL_DAYS + 1, { title: "Arrival (old)" });
    fake.requests.length = 0;
    const before = Date.now();
    const { movie, stale } = await getMovie(deps, fakeMovies.arrival.id);
    expect(movie.title).toBe("Arrival");
    expect(movie.lastUpdated.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(stale).toBe(false);
    expect(moviePaths()).toHaveLength(1);
    expect(await db.movie.count()).toBe(1);
  });

  it("serves an old row marked stale when TMDB is down", async () => {
    await getMovie(deps, fakeMovies.sicario.id);
    await ageMovie(fakeMovies.sicario.id, 400);
    fake.setDown(true);
    const { movie, stale } = await getMovie(deps, fakeMovies.sicario.id);
    expect(movie.title).toBe("Sicario");
    expect(stale).toBe(true);
  });

  it("serves an old row marked stale when TMDB keeps rate-limiting", async () => {
    await getMovie(deps, fakeMovies.sicario.id);
    await ageMovie(fakeMovies.sicario.id, 40);
    fake.failNext(429, 2);
    expect((await getMovie(deps, fakeMovies.sicario.id)).stale).toBe(true);
  });

  it("fails with unavailable when TMDB is down and nothing is cached", async () => {
    fake.setDown(true, "reset");
    expect((await failure(getMovie(deps, fakeMovies.dunkirk.id))).kind).toBe("unavailable");
    expect(await db.movie.count()).toBe(0);
  });

  it("fails with not_found for an id TMDB does not know", async () => {
    expect((await failure(getMovie(deps, UNKNOWN_TMDB_ID))).kind).toBe("not_found");
    expect(await db.movie.count()).toBe(0);
  });

  it("makes one TMDB request and one row for 20 concurrent first requests", async () => {
    fake.setLatency(50);
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => getMovie(deps, fakeMovies.tenet.id)));
      expect(new Set(results.map((result) => result.movie.id)).size).toBe(1);
    } finally {
      fake.setLatency(0);
    }
    expect(moviePaths()).toHaveLength(1);
    expect(await db.movie.count({ where: { tmdbId: fakeMovies.tenet.id } })).toBe(1);
  });

  it("keeps one row when two API processes fetch the same movie at once", async () => {
    // A second Prisma client stands for a second API process: nothing coalesces across processes.
    const other = createDb(database.url, { poolSize: 5 });
    try {
      const otherDeps = { ...deps, db: other };
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => getMovie(i % 2 ? otherDeps : deps, fakeMovies.oppenheimer.id)),
      );
      expect(new Set(results.map((result) => result.movie.id)).size).toBe(1);
      expect(await db.movie.count()).toBe(1);
    } finally {
      await other.$disconnect();
    }
  });
});

describe("searchMovies", () => {
  async function user(name: string) {
    return db.user.create({ data: { email: `${name}@example.com`, username: name, usernameKey: name, passwordHash: "x" } });
  }

  it("returns TMDB's page with genre names and no details lists results lack", async () => {
    const page = await searchMovies(deps, (await user("ann")).id, { query: "dune" });
    expect(page).toMatchObject({ page: 1, totalPages: 1, totalResults: 3, source: "tmdb" });
    const dune = page.results.find((result) => result.tmdbId === fakeMovies.dune2021.id)!;
    expect(dune).toMatchObject({
      title: "Dune",
      year: 2021,
      genres: [
        { id: 878, name: "Science Fiction" },
        { id: 12, name: "Adventure" },
      ],
      director: null,
      directors: [],
      cast: [],
      runtime: null,
      myRating: null,
      queued: null,
    });
    expect(dune.popularity).toBeGreaterThan(0);
  });

  it("marks the caller's ratings and queue, not another user's", async () => {
    const [ann, bob] = [await user("ann"), await user("bob")];
    const { movie: dune } = await getMovie(deps, fakeMovies.dune2021.id);
    const { movie: partTwo } = await getMovie(deps, fakeMovies.dunePartTwo.id);
    const { movie: old } = await getMovie(deps, fakeMovies.dune1984.id);
    await db.userMovie.create({ data: { userId: ann.id, movieId: dune.id, rating: "SUPER_LIKE" } });
    await db.watchlist.create({ data: { userId: ann.id, movieId: partTwo.id, priority: "HIGH" } });
    await db.userMovie.create({ data: { userId: bob.id, movieId: old.id, rating: "DISLIKE" } });

    const marks = (page: Awaited<ReturnType<typeof searchMovies>>) =>
      Object.fromEntries(page.results.map((result) => [result.tmdbId, [result.myRating, result.queued]]));
    expect(marks(await searchMovies(deps, ann.id, { query: "dune" }))).toEqual({
      [fakeMovies.dune2021.id]: ["SUPER_LIKE", null],
      [fakeMovies.dunePartTwo.id]: [null, "HIGH"],
      [fakeMovies.dune1984.id]: [null, null],
    });
    expect(marks(await searchMovies(deps, bob.id, { query: "dune" }))).toEqual({
      [fakeMovies.dune2021.id]: [null, null],
      [fakeMovies.dunePartTwo.id]: [null, null],
      [fakeMovies.dune1984.id]: ["DISLIKE", null],
    });
  });

  it("passes year and page on to TMDB", async () => {
    const page = await searchMovies(deps, (await user("ann")).id, { query: "dune", year: 1984, page: 1 });
    expect(page.results.map((result) => result.tmdbId)).toEqual([fakeMovies.dune1984.id]);
    expect(fake.requests.find((request) => request.path === "/search/movie")?.query).toMatchObject({ year: "1984", page: "1" });
  });

  it("searches the local cache, ignoring case and accents, when TMDB is down", async () => {
    const ann = await user("ann");
    const { movie: amelie } = await getMovie(deps, fakeMovies.amelie.id);
    await getMovie(deps, fakeMovies.inception.id);
    await db.userMovie.create({ data: { userId: ann.id, movieId: amelie.id, rating: "LIKE" } });
    fake.setDown(true);

    const page = await searchMovies(deps, ann.id, { query: "AMELIE" });
    expect(page).toMatchObject({ source: "cache", page: 1, totalPages: 1, totalResults: 1 });
    expect(page.results[0]).toMatchObject({
      tmdbId: fakeMovies.amelie.id,
      title: "Amélie",
      director: "Jean-Pierre Jeunet",
      myRating: "LIKE",
      queued: null,
    });
    expect((await searchMovies(deps, ann.id, { query: "inception", year: 1999 })).results).toEqual([]);
    expect((await searchMovies(deps, ann.id, { query: "100%" })).results).toEqual([]);
  });

  it("does not hide a missing TMDB key behind the cache", async () => {
    const unconfigured = { db, tmdb: createTmdbClient({ ...fakeTmdbConfig(fake), apiKey: undefined }) };
    const error = await failure(searchMovies(unconfigured, (await user("ann")).id, { query: "dune" }));
    expect(error.kind).toBe("not_configured");
    expect(error.message).toContain("https://www.themoviedb.org/settings/api");
  });
});
