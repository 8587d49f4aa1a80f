import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
let token: string;
beforeAll(async () => {
  api = await createTestApi();
  ({ token } = await api.register("searcher"));
});

describe("GET /movies/search", () => {
  it("answers TMDB's page wrapped as the contract says, marking the caller's rating and queue state", async () => {
    await api.request("PUT", "/ratings/438631", { token, body: { rating: "LIKE" } }); // Dune (2021)
    await api.request("PUT", "/watchlist/841", { token, body: { priority: "LOW" } }); // Dune (1984)
    const response = await api.request("GET", "/movies/search?q=dune", { token });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ page: 1, totalPages: expect.any(Number), totalResults: expect.any(Number) });
    const byId = new Map(response.json.results.map((r: any) => [r.tmdbId, r]));
    expect(byId.get(438631)).toMatchObject({ title: "Dune", year: 2021, myRating: "LIKE", queued: null });
    expect(byId.get(841)).toMatchObject({ title: "Dune", year: 1984, myRating: null, queued: "LOW" });

    const other = await api.register("someone-else");
    const theirs = await api.request("GET", "/movies/search?q=dune", { token: other.token });
    expect(theirs.json.results.every((r: any) => r.myRating === null && r.queued === null)).toBe(true);
  });

  it("passes the year to TMDB", async () => {
    const response = await api.request("GET", "/movies/search?q=dune&year=1984", { token });
    expect(response.json.results.map((r: any) => r.tmdbId)).toContain(841);
    expect(response.json.results.map((r: any) => r.tmdbId)).not.toContain(438631);
  });
});

describe("GET /movies/:tmdbId", () => {
  it("answers the cached movie with the caller's state and a stale flag", async () => {
    const response = await api.request("GET", "/movies/438631", { token });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      tmdbId: 438631,
      title: "Dune",
      director: "Denis Villeneuve",
      myRating: "LIKE",
      queued: null,
      stale: false,
    });
  });

  it("serves an outdated row marked stale when TMDB is down", async () => {
    await api.db.movie.update({ where: { tmdbId: 438631 }, data: { lastUpdated: new Date(Date.now() - 40 * 86_400_000) } });
    api.fakeTmdb.setDown(true);
    try {
      const response = await api.request("GET", "/movies/438631", { token });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ title: "Dune", stale: true });
    } finally {
      api.fakeTmdb.setDown(false);
    }
  });

  it("keeps every director of a film with several", async () => {
    const response = await api.request("GET", "/movies/603", { token });
    expect(response.json.directors).toEqual(["Lana Wachowski", "Lilly Wachowski"]);
    expect(response.json.director).toBe("Lana Wachowski, Lilly Wachowski");
  });
});

describe("TMDB rate limiting", () => {
  it("answers 503 with TMDB's Retry-After when TMDB keeps saying 429", async () => {
    api.fakeTmdb.failNext(429, 3, { "Retry-After": "7" }); // every try: the first and two retries
    const response = await api.request("GET", "/movies/1124", { token });
    expect(response.status).toBe(503);
    expect(response.json.error.code).toBe("tmdb_rate_limited");
    expect(response.headers.get("Retry-After")).toBe("7");
  });

  it("recovers after one 429", async () => {
    api.fakeTmdb.failNext(429, 1, { "Retry-After": "0" });
    const response = await api.request("GET", "/movies/77", { token });
    expect(response.status).toBe(200);
    expect(response.json.title).toBe("Memento");
  });
});
