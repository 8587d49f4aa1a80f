// Bad input gets 400 (unreadable) or 422 (readable but invalid) with { error: { code, message } }:
// never a 500, never a stack trace, and nothing stored changes.
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { errorResponse, MAX_BODY_BYTES } from "../../src/api/app.js";
import { validate } from "../../src/api/validation.js";
import { silentLogger } from "../../src/logger.js";
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

// Issue 17 item 9: JSON can carry "\ud800", which is no text (PostgreSQL refused a note holding one: 500).
describe("an unpaired UTF-16 surrogate", () => {
  const LONE = "\ud83c"; // the first half of an emoji, without its second
  let friend: Awaited<ReturnType<typeof api.register>>;
  beforeAll(async () => {
    friend = await api.register("surrogate-friend");
    await api.request("PUT", "/friends/surrogate-friend", { token });
    await api.request("PUT", "/friends/validator", { token: friend.token });
  });

  const refused: Array<[string, string, string, unknown]> = [
    ["a suggestion's note", "POST", "/suggestions", { tmdbId: 27205, to: "surrogate-friend", note: `watch it ${LONE}` }],
    [
      "a registration's username",
      "POST",
      "/auth/register",
      { email: "lone@example.com", username: `ann${LONE}`, password: "long enough pass" },
    ],
    ["a login's password", "POST", "/auth/login", { email: "validator@example.com", password: `pass${LONE}word` }],
    [
      "an import's title (a body its route reads itself)",
      "POST",
      "/import",
      {
        version: 1,
        ratings: [{ tmdbId: 27205, title: `Incep${LONE}tion`, rating: "LIKE" }],
        watchlist: [],
      },
    ],
    ["an object key", "PUT", "/watchlist/155", { priority: "HIGH", [`x${LONE}`]: 1 }],
  ];

  it.each(refused)("in %s is refused with 422 naming the field, and nothing is stored", async (_, method, path, body) => {
    const before = await api.db.suggestion.count();
    const response = await api.request(method, path, { token, body });
    expect(response.status, response.text).toBe(422);
    expect(response.json.error.message).toMatch(/unpaired UTF-16 surrogate/);
    expect(await api.db.suggestion.count()).toBe(before);
  });

  it("in a paired form (an emoji) is text like any other", async () => {
    const response = await api.request("POST", "/suggestions", {
      token,
      body: { tmdbId: 27205, to: "surrogate-friend", note: "watch it \ud83c\udfac" },
    });
    expect(response.status, response.text).toBe(201);
  });

  it("is refused by validate() whatever the route's schema says, nested anywhere (no route can forget it)", async () => {
    const app = new Hono()
      .post("/anything", validate("json", z.any()), (c) => c.json({ ok: true }))
      .onError((error, c) => errorResponse(error, c as never, { db: api.db, logger: silentLogger }));
    const send = (body: unknown) =>
      app.request("/anything", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    expect((await send({ a: [{ b: "fine \ud83c\udfac" }] })).status).toBe(200);
    const response = await send({ a: [{ b: `broken ${LONE}` }] });
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: { code: "invalid", message: `a.0.b: ${"must be valid Unicode text (an unpaired UTF-16 surrogate)"}` },
    });
  });
});
