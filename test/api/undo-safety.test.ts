// What undo must never do (issue 17, items 1, 7 and 8): bring back a friendship the other side ended
// or leave two rows for a pair; file a late import batch under an undone import; stay stuck on an
// activity that can no longer be undone.
import { beforeAll, describe, expect, it } from "vitest";
import { pairKey } from "../../src/services/friends.js";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});

const INCEPTION = 27205;
const INTERSTELLAR = 157336;

async function newUser(name: string) {
  const { token, user } = await api.register(name);
  const call = async (method: string, path: string, body?: unknown) => api.request(method, path, { token, body });
  const friends = async () => (await call("GET", "/friends")).json.map((f: any) => [f.username, f.status]);
  return { token, id: user.id, name, call, friends };
}
type User = Awaited<ReturnType<typeof newUser>>;

const befriend = async (a: User, b: User) => {
  await a.call("PUT", `/friends/${b.name}`);
  expect((await b.call("PUT", `/friends/${a.name}`)).json.status).toBe("friends");
};
const rowsOfPair = (a: User, b: User) =>
  api.db.friendship.count({
    where: {
      OR: [
        { requesterId: a.id, addresseeId: b.id },
        { requesterId: b.id, addresseeId: a.id },
      ],
    },
  });

describe("undo of an unfriend (item 1)", () => {
  it("is refused with one line saying the other side must add again; the friend's queue stays closed", async () => {
    const ann = await newUser("ann1");
    const bob = await newUser("bob1");
    await befriend(ann, bob);
    await bob.call("PUT", `/watchlist/${INCEPTION}`, { priority: "HIGH" });
    expect((await ann.call("DELETE", "/friends/bob1")).status).toBe(200);

    const undo = await ann.call("POST", "/activity/undo");
    expect(undo.status).toBe(409);
    expect(undo.json.error).toEqual({
      code: "undo_refused",
      message:
        "cannot undo unfriend bob1: undo does not bring back a friendship or a friend request (bob1 must add you again); nothing was undone, and the next undo reaches the change before it",
    });
    expect(await ann.friends()).toEqual([]);
    expect(await bob.friends()).toEqual([]);
    expect((await ann.call("GET", "/friends/bob1/watchlist")).status).toBe(404);
    expect(await rowsOfPair(ann, bob)).toBe(0);
  });

  it("never leaves two rows for a pair: the other side's new request stays the one row", async () => {
    const ann = await newUser("ann2");
    const bob = await newUser("bob2");
    await befriend(ann, bob);
    await ann.call("DELETE", "/friends/bob2");
    expect((await bob.call("PUT", "/friends/ann2")).status).toBe(201);

    expect((await ann.call("POST", "/activity/undo")).status).toBe(409);
    expect(await rowsOfPair(ann, bob)).toBe(1);
    expect(await ann.friends()).toEqual([["bob2", "incoming"]]);
    expect(await bob.friends()).toEqual([["ann2", "requested"]]);
  });

  it("undoing one's own acceptance ends the friendship again, and what it shared with it", async () => {
    const ann = await newUser("ann3");
    const bob = await newUser("bob3");
    await befriend(bob, ann); // ann accepted: her activity
    expect((await bob.call("POST", "/suggestions", { tmdbId: INCEPTION, to: "ann3" })).status).toBe(201);
    const undo = await ann.call("POST", "/activity/undo");
    expect(undo.status).toBe(200);
    expect(undo.json.undone).toMatchObject({ action: "friend", detail: "bob3" });
    expect(await ann.friends()).toEqual([["bob3", "incoming"]]);
    expect((await ann.call("GET", "/suggestions")).json).toEqual([]);
    expect((await api.db.friendship.findUniqueOrThrow({ where: { pairKey: pairKey(ann.id, bob.id) } })).status).toBe("PENDING");
  });

  it("a block that ended a friendship is not undone either (unblock lifts the block; the friendship stays ended)", async () => {
    const ann = await newUser("ann4");
    const bob = await newUser("bob4");
    await befriend(ann, bob);
    await ann.call("PUT", "/friends/bob4/block");
    const undo = await ann.call("POST", "/activity/undo");
    expect(undo.status).toBe(409);
    expect(undo.json.error.code).toBe("undo_refused");
    expect(await ann.friends()).toEqual([["bob4", "blocked"]]);
  });
});

describe("an activity that can no longer be undone is skipped (item 8)", () => {
  it("after an ex-friend deletes their account: reported once, then the next undo reaches the change before", async () => {
    const ann = await newUser("ann5");
    const bob = await newUser("bob5");
    await ann.call("PUT", `/ratings/${INTERSTELLAR}`, { rating: "LIKE" });
    await befriend(ann, bob);
    await ann.call("DELETE", "/friends/bob5");
    expect((await bob.call("DELETE", "/me")).status).toBe(204);

    // the unfriend, then the request ann sent (its row went with bob's account): each reported once, never 404
    const first = await ann.call("POST", "/activity/undo");
    expect([first.status, first.json.error.code]).toEqual([409, "undo_refused"]);
    const second = await ann.call("POST", "/activity/undo");
    expect([second.status, second.json.error.code]).toEqual([409, "undo_conflict"]);
    expect(second.json.error.message).toMatch(/^cannot undo friend bob5: a row it wrote has changed since/);
    const third = await ann.call("POST", "/activity/undo");
    expect(third.status).toBe(200);
    expect(third.json.undone).toMatchObject({ action: "rate", movie: expect.objectContaining({ tmdbId: INTERSTELLAR }) });
    expect((await ann.call("POST", "/activity/undo")).status).toBe(404);
    const log = (await ann.call("GET", "/activity")).json.map((e: any) => [e.action, e.undone, e.undoRefused !== null]);
    expect(log).toEqual([
      ["undo", false, false],
      ["unfriend", false, true],
      ["friend", false, true],
      ["rate", true, false],
    ]);
  });

  it("a restore that would point to a deleted account is refused and skipped, not 404 forever", async () => {
    const ann = await newUser("ann6");
    const bob = await newUser("bob6");
    await ann.call("PUT", `/ratings/${INCEPTION}`, { rating: "OK" });
    await ann.call("PUT", "/friends/bob6/block");
    await ann.call("DELETE", "/friends/bob6/block"); // unblock: its undo would re-insert the block of bob
    await bob.call("DELETE", "/me");
    const refused = await ann.call("POST", "/activity/undo");
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/^cannot undo unblock bob6: what it refers to is gone/);
    // the block itself: its row went with bob's account
    expect((await ann.call("POST", "/activity/undo")).status).toBe(409);
    expect((await ann.call("POST", "/activity/undo")).json.undone).toMatchObject({ action: "rate" });
  });
});

describe("a late batch of an undone import (item 7)", () => {
  const batch = (importId: string, tmdbId: number) => ({
    importId,
    format: "letterboxd",
    entries: [{ ref: `row ${tmdbId}`, tmdbId, rating: "LIKE" }],
  });

  it("is refused with 409 import_undone, writing nothing; the next undo leaves older changes alone", async () => {
    const ann = await newUser("importer7");
    await ann.call("PUT", `/watchlist/${INTERSTELLAR}`, { priority: "HIGH" });
    const importId = "2b0f7a52-0c9c-4a4e-9d7b-6a1f2e1c0a11";
    expect((await ann.call("POST", "/import", batch(importId, INCEPTION))).status).toBe(200);
    expect((await ann.call("POST", "/activity/undo")).json.undone).toMatchObject({ action: "import" });

    const late = await ann.call("POST", "/import", batch(importId, 155));
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe("import_undone");
    expect((await ann.call("GET", "/ratings")).json).toEqual([]);
    // Nothing left to undo but the queue entry, which is still there to undo.
    expect((await ann.call("GET", "/watchlist")).json.map((q: any) => q.movie.tmdbId)).toEqual([INTERSTELLAR]);
    expect((await ann.call("POST", "/activity/undo")).json.undone).toMatchObject({ action: "queue" });
  });

  it("a new import (another importId) is an activity of its own", async () => {
    const ann = await newUser("importer8");
    expect((await ann.call("POST", "/import", batch("1d1f2c3b-0000-4000-8000-000000000001", INCEPTION))).status).toBe(200);
    await ann.call("POST", "/activity/undo");
    expect((await ann.call("POST", "/import", batch("1d1f2c3b-0000-4000-8000-000000000002", INCEPTION))).status).toBe(200);
    expect((await ann.call("GET", "/ratings")).json).toHaveLength(1);
  });
});
