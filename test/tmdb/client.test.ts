import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TmdbConfig } from "../../src/config.js";
import { createTmdbClient, retryAfterMs, type TmdbClientOptions } from "../../src/tmdb/client.js";
import { certificationsOf, parseCertificationScales, providersOf } from "../../src/tmdb/normalize.js";
import {
  FAKE_TMDB_TOKEN,
  type FakeMovie,
  type FakeTmdb,
  fakeMovies,
  fakeTmdbConfig,
  startFakeTmdb,
  UNKNOWN_TMDB_ID,
} from "../fake-tmdb/index.js";
import { tmdbFailure as failure } from "../helpers/tmdb-failure.js";

let fake: FakeTmdb;
beforeAll(async () => {
  // 45 more "Zorro" movies so that a search spans three pages.
  const zorros: FakeMovie[] = Array.from({ length: 45 }, (_, i) => ({
    ...fakeMovies.memento,
    id: 9_000_000 + i,
    title: `Zorro ${i + 1}`,
    popularity: 100 - i,
    recommendations: [],
  }));
  fake = await startFakeTmdb({ movies: zorros });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.setDown(false);
  fake.setLatency(0);
});

const client = (config: Partial<TmdbConfig> = {}, options: TmdbClientOptions = {}) =>
  createTmdbClient(fakeTmdbConfig(fake, config), { backoffMs: 1, ...options });

describe("authentication", () => {
  it("sends a v3 key as the api_key query parameter", async () => {
    await client().getMovie(fakeMovies.inception.id);
    expect(fake.requests[0].query.api_key).toBe("test-key");
    expect(fake.requests[0].headers.authorization).toBeUndefined();
  });

  it("sends a v4 read token as a Bearer header, without api_key", async () => {
    await client({ apiKey: undefined, readToken: FAKE_TMDB_TOKEN }).getMovie(fakeMovies.inception.id);
    expect(fake.requests[0].headers.authorization).toBe("Bearer test-token");
    expect(fake.requests[0].query.api_key).toBeUndefined();
  });

  it("refuses to run without a key or token, saying how to get one, and asks nothing", async () => {
    const error = await failure(client({ apiKey: undefined }).searchMovies("dune"));
    expect(error.kind).toBe("not_configured");
    expect(error.message).toContain("set TMDB_API_KEY (get a key at https://www.themoviedb.org/settings/api)");
    expect(fake.requests).toHaveLength(0);
  });

  it("maps a rejected key to unauthorized without retrying", async () => {
    const error = await failure(client({ apiKey: "wrong" }).searchMovies("dune"));
    expect(error).toMatchObject({ kind: "unauthorized", status: 401 });
    expect(error.message).toContain("Invalid API key");
    expect(fake.requests).toHaveLength(1);
  });
});

describe("failures and retries", () => {
  it("maps 404 to not_found without retrying", async () => {
    const error = await failure(client().getMovie(UNKNOWN_TMDB_ID));
    expect(error).toMatchObject({ kind: "not_found", status: 404 });
    expect(fake.requests).toHaveLength(1);
  });

  it("gives up on a slow answer after the timeout, retrying it first", async () => {
    fake.setLatency(500);
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 50, retries: 1 }).getMovie(fakeMovies.inception.id));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("did not answer within 50 ms");
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(450);
  });

  it("stops retrying once the retry time budget is spent", async () => {
    fake.setLatency(500);
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 40, retries: 10 }, { maxRetryTimeMs: 100 }).getMovie(fakeMovies.inception.id));
    expect(error.kind).toBe("unavailable");
    expect(fake.requests.length).toBeLessThan(5);
    expect(Date.now() - started).toBeLessThan(400);
  });

  it("waits for Retry-After after a 429, then succeeds", async () => {
    fake.failNext(429, 1, { "retry-after": "1" });
    const started = Date.now();
    const movie = await client().getMovie(fakeMovies.inception.id);
    expect(movie.title).toBe("Inception");
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("caps a long Retry-After", async () => {
    fake.failNext(429, 1, { "retry-after": "120" });
    const started = Date.now();
    await client({}, { maxRetryAfterMs: 20 }).getMovie(fakeMovies.inception.id);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("says rate_limited when TMDB keeps answering 429", async () => {
    fake.failNext(429, 3);
    const error = await failure(client({ retries: 2 }).getMovie(fakeMovies.inception.id));
    expect(error).toMatchObject({ kind: "rate_limited", status: 429 });
    expect(fake.requests).toHaveLength(3);
  });

  it("retries 5xx with backoff and succeeds when TMDB recovers", async () => {
    fake.failNext(500, 1);
    fake.failNext(503, 1);
    const movie = await client({ retries: 3 }).getMovie(fakeMovies.tenet.id);
    expect(movie.tmdbId).toBe(fakeMovies.tenet.id);
    expect(fake.requests).toHaveLength(3);
  });

  it("says unavailable after the retries when TMDB stays down", async () => {
    fake.setDown(true);
    const error = await failure(client({ retries: 2 }).searchMovies("dune"));
    expect(error).toMatchObject({ kind: "unavailable", status: 503 });
    expect(error.message).toContain("temporarily offline");
    expect(fake.requests).toHaveLength(3);
  });

  it("says unavailable when connections are reset", async () => {
    fake.setDown(true, "reset");
    const error = await failure(client({ retries: 1 }).getMovie(fakeMovies.inception.id));
    expect(error.kind).toBe("unavailable");
    expect(fake.requests).toHaveLength(2);
  });

  it("reads a proxy's HTML error page as unavailable", async () => {
    fake.failNext(502, 1);
    fake.failNext(502, 1);
    const error = await failure(client({ retries: 1 }).getMovie(fakeMovies.inception.id));
    expect(error).toMatchObject({ kind: "unavailable", status: 502 });
  });

  it("says bad_response for a body that is not JSON, without retrying", async () => {
    fake.sendNext(200, "<html>maintenance</html>");
    const error = await failure(client().getMovie(fakeMovies.inception.id));
    expect(error.kind).toBe("bad_response");
    expect(fake.requests).toHaveLength(1);
  });

  it("says bad_response for JSON of the wrong shape", async () => {
    fake.sendNext(200, JSON.stringify({ id: "27205" }));
    expect((await failure(client().getMovie(fakeMovies.inception.id))).kind).toBe("bad_response");
  });

  it("passes TMDB's 422 for a missing query on as bad_response with its message", async () => {
    const error = await failure(client().searchMovies(""));
    expect(error).toMatchObject({ kind: "bad_response", status: 422 });
    expect(error.message).toContain("query must be provided");
    expect(fake.requests).toHaveLength(1);
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const countingFetch: typeof fetch = async (...args) => {
      most = Math.max(most, ++inFlight);
      try {
        return await fetch(...args);
      } finally {
        inFlight--;
      }
    };
    fake.setLatency(20);
    const tmdb = client({}, { fetch: countingFetch, concurrency: 3, ratePerSecond: 1000 });
    const ids = Object.values(fakeMovies).map((movie) => movie.id);
    await Promise.all(ids.map((id) => tmdb.getMovie(id)));
    expect(most).toBe(3);
    expect(fake.requests).toHaveLength(ids.length);
  });
});

describe("pacing and lanes", () => {
  it("starts at most ratePerSecond requests in any second, spread evenly", async () => {
    const tmdb = client({}, { ratePerSecond: 20 });
    const ids = Object.values(fakeMovies)
      .slice(0, 21)
      .map((movie) => movie.id);
    await Promise.all(ids.map((id) => tmdb.getMovie(id)));
    const times = fake.requests.map((request) => request.at);
    // 21 starts at 20 per second span at least a second (arrival times jitter under load, the span does not shrink).
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it("lets an interactive request go ahead of waiting bulk work", async () => {
    // Concurrency high enough that bulk requests queue in the pacer itself, not only behind their slots.
    const tmdb = client({}, { ratePerSecond: 20, concurrency: 24 });
    const bulk = Object.values(fakeMovies)
      .slice(0, 20)
      .map((movie) => tmdb.getMovie(movie.id, { lane: "bulk" }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await tmdb.searchMovies("arrival");
    expect(performance.now() - started).toBeLessThan(400);
    await Promise.all(bulk);
    const order = fake.requests.map((request) => request.path);
    expect(order.indexOf("/search/movie")).toBeLessThan(5);
  });

  it("puts background work (details filled in) behind bulk work (an import's lookups), but for one slot in 20", async () => {
    const tmdb = client({}, { ratePerSecond: 100, concurrency: 24 });
    const films = Object.values(fakeMovies);
    const details = films.slice(0, 5).map((movie) => tmdb.getMovie(movie.id, { lane: "background" }));
    const lookups = Array.from({ length: 45 }, (_, i) => tmdb.searchMovies(`${films[i % films.length]!.title} ${i}`, { lane: "bulk" }));
    await Promise.all([...details, ...lookups]);
    const detailsAt = fake.requests.flatMap((request, i) => (request.path === "/search/movie" ? [] : [i]));
    // 19 lookups, a film's details, 19 lookups, details, the last 7 lookups, the other details.
    expect(detailsAt).toEqual([19, 39, 47, 48, 49]);
  });

  it("gives background work the slots bulk work leaves free, as between an import's batches", async () => {
    const tmdb = client({}, { ratePerSecond: 20, concurrency: 24 });
    const films = Object.values(fakeMovies);
    const lookups = [tmdb.searchMovies(films[0]!.title, { lane: "bulk" })];
    const details = films.slice(1, 6).map((movie) => tmdb.getMovie(movie.id, { lane: "background" }));
    for (const movie of films.slice(6, 9)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      lookups.push(tmdb.searchMovies(movie.title, { lane: "bulk" }));
    }
    await Promise.all([...lookups, ...details]);
    const order = fake.requests.map((request) => request.path);
    // At 20/s, four slots in each 200 ms gap: the five details went in the first gaps, not after the lookups.
    expect(order.filter((path) => path.startsWith("/movie/"))).toHaveLength(5);
    expect(order.findLastIndex((path) => path.startsWith("/movie/"))).toBeLessThan(order.lastIndexOf("/search/movie"));
  });

  it("pauses every lane for a 429's Retry-After, and bulk work outlasts a burst of them", async () => {
    const tmdb = client({ retries: 0 }, { maxRetryAfterMs: 5_000 });
    fake.failNext(429, 3, { "retry-after": "1" });
    const started = performance.now();
    const movie = await tmdb.getMovie(fakeMovies.alien.id, { lane: "bulk" });
    expect(movie.title).toBe("Alien");
    expect(performance.now() - started).toBeGreaterThanOrEqual(2_900);
    await expect(client({ retries: 0 }).getMovie(fakeMovies.alien.id)).resolves.toBeDefined();
  });

  it("drops waiting requests when their signal aborts: nothing more reaches TMDB", async () => {
    const tmdb = client({}, { ratePerSecond: 10 });
    const controller = new AbortController();
    const loads = Object.values(fakeMovies)
      .slice(0, 20)
      .map((movie) => tmdb.getMovie(movie.id, { lane: "bulk", signal: controller.signal }).catch((error: unknown) => error));
    await new Promise((resolve) => setTimeout(resolve, 250));
    controller.abort();
    const sent = fake.requests.length;
    await Promise.all(loads);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent).toBeLessThan(5);
    expect(fake.requests.length).toBe(sent);
  });
});

describe("normalization", () => {
  it("searches with year and page and reports TMDB's pagination", async () => {
    const tmdb = client();
    const dunes = await tmdb.searchMovies("dune", { year: 1984 });
    expect(dunes.results.map((movie) => movie.tmdbId)).toEqual([fakeMovies.dune1984.id]);
    expect(fake.requests[0].query).toMatchObject({ query: "dune", year: "1984" });

    const third = await tmdb.searchMovies("zorro", { page: 3 });
    expect(third).toMatchObject({ page: 3, totalPages: 3, totalResults: 45 });
    expect(third.results).toHaveLength(5);
  });

  it("finds both movies titled Dune, most popular first", async () => {
    const { results } = await client().searchMovies("Dune");
    const exact = results.filter((movie) => movie.title === "Dune");
    expect(exact.map((movie) => movie.releaseDate?.slice(0, 4))).toEqual(["2021", "1984"]);
  });

  it("turns empty dates, overviews and runtimes and missing posters into null", async () => {
    const tmdb = client();
    const movie = await tmdb.getMovie(fakeMovies.undated.id);
    expect(movie).toMatchObject({
      releaseDate: null,
      posterPath: null,
      overview: null,
      runtime: null,
      directors: ["Ines Varga"],
      cast: [],
    });
    const [found] = (await tmdb.searchMovies("untitled lighthouse")).results;
    expect(found).toMatchObject({ tmdbId: fakeMovies.undated.id, releaseDate: null, posterPath: null });
  });

  it("keeps every director, and only the job Director", async () => {
    const tmdb = client();
    expect((await tmdb.getMovie(fakeMovies.matrix.id)).directors).toEqual(["Lana Wachowski", "Lilly Wachowski"]);
    expect((await tmdb.getMovie(fakeMovies.coco.id)).directors).toEqual(["Lee Unkrich"]);
    expect(fake.requests[0].query.append_to_response).toBe("credits,release_dates,watch/providers");
  });

  it("reads details with unknown fields, genres by name and the top 10 of the cast", async () => {
    const movie = await client().getMovie(fakeMovies.darkKnight.id);
    expect(movie.genres).toContainEqual({ id: 80, name: "Crime" });
    expect(movie.cast).toHaveLength(10);
    expect(movie.cast[0]).toEqual({ id: 3894, name: "Christian Bale", character: "Bruce Wayne" });
    const inception = await client().getMovie(fakeMovies.inception.id);
    expect(inception).toMatchObject({ title: "Inception", releaseDate: "2010-07-15", runtime: 148, directors: ["Christopher Nolan"] });
    expect(inception.cast[0]).toEqual({ id: 6193, name: "Leonardo DiCaprio", character: "Cobb" });
    expect(inception).not.toHaveProperty("softcore");
  });

  it("reads recommendations, old-style items without genre_ids or popularity included", async () => {
    const recommendations = await client().getRecommendations(fakeMovies.inception.id);
    expect(recommendations.results.map((movie) => movie.tmdbId)).toEqual(fakeMovies.inception.recommendations);

    const page = await client().searchMovies("metropolis");
    expect(page.results[0]).toMatchObject({ tmdbId: fakeMovies.metropolis.id, genreIds: [], popularity: 0 });
  });

  it("makes storable data of a NUL in a title and of an absurd runtime", async () => {
    fake.sendNext(
      200,
      JSON.stringify({
        id: 6,
        title: "Nul\u0000Title",
        runtime: 1e12,
        credits: { cast: [], crew: [{ name: "D\u0000", job: "Director" }] },
      }),
    );
    const movie = await client().getMovie(6);
    expect(movie).toMatchObject({ title: "NulTitle", runtime: null, directors: ["D"] });
  });

  it("refuses an answer about another movie than the one asked for", async () => {
    fake.sendNext(200, JSON.stringify({ id: 27205, title: "Inception" }));
    const error = await failure(client().getMovie(7));
    expect(error.kind).toBe("bad_response");
  });

  it("keeps the readable items of a page with odd entries", async () => {
    fake.sendNext(
      200,
      JSON.stringify({
        page: 1,
        total_pages: 1,
        total_results: 3,
        results: [
          { id: 1, title: "Fine", popularity: "very", genre_ids: "28", release_date: null, media_type: "movie" },
          { title: "No id" },
          { id: 2, title: "Also fine", release_date: "1999-01-01" },
        ],
      }),
    );
    const page = await client().searchMovies("anything");
    expect(page.results).toEqual([
      expect.objectContaining({ tmdbId: 1, popularity: 0, genreIds: [], releaseDate: null }),
      expect.objectContaining({ tmdbId: 2, releaseDate: "1999-01-01" }),
    ]);
  });

  it("orders the cast by `order`, dedupes directors", async () => {
    const crew = [
      { name: "A", job: "Director" },
      { name: "B", job: "Producer" },
      { name: "A", job: "Director" },
      { name: "C", job: "Director" },
    ];
    const cast = Array.from({ length: 14 }, (_, i) => ({
      id: i,
      name: `Actor ${i}`,
      character: i === 0 ? "" : `Role ${i}`,
      order: 13 - i,
    }));
    fake.sendNext(200, JSON.stringify({ id: 5, title: "Shuffled", credits: { cast, crew } }));
    const movie = await client().getMovie(5);
    expect(movie.directors).toEqual(["A", "C"]);
    expect(movie.cast.map((member) => member.id)).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
    expect(movie.genres).toEqual([]);
  });

  it("asks for the genre list once", async () => {
    const tmdb = client();
    const genres = await tmdb.getGenres();
    expect(genres).toContainEqual({ id: 878, name: "Science Fiction" });
    await tmdb.getGenres();
    expect(fake.requests.filter((request) => request.path === "/genre/movie/list")).toHaveLength(1);
  });

  it("reads Retry-After as seconds or as a date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(null)).toBe(0);
    expect(retryAfterMs("soon")).toBe(0);
  });
});

describe("where-to-watch data", () => {
  const release = (type: number | undefined, certification: string | undefined) => ({ certification, type, note: "", iso_639_1: "" });

  it("takes each region's theatrical certification, else the digital one; empty ones are none", () => {
    const regions = [
      { iso_3166_1: "US", release_dates: [release(1, ""), release(3, "PG-13"), release(5, "PG-13")] },
      { iso_3166_1: "FR", release_dates: [release(3, ""), release(4, " U "), release(4, "")] },
      { iso_3166_1: "PE", release_dates: [release(3, "")] },
      { iso_3166_1: "CH", release_dates: [release(1, "12"), release(3, "")] },
      { iso_3166_1: "DE", release_dates: [release(undefined, "6"), release(2, "12")] },
      { iso_3166_1: "xx", release_dates: [release(3, "R")] },
      { release_dates: [release(3, "R")] },
    ];
    // A premiere's certification (CH) or one without a type is not the region's rating.
    expect(certificationsOf(regions)).toEqual({ US: "PG-13", FR: "U", DE: "12" });
  });

  it("keeps the regions with providers, their link, and drops odd entries and repeats", () => {
    const offer = (id: unknown, name: unknown, priority?: unknown) => ({
      provider_id: id,
      provider_name: name,
      display_priority: priority,
      logo_path: "/x.jpg",
    });
    const providers = providersOf({
      GB: {
        link: "https://example.org/gb",
        flatrate: [offer(8, "Netflix", 3), offer("8", "Broken"), offer(8, "Netflix", 3)],
        rent: [offer(2, "Apple TV")],
      },
      AT: { link: "https://example.org/at" },
      DE: {},
      eu: { flatrate: [offer(1, "Somewhere")] },
      US: "nonsense",
    });
    expect(providers).toEqual({
      GB: {
        link: "https://example.org/gb",
        flatrate: [{ id: 8, name: "Netflix", displayPriority: 3 }],
        free: [],
        ads: [],
        rent: [{ id: 2, name: "Apple TV", displayPriority: null }],
        buy: [],
      },
      AT: { link: "https://example.org/at", flatrate: [], free: [], ads: [], rent: [], buy: [] },
    });
  });

  it("reads details without release_dates or watch/providers as null (not as 'none anywhere')", async () => {
    fake.sendNext(200, JSON.stringify({ id: fakeMovies.inception.id, title: "Inception" }));
    const movie = await client().getMovie(fakeMovies.inception.id);
    expect(movie).toMatchObject({ certifications: null, watchProviders: null, countries: [], originalLanguage: null });
  });

  it("sorts each region's certification scale by TMDB's order, dropping empty ones", () => {
    const item = (certification: string, order: number) => ({ certification, meaning: "…", order });
    expect(parseCertificationScales({ certifications: { US: [item("R", 4), item("G", 1), item("", 0), item("PG", 2)], x1: [] } })).toEqual({
      US: ["G", "PG", "R"],
    });
  });

  it("reads the provider list and the certification list from TMDB", async () => {
    const tmdb = client();
    expect(await tmdb.getWatchProviderList()).toContainEqual({ id: 8, name: "Netflix", displayPriority: 1 });
    expect((await tmdb.getCertificationScales()).GB).toEqual(["U", "PG", "12A", "12", "15", "18", "R18"]);
  });
});
