import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});

describe("/me", () => {
  it("GET answers the caller's account without the password hash", async () => {
    const { token, user } = await api.register("linus");
    const response = await api.request("GET", "/me", { token });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ id: user.id, email: "linus@example.com", username: "linus", createdAt: expect.any(String) });
    expect(response.text).not.toContain("passwordHash");
  });

  it("DELETE removes the account with its ratings and watchlist; movies stay; the token stops working", async () => {
    const { token, user } = await api.register("margaret");
    const other = await api.register("ken");
    expect((await api.request("PUT", "/ratings/27205", { token, body: { rating: "LIKE" } })).status).toBe(200);
    expect((await api.request("PUT", "/watchlist/157336", { token, body: { priority: "HIGH" } })).status).toBe(201);
    expect((await api.request("PUT", "/ratings/27205", { token: other.token, body: { rating: "OK" } })).status).toBe(200);

    const response = await api.request("DELETE", "/me", { token });
    expect(response.status).toBe(204);
    expect(await api.db.user.findUnique({ where: { id: user.id } })).toBeNull();
    expect(await api.db.userMovie.count({ where: { userId: user.id } })).toBe(0);
    expect(await api.db.watchlist.count({ where: { userId: user.id } })).toBe(0);
    expect(await api.db.movie.count({ where: { tmdbId: { in: [27205, 157336] } } })).toBe(2);
    expect(await api.db.userMovie.count({ where: { userId: other.user.id } })).toBe(1);
    expect((await api.request("GET", "/me", { token })).status).toBe(401);
  });
});

describe("GET /health", () => {
  it("answers ok when the database answers", async () => {
    const response = await api.request("GET", "/health");
    expect(response.status).toBe(200);
    expect(response.json.status).toBe("ok");
  });
});
