// Every route of the app but the public ones, called with no token, a malformed token and a forged one,
// answers 401 (the routes are read from the app, so a new router is covered without being listed here);
// another user's data is never visible and answers 404.
import jwt from "jsonwebtoken";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.js";
import { silentLogger } from "../../src/logger.js";
import { createTestApi, JWT_SECRET } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});

// The routes anyone may call; every other route of the app must refuse a request without a valid token.
const PUBLIC = ["GET /health", "GET /openapi.json", "POST /auth/login", "POST /auth/register"];

/** The app's own routes (middleware is registered as ALL), path parameters filled in. */
function routesOf(app: { routes: { method: string; path: string }[] }): Array<[string, string]> {
  const names = new Set(app.routes.filter((route) => route.method !== "ALL").map((route) => `${route.method} ${route.path}`));
  return [...names].map((name) => {
    const [method, path] = name.split(" ");
    return [method, path.replace(/:[^/]+/g, "27205")];
  });
}

// The routes are known before any request: an app over placeholders lists them for describe.each.
const app = createApp({
  db: {} as never,
  tmdb: {} as never,
  coordination: { onSessionEnded() {} } as never,
  logger: silentLogger,
  jwtSecret: JWT_SECRET,
  jwtExpiresIn: "1h",
});
const protectedRoutes = routesOf(app).filter(([method, path]) => !PUBLIC.includes(`${method} ${path}`));

it("finds the protected routes in the app itself", () => {
  expect(protectedRoutes).toContainEqual(["PUT", "/ratings/27205"]);
  expect(protectedRoutes).toContainEqual(["POST", "/import"]);
  expect(routesOf(app).length - protectedRoutes.length).toBe(PUBLIC.length);
});

// A plausible body, so that a route validating its body before the token check would be caught too.
const plausibleBody = { rating: "LIKE", priority: "HIGH", version: 1, ratings: [], watchlist: [] };

describe.each(protectedRoutes)("%s %s", (method, path) => {
  const body = method === "GET" || method === "HEAD" ? undefined : plausibleBody;

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
