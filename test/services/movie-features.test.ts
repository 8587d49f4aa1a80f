// The MovieFeature lookup (genres, directors and top-billed actors of every cached film, which the
// content candidates and the known genres are read from) is written by a trigger on Movie: these
// tests prove it follows the cache through every way a film gets in, changes or leaves.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { toMovieJson } from "../../src/services/movie-json.js";
import { getMovie, type MovieDeps } from "../../src/services/movies.js";
import { CAST_CONSIDERED } from "../../src/services/taste-profile.js";
import { createTmdbClient } from "../../src/tmdb/client.js";
import { type FakeTmdb, fakeMovies, fakeTmdbConfig, startFakeTmdb } from "../fake-tmdb/index.js";
import { useTestDatabase } from "../helpers/db.js";

let db: Db;
let fake: FakeTmdb;
let deps: MovieDeps;

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  fake = await startFakeTmdb();
  deps = { db, tmdb: createTmdbClient(fakeTmdbConfig(fake, { retries: 1, timeoutMs: 1000 }), { backoffMs: 1 }) };
});
afterAll(() => fake.close());
beforeEach(async () => {
  await db.movie.deleteMany();
});

/** The lookup rows of a film, as "kind key name" sorted. */
async function features(movieId: string): Promise<string[]> {
  const rows = await db.movieFeature.findMany({ where: { movieId } });
  return rows.map((row) => `${row.kind} ${row.key} ${row.name}`).sort();
}

/** What the lookup must hold for a film: its genres, each director and its first CAST_CONSIDERED actors. */
function expected(movie: ReturnType<typeof toMovieJson>): string[] {
  return [
    ...movie.genres.map((genre) => `genre ${genre.id} ${genre.name}`),
    ...movie.directors.map((name) => `director ${name} ${name}`),
    ...movie.cast.slice(0, CAST_CONSIDERED).map((member) => `cast ${member.id} ${member.name}`),
  ].sort();
}

describe("the MovieFeature lookup", () => {
  it("holds the genres, every director and the top-billed actors of a film as it is cached", async () => {
    const { movie } = await getMovie(deps, fakeMovies.matrix.id);
    const json = toMovieJson(movie);
    expect(json.directors).toHaveLength(2);
    expect(await features(movie.id)).toEqual(expected(json));
  });

  it("keeps only the first CAST_CONSIDERED actors, each once", async () => {
    const cast = [1, 2, 2, 3, 4, 5, 6].map((id) => ({ id, name: `Actor ${id}`, character: "x" }));
    const movie = await db.movie.create({ data: { tmdbId: 999_002, title: "Crowded", director: "Solo", cast } });
    expect(await features(movie.id)).toEqual([
      "cast 1 Actor 1",
      "cast 2 Actor 2",
      "cast 3 Actor 3",
      "cast 4 Actor 4",
      "director Solo Solo",
    ]);
  });

  it("follows a refreshed film: changed director and cast replace the old ones", async () => {
    const { movie } = await getMovie(deps, fakeMovies.inception.id);
    const cast = [
      { id: 1, name: "New Lead", character: "A" },
      { id: 2, name: "Second", character: "B" },
    ];
    const refreshed = await db.movie.update({
      where: { id: movie.id },
      data: { director: "Someone Else", cast, genres: [{ id: 18, name: "Drama" }] },
    });
    expect(await features(movie.id)).toEqual(expected(toMovieJson(refreshed)));
    expect(await features(movie.id)).not.toContain("director Christopher Nolan Christopher Nolan");
  });

  it("is left unchanged by a refresh that changes nothing, and by other columns' updates", async () => {
    const { movie } = await getMovie(deps, fakeMovies.inception.id);
    const before = await features(movie.id);
    await db.movie.update({ where: { id: movie.id }, data: { lastUpdated: new Date(0), title: "Renamed" } });
    await getMovie(deps, fakeMovies.inception.id); // stale: fetched again and upserted
    expect(await features(movie.id)).toEqual(before);
  });

  it("forgets a film that leaves the cache, and tolerates one without director or cast", async () => {
    const { movie } = await getMovie(deps, fakeMovies.inception.id);
    await db.movie.delete({ where: { id: movie.id } });
    expect(await db.movieFeature.count({ where: { movieId: movie.id } })).toBe(0);

    const bare = await db.movie.create({ data: { tmdbId: 999_001, title: "Bare", genres: "oops", cast: { not: "a list" } } });
    expect(await features(bare.id)).toEqual([]);
  });
});
