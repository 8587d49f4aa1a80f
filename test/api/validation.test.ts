// Bad input gets 400 (unreadable) or 422 (readable but invalid) with { error: { code, message } }:
// never a 500, never a stack trace, and nothing stored changes.
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../src/api/app.js";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
let token: string;
beforeAll(async () => {
  api = await createTestApi();
  ({ token } = await api.register("validator"));
  await api.request("PUT", "/ratings/27205", { token, body: { rating: "LIKE" } });
});

const json = { "Content-Type": "application/json" };

const cases: Array<[string, string, string, { body?: unknown; rawBody?: string; headers?: Record<string, string> }, number]> = [
  ["malformed JSON", "PUT", "/ratings/27205", { rawBody: '{"rating":', headers: json }, 400],
  ["a JSON array body", "PUT", "/ratings/27205", { body: ["LIKE"] }, 422],
  ["a number for the rating", "PUT", "/ratings/27205", { body: { rating: 5 } }, 422],
  ["an unknown rating", "PUT", "/ratings/27205", { body: { rating: "MEH" } }, 422],
  ["no rating", "PUT", "/ratings/27205", { body: {} }, 422],
  ["an unknown priority", "PUT", "/watchlist/155", { body: { priority: "URGENT" } }, 422],
  ["a non-numeric id", "PUT", "/ratings/inception", { body: { rating: "LIKE" } }, 400],
  ["a negative id", "GET", "/movies/-5", {}, 400],
  ["a zero id", "GET", "/movies/0", {}, 400],
  ["a huge id", "PUT", "/ratings/99999999999999999999", { body: { rating: "LIKE" } }, 400],
  ["an id just past 32 bits", "GET", "/movies/2147483648", {}, 400],
  ["a fractional id", "DELETE", "/watchlist/1.5", {}, 400],
  ["an unknown sort", "GET", "/ratings?sort=rating", {}, 422],
  ["an unknown rating filter", "GET", "/ratings?rating=like,meh", {}, 422],
  ["a zero limit", "GET", "/ratings?limit=0", {}, 422],
  ["a non-numeric limit", "GET", "/ratings?limit=ten", {}, 422],
  ["an unknown priority filter", "GET", "/watchlist?priority=urgent", {}, 422],
  ["an empty search", "GET", "/movies/search?q=", {}, 422],
  ["a search without q", "GET", "/movies/search", {}, 422],
  ["a NUL in the search text", "GET", "/movies/search?q=inc%00eption", {}, 422],
  ["a search text of punctuation only", "GET", "/movies/search?q=%21%3F", {}, 422],
  ["a search year out of range", "GET", "/movies/search?q=dune&year=20211", {}, 422],
  ["a search page past TMDB's 500", "GET", "/movies/search?q=dune&page=501", {}, 422],
  ["an oversized body", "PUT", "/ratings/27205", { body: { rating: "LIKE", padding: "x".repeat(MAX_BODY_BYTES) } }, 413],
];

describe("bad input", () => {
  it.each(cases)("%s → %s %s answers the right status with the error shape", async (_, method, path, options, status) => {
    const response = await api.request(method, path, { token, ...options });
    expect(response.status).toBe(status);
    expect(response.json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
    expect(response.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("changed nothing stored", async () => {
    const ratings = await api.db.userMovie.findMany({ include: { movie: true } });
    expect(ratings.map((r) => [r.movie.tmdbId, r.rating])).toEqual([[27205, "LIKE"]]);
    expect(await api.db.watchlist.count()).toBe(0);
  });

  it("an unknown route answers 404 in the error shape", async () => {
    const response = await api.request("GET", "/nope", { token });
    expect(response.status).toBe(404);
    expect(response.json.error.code).toBe("not_found");
  });
});
