// A film's original language, production countries, certifications and watch providers come with
// its details in ONE TMDB call and are stored in tables the filters query through indexes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { toMovieJson } from "../../src/services/movie-json.js";
import { getMovie, type MovieDeps } from "../../src/services/movies.js";
import { withRegion } from "../../src/services/region.js";
import { createTmdbClient } from "../../src/tmdb/client.js";
import { type FakeMovie, type FakeTmdb, fakeMovies, fakeProviders, fakeTmdbConfig, startFakeTmdb } from "../fake-tmdb/index.js";
import { useTestDatabase } from "../helpers/db.js";

let db: Db;
let fake: FakeTmdb;
let deps: MovieDeps;

/** A film whose metadata changes between two fetches (the fake reads these fields at each request). */
const changing: FakeMovie = {
  ...fakeMovies.arrival,
  id: 990_101,
  title: "Changing Film",
  countries: ["CA"],
  certifications: { US: "PG-13", GB: "12A" },
  watch: { GB: { flatrate: [fakeProviders.netflix] } },
};

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  fake = await startFakeTmdb({ movies: [changing] });
  deps = { db, tmdb: createTmdbClient(fakeTmdbConfig(fake, { retries: 1, timeoutMs: 2000 }), { backoffMs: 1 }) };
});
afterAll(() => fake.close());
beforeEach(async () => {
  await db.movie.deleteMany();
  fake.requests.length = 0;
});

async function offers(movieId: string, region: string) {
  const rows = await db.movieProvider.findMany({ where: { movieId, region }, orderBy: [{ kind: "asc" }, { providerId: "asc" }] });
  return rows.map((row) => `${row.kind} ${row.providerId} ${row.providerName}`);
}

describe("a film's details request", () => {
  it("is one TMDB call appending credits, release_dates and watch/providers", async () => {
    await getMovie(deps, fakeMovies.parasite.id);
    expect(fake.requests.map((request) => request.path)).toEqual([`/movie/${fakeMovies.parasite.id}`]);
    expect(fake.requests[0]!.query.append_to_response).toBe("credits,release_dates,watch/providers");
  });

  it("stores the original language and production countries", async () => {
    const { movie } = await getMovie(deps, fakeMovies.parasite.id);
    expect(movie.originalLanguage).toBe("ko");
    expect(movie.countries).toEqual(["KR"]);
  });

  it("stores each region's theatrical certification, skipping releases and regions with an empty one", async () => {
    const { movie } = await getMovie(deps, fakeMovies.inception.id);
    const rows = await db.movieCertification.findMany({ where: { movieId: movie.id }, orderBy: { region: "asc" } });
    // The fake sends a premiere and a Blu-ray release with "" around each theatrical one, and PE with "" only.
    expect(rows.map((row) => `${row.region} ${row.certification}`)).toEqual(["DE 12", "GB 12A", "US PG-13"]);
    expect(rows.every((row) => row.fetchedAt.getTime() === movie.providersFetchedAt!.getTime())).toBe(true);
  });

  it("stores the watch providers of every region by kind, with the region's JustWatch link", async () => {
    const { movie } = await getMovie(deps, fakeMovies.parasite.id);
    expect(await offers(movie.id, "GB")).toEqual([
      "FLATRATE 11 MUBI",
      "ADS 2100 Amazon Prime Video with Ads",
      "RENT 2 Apple TV",
      "RENT 10 Amazon Video",
      "BUY 2 Apple TV",
      "BUY 3 Google Play Movies",
      "BUY 10 Amazon Video",
    ]);
    expect(await offers(movie.id, "KR")).toEqual(["FLATRATE 8 Netflix"]);
    // TMDB leaves out a region with nothing: so does the store.
    expect(await offers(movie.id, "US")).toEqual([]);
    const regions = await db.movieWatchRegion.findMany({ where: { movieId: movie.id }, orderBy: { region: "asc" } });
    expect(regions.map((row) => row.region)).toEqual(["GB", "KR"]);
    expect(regions[0]!.link).toBe(`https://www.themoviedb.org/movie/${fakeMovies.parasite.id}/watch?locale=GB`);
    expect(movie.providersFetchedAt).toBeInstanceOf(Date);
  });

  it("replaces what was stored when the film is fetched again", async () => {
    const first = (await getMovie(deps, changing.id)).movie;
    expect(await offers(first.id, "GB")).toEqual(["FLATRATE 8 Netflix"]);
    changing.countries = ["FR"];
    changing.certifications = { GB: "15" };
    changing.watch = { US: { free: [fakeProviders.tubi] } };
    await db.movie.update({ where: { id: first.id }, data: { lastUpdated: new Date(0) } });
    const again = (await getMovie(deps, changing.id)).movie;
    expect(again.countries).toEqual(["FR"]);
    expect(await offers(first.id, "GB")).toEqual([]);
    expect(await offers(first.id, "US")).toEqual(["FREE 73 Tubi TV"]);
    const certifications = await db.movieCertification.findMany({ where: { movieId: first.id } });
    expect(certifications.map((row) => `${row.region} ${row.certification}`)).toEqual(["GB 15"]);
  });

  it("gives the movie JSON the certification of the caller's region", async () => {
    const { movie } = await getMovie(deps, fakeMovies.inception.id);
    expect(withRegion("GB", () => toMovieJson(movie))).toMatchObject({
      originalLanguage: "en",
      countries: ["US", "GB"],
      certification: "12A",
    });
    expect(withRegion("US", () => toMovieJson(movie)).certification).toBe("PG-13");
    expect(withRegion("FR", () => toMovieJson(movie)).certification).toBeNull();
  });
});
