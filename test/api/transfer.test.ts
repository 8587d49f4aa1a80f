import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;

beforeAll(async () => {
  api = await createTestApi();
});

describe("GET /export and POST /import", () => {
  it("need a token", async () => {
    expect((await api.request("GET", "/export")).status).toBe(401);
    expect((await api.request("POST", "/import", { body: { version: 1 } })).status).toBe(401);
  });

  it("export → import?dryRun=true → import: counts, then the same document", async () => {
    const alice = await api.register("transfer_alice");
    await api.request("PUT", "/ratings/27205", { token: alice.token, body: { rating: "LIKE" } });
    await api.request("PUT", "/watchlist/329865", { token: alice.token, body: { priority: "HIGH" } });
    const exported = await api.request("GET", "/export", { token: alice.token });
    expect(exported.status).toBe(200);
    expect(exported.json).toMatchObject({
      version: 1,
      user: { username: "transfer_alice", email: "transfer_alice@example.com" },
      ratings: [{ tmdbId: 27205, title: "Inception", year: 2010, rating: "LIKE", watched: true }],
      watchlist: [{ tmdbId: 329865, title: "Arrival", year: 2016, priority: "HIGH" }],
    });
    expect(JSON.stringify(exported.json)).not.toMatch(/passwordHash|\$2[aby]\$/);

    const bob = await api.register("transfer_bob");
    const dry = await api.request("POST", "/import?dryRun=true", { token: bob.token, body: exported.json });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, ratings: { added: 1 }, watchlist: { added: 1 } });
    expect((await api.request("GET", "/ratings", { token: bob.token })).json).toEqual([]);

    const done = await api.request("POST", "/import", { token: bob.token, body: exported.json });
    expect(done.json).toMatchObject({ dryRun: false, ratings: { added: 1 }, watchlist: { added: 1 }, skipped: [] });
    const copy = (await api.request("GET", "/export", { token: bob.token })).json;
    expect(copy.ratings).toEqual(exported.json.ratings);
    expect(copy.watchlist).toEqual(exported.json.watchlist);
  });
});
