// Every protected route, called with no token, a malformed token and a forged one, answers 401;
// another user's data is never visible and answers 404.
import jwt from "jsonwebtoken";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});

const protectedRoutes: Array<[string, string, unknown?]> = [
  ["GET", "/me"],
  ["DELETE", "/me"],
  ["GET", "/movies/search?q=inception"],
  ["GET", "/movies/27205"],
  ["GET", "/ratings"],
  ["PUT", "/ratings/27205", { rating: "LIKE" }],
  ["DELETE", "/ratings/27205"],
  ["GET", "/watchlist"],
  ["PUT", "/watchlist/27205", { priority: "HIGH" }],
  ["DELETE", "/watchlist/27205"],
  ["POST", "/watchlist/27205/watched", { rating: "LIKE" }],
  ["GET", "/recommendations"],
  ["GET", "/stats"],
  ["GET", "/export"],
  ["POST", "/import", { version: 1, ratings: [], watchlist: [] }],
  ["GET", "/friends"],
  ["PUT", "/friends/someone"],
  ["DELETE", "/friends/someone"],
  ["GET", "/friends/someone/watchlist"],
  ["GET", "/pick?with=someone"],
  ["GET", "/suggestions"],
  ["POST", "/suggestions", { tmdbId: 27205, to: "someone" }],
];

describe.each(protectedRoutes)("%s %s", (method, path, body) => {
  it("answers 401 without a token", async () => {
    const response = await api.request(method, path, { body });
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe("unauthorized");
  });

  it("answers 401 for a malformed or forged token", async () => {
    expect((await api.request(method, path, { body, token: "not.a.jwt" })).status).toBe(401);
    const forged = jwt.sign({ sub: "00000000-0000-0000-0000-000000000000" }, "guessed secret");
    expect((await api.request(method, path, { body, token: forged })).status).toBe(401);
  });
});

describe("another user's data", () => {
  it("is invisible: lists are the caller's own and deletes of the other's rows answer 404", async () => {
    const alice = await api.register("alice");
    const bob = await api.register("bob");
    await api.request("PUT", "/ratings/27205", { token: alice.token, body: { rating: "SUPER_LIKE" } });
    await api.request("PUT", "/watchlist/157336", { token: alice.token, body: { priority: "HIGH" } });

    expect((await api.request("GET", "/ratings", { token: bob.token })).json).toEqual([]);
    expect((await api.request("GET", "/watchlist", { token: bob.token })).json).toEqual([]);
    expect((await api.request("DELETE", "/ratings/27205", { token: bob.token })).status).toBe(404);
    expect((await api.request("DELETE", "/watchlist/157336", { token: bob.token })).status).toBe(404);

    const movie = await api.request("GET", "/movies/27205", { token: bob.token });
    expect(movie.json).toMatchObject({ myRating: null, queued: null });

    // Bob rating the same movie is his own row; Alice's is untouched.
    await api.request("PUT", "/ratings/27205", { token: bob.token, body: { rating: "DISLIKE" } });
    const aliceRatings = (await api.request("GET", "/ratings", { token: alice.token })).json;
    expect(aliceRatings.map((r: any) => r.rating)).toEqual(["SUPER_LIKE"]);
    expect((await api.request("GET", "/watchlist", { token: alice.token })).json).toHaveLength(1);
  });

  it("cannot be reached by putting a user id in the body or the query", async () => {
    const alice = await api.register("alice2");
    const mallory = await api.register("mallory");
    await api.request("PUT", "/ratings/155", { token: alice.token, body: { rating: "LIKE" } });
    const response = await api.request("GET", `/ratings?userId=${alice.user.id}`, { token: mallory.token });
    expect(response.json).toEqual([]);
    await api.request("PUT", "/ratings/155", { token: mallory.token, body: { rating: "DISLIKE", userId: alice.user.id } });
    const aliceRow = await api.db.userMovie.findFirstOrThrow({ where: { userId: alice.user.id } });
    expect(aliceRow.rating).toBe("LIKE");
  });
});
