// Leaving with everything and coming back: GET /export (version 2, with the viewing history) imported
// into a new account by POST /import gives the same ratings, queue and history; version 1 still imports.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;

beforeAll(async () => {
  api = await createTestApi();
});

const INCEPTION = 27205;
const ARRIVAL = 329865;
const INTERSTELLAR = 157336;

describe("GET /export and POST /import", () => {
  it("need a token", async () => {
    expect((await api.request("GET", "/export")).status).toBe(401);
    expect((await api.request("POST", "/import", { body: { version: 1 } })).status).toBe(401);
  });

  it("round trip of version 2 data: export → dry run → import into a new account → the same ratings, queue and history", async () => {
    const alice = await api.register("transfer_alice");
    const as = (token: string) => (method: string, path: string, body?: unknown) => api.request(method, path, { token, body });
    const aliceCalls = as(alice.token);
    await aliceCalls("PUT", `/ratings/${INCEPTION}`, { rating: "LIKE" });
    await aliceCalls("PUT", `/watchlist/${ARRIVAL}`, { priority: "HIGH" });
    await aliceCalls("POST", `/watchlist/${INTERSTELLAR}/watched`, { rating: "SUPER_LIKE", watchedOn: "2023-06-01" });
    await aliceCalls("POST", `/watchlist/${INTERSTELLAR}/watched`, { watchedOn: "2024-01-02" });
    await aliceCalls("POST", `/watchlist/${INCEPTION}/watched`, {});

    const exported = await aliceCalls("GET", "/export");
    expect(exported.status).toBe(200);
    expect(exported.json).toMatchObject({
      version: 3,
      user: { username: "transfer_alice", email: "transfer_alice@example.com" },
      watchlist: [{ tmdbId: ARRIVAL, title: "Arrival", year: 2016, priority: "HIGH" }],
    });
    expect(exported.json.history).toHaveLength(3);
    expect(JSON.stringify(exported.json)).not.toMatch(/passwordHash|\$2[aby]\$/);

    const bob = await api.register("transfer_bob");
    const bobCalls = as(bob.token);
    const dry = await bobCalls("POST", "/import?dryRun=true", exported.json);
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, ratings: { added: 2 }, watchlist: { added: 1 }, history: { added: 3 } });
    expect((await bobCalls("GET", "/ratings")).json).toEqual([]);

    const done = await bobCalls("POST", "/import", exported.json);
    expect(done.json).toMatchObject({ dryRun: false, ratings: { added: 2 }, watchlist: { added: 1 }, history: { added: 3 } });
    const copy = (await bobCalls("GET", "/export")).json;
    expect(copy.ratings).toEqual(exported.json.ratings);
    expect(copy.watchlist).toEqual(exported.json.watchlist);
    expect(copy.history).toEqual(exported.json.history);

    const again = await bobCalls("POST", "/import", exported.json);
    expect(again.json).toMatchObject({ ratings: { added: 0 }, watchlist: { added: 0 }, history: { added: 0 } });
  });

  it("round trip of version 3: lists come back the same (ranked and unranked, notes, dates, collaborators who are friends)", async () => {
    const carol = await api.register("transfer_carol");
    const dave = await api.register("transfer_dave");
    const erin = await api.register("transfer_erin");
    const as = (token: string) => (method: string, path: string, body?: unknown) => api.request(method, path, { token, body });
    const carolCalls = as(carol.token);
    await carolCalls("PUT", "/friends/transfer_dave");
    await as(dave.token)("PUT", "/friends/transfer_carol");
    await carolCalls("POST", "/lists", { name: "Top three", ranked: true, description: "Line one,\nline two", visibility: "server" });
    for (const tmdbId of [INCEPTION, ARRIVAL, INTERSTELLAR])
      await carolCalls("PUT", `/lists/transfer_carol/Top three/entries/${tmdbId}`, {});
    await carolCalls("PUT", `/lists/transfer_carol/Top three/entries/${INTERSTELLAR}`, { at: 1, note: "the best" });
    await carolCalls("PUT", "/lists/transfer_carol/Top three/collaborators/transfer_dave", { can: "edit" });
    await carolCalls("POST", "/lists", { name: "Someday", visibility: "private" });
    await carolCalls("PUT", `/lists/transfer_carol/Someday/entries/${ARRIVAL}`, { note: "with popcorn" });

    const exported = (await carolCalls("GET", "/export")).json;
    expect(exported.version).toBe(3);
    expect(exported.lists.map((list: any) => list.name)).toEqual(["Someday", "Top three"]);
    expect(exported.lists[1]).toEqual({
      name: "Top three",
      description: "Line one,\nline two",
      ranked: true,
      visibility: "server",
      collaborators: [{ username: "transfer_dave", can: "edit" }],
      entries: [
        { tmdbId: INTERSTELLAR, title: "Interstellar", year: 2014, position: 1, note: "the best", addedAt: expect.any(String) },
        { tmdbId: INCEPTION, title: "Inception", year: 2010, position: 2, note: null, addedAt: expect.any(String) },
        { tmdbId: ARRIVAL, title: "Arrival", year: 2016, position: 3, note: null, addedAt: expect.any(String) },
      ],
    });

    // erin is friends with dave too, so the collaboration can come back; a stranger's would be named in notImported.
    await as(erin.token)("PUT", "/friends/transfer_dave");
    await as(dave.token)("PUT", "/friends/transfer_erin");
    const erinCalls = as(erin.token);
    const done = await erinCalls("POST", "/import", exported.json ?? exported);
    expect(done.status, done.text).toBe(200);
    expect(done.json).toMatchObject({ lists: { added: 2, updated: 0, unchanged: 0 }, listEntries: { added: 4 }, notImported: [] });
    const copy = (await erinCalls("GET", "/export")).json;
    expect(copy.lists).toEqual(exported.lists);

    const again = await erinCalls("POST", "/import", exported);
    expect(again.json).toMatchObject({
      lists: { added: 0, updated: 0, unchanged: 2 },
      listEntries: { added: 0, updated: 0, unchanged: 4 },
    });
    expect((await erinCalls("GET", "/export")).json.lists).toEqual(exported.lists);

    // Without the friendship the collaborator is named, not shared with.
    const frank = await api.register("transfer_frank");
    const franked = await as(frank.token)("POST", "/import", exported);
    expect(franked.json.notImported).toEqual([
      { source: "list Top three", reason: "not shared with transfer_dave: not one of your friends" },
    ]);
  });

  it("imports a version 1 document (no history)", async () => {
    const carol = await api.register("transfer_v1");
    const v1 = {
      version: 1,
      exportedAt: "2025-01-01T00:00:00.000Z",
      user: { username: "someone", email: "someone@example.com" },
      ratings: [
        {
          tmdbId: INCEPTION,
          title: "Inception",
          year: 2010,
          rating: "OK",
          watched: true,
          createdAt: "2020-01-01T00:00:00.000Z",
          updatedAt: "2020-01-01T00:00:00.000Z",
        },
      ],
      watchlist: [{ tmdbId: ARRIVAL, title: "Arrival", year: 2016, priority: "LOW", addedAt: "2021-01-01T00:00:00.000Z" }],
    };
    const done = await api.request("POST", "/import", { token: carol.token, body: v1 });
    expect(done.json.lists).toEqual({ added: 0, updated: 0, unchanged: 0 });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ ratings: { added: 1 }, watchlist: { added: 1 } });
    const ratings = (await api.request("GET", "/ratings", { token: carol.token })).json;
    expect(ratings).toMatchObject([{ rating: "OK", createdAt: "2020-01-01T00:00:00.000Z", movie: { tmdbId: INCEPTION } }]);
  });
});
