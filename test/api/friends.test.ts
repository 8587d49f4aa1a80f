// Friends by mutual consent through the HTTP API: the state machine, and the sharing matrix (every
// route that shows one user's data to another answers the same 404 to anyone who is not a friend).
import jwt from "jsonwebtoken";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
type Account = Awaited<ReturnType<typeof api.register>>;

beforeAll(async () => {
  api = await createTestApi();
});

const friendsOf = async (account: Account) => {
  const response = await api.request("GET", "/friends", { token: account.token });
  expect(response.status).toBe(200);
  return response.json as Array<{ username: string; status: string; since: string }>;
};

describe("the friendship state machine", () => {
  let ann: Account;
  let ben: Account;
  beforeAll(async () => {
    ann = await api.register("ann");
    ben = await api.register("ben");
  });

  it("a request is 'requested' for the sender and 'incoming' for the addressee; asking again changes nothing", async () => {
    const sent = await api.request("PUT", "/friends/ben", { token: ann.token });
    expect(sent.status).toBe(201);
    expect(sent.json).toEqual({ username: "ben", status: "requested", since: expect.any(String) });
    const again = await api.request("PUT", "/friends/ben", { token: ann.token });
    expect(again.status).toBe(200);
    expect(again.json).toEqual(sent.json);

    expect(await friendsOf(ann)).toEqual([{ username: "ben", status: "requested", since: sent.json.since }]);
    expect(await friendsOf(ben)).toEqual([{ username: "ann", status: "incoming", since: sent.json.since }]);
    expect(await api.db.friendship.count()).toBe(1);
  });

  it("the addressee adding back accepts: both are friends, since the acceptance", async () => {
    const accepted = await api.request("PUT", "/friends/ann", { token: ben.token });
    expect(accepted.status).toBe(200);
    expect(accepted.json).toMatchObject({ username: "ann", status: "friends" });
    const row = await api.db.friendship.findFirstOrThrow();
    expect(row).toMatchObject({ requesterId: ann.user.id, addresseeId: ben.user.id, status: "ACCEPTED" });
    expect(new Date(accepted.json.since)).toEqual(row.acceptedAt);
    expect(await friendsOf(ann)).toEqual([{ username: "ben", status: "friends", since: accepted.json.since }]);
    expect(await friendsOf(ben)).toEqual([{ username: "ann", status: "friends", since: accepted.json.since }]);
    // Adding an existing friend is a no-op.
    expect((await api.request("PUT", "/friends/ben", { token: ann.token })).json.status).toBe("friends");
  });

  it("remove ends the friendship for both; a new request starts over as pending", async () => {
    const removed = await api.request("DELETE", "/friends/ann", { token: ben.token });
    expect(removed.status).toBe(200);
    expect(removed.json).toMatchObject({ username: "ann", status: "friends" });
    expect(await friendsOf(ann)).toEqual([]);
    expect(await friendsOf(ben)).toEqual([]);
    expect((await api.request("DELETE", "/friends/ann", { token: ben.token })).status).toBe(404);

    const again = await api.request("PUT", "/friends/ann", { token: ben.token });
    expect(again.status).toBe(201);
    expect(await friendsOf(ann)).toEqual([{ username: "ben", status: "incoming", since: again.json.since }]);
  });

  it("declining (the addressee removes) and withdrawing (the sender removes) both leave nothing", async () => {
    const declined = await api.request("DELETE", "/friends/ben", { token: ann.token });
    expect(declined.json).toMatchObject({ username: "ben", status: "incoming" });
    expect(await friendsOf(ben)).toEqual([]);
    await api.request("PUT", "/friends/ann", { token: ben.token });
    const withdrawn = await api.request("DELETE", "/friends/ann", { token: ben.token });
    expect(withdrawn.json).toMatchObject({ username: "ann", status: "requested" });
    expect(await friendsOf(ann)).toEqual([]);
    expect(await api.db.friendship.count()).toBe(0);
  });

  it("two users asking each other at the same time end up friends, with one row", async () => {
    const cat = await api.register("cat");
    const dan = await api.register("dan");
    await Promise.all([api.request("PUT", "/friends/dan", { token: cat.token }), api.request("PUT", "/friends/cat", { token: dan.token })]);
    expect(await api.db.friendship.count({ where: { OR: [{ requesterId: cat.user.id }, { addresseeId: cat.user.id }] } })).toBe(1);
    // Whichever came second accepted the first; if both saw nothing, the lock made the second see the first.
    expect((await friendsOf(cat))[0].status).toBe("friends");
  });

  it("refuses a request to oneself (409) and names an unknown user (404)", async () => {
    const self = await api.request("PUT", "/friends/ann", { token: ann.token });
    expect(self.status).toBe(409);
    expect(self.json.error.code).toBe("self_friendship");
    const unknown = await api.request("PUT", "/friends/nobody-here", { token: ann.token });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toBe("no user named nobody-here");
  });

  it("refuses a name no username can be (a NUL, a newline) as bad input, before the database sees it", async () => {
    for (const [method, path] of [
      ["PUT", "/friends/%00"],
      ["DELETE", "/friends/%00"],
      ["GET", "/friends/a%0Ab/watchlist"],
    ]) {
      const answer = await api.request(method, path, { token: ann.token });
      expect(answer.status, `${method} ${path}`).toBe(400);
      expect(answer.json.error.code).toBe("bad_request");
    }
    expect((await api.request("GET", "/pick?with=%00", { token: ann.token })).status).toBe(422);
    expect((await api.request("POST", "/suggestions", { token: ann.token, body: { tmdbId: 27205, to: "a\u0000b" } })).status).toBe(422);
  });

  it("usernames are exact: 'Ben' is not 'ben'", async () => {
    expect((await api.request("PUT", "/friends/Ben", { token: ann.token })).status).toBe(404);
  });

  it("the friendship goes with either account (cascade)", async () => {
    const eve = await api.register("eve");
    const fay = await api.register("fay");
    await api.request("PUT", "/friends/fay", { token: eve.token });
    await api.request("PUT", "/friends/eve", { token: fay.token });
    expect((await api.request("DELETE", "/me", { token: fay.token })).status).toBe(204);
    expect(await friendsOf(eve)).toEqual([]);
    expect(await api.db.friendship.count({ where: { requesterId: eve.user.id } })).toBe(0);
  });
});

describe("the sharing matrix: a friend's queue, pick and suggest", () => {
  let owner: Account;
  let friend: Account;
  let stranger: Account;
  let askedByOwner: Account;
  let askedOwner: Account;
  let removed: Account;

  beforeAll(async () => {
    owner = await api.register("owner");
    friend = await api.register("friend");
    stranger = await api.register("stranger");
    askedByOwner = await api.register("asked-by-owner");
    askedOwner = await api.register("asked-owner");
    removed = await api.register("removed");
    const befriend = async (a: Account, b: Account) => {
      await api.request("PUT", `/friends/${b.user.username}`, { token: a.token });
      await api.request("PUT", `/friends/${a.user.username}`, { token: b.token });
    };
    await befriend(owner, friend);
    await befriend(owner, removed);
    await api.request("DELETE", "/friends/owner", { token: removed.token });
    await api.request("PUT", "/friends/asked-by-owner", { token: owner.token });
    await api.request("PUT", "/friends/owner", { token: askedOwner.token });
    await api.request("PUT", "/watchlist/329865", { token: owner.token, body: { priority: "HIGH" } });
  });

  const sharing = (caller: Account, target = "owner") => ({
    queue: () => api.request("GET", `/friends/${target}/watchlist`, { token: caller.token }),
    pick: () => api.request("GET", `/pick?with=${target}`, { token: caller.token }),
    suggest: () => api.request("POST", "/suggestions", { token: caller.token, body: { tmdbId: 27205, to: target } }),
  });

  it("a friend sees the queue in GET /watchlist's shape, can pick with and suggest to the owner", async () => {
    const queue = await sharing(friend).queue();
    expect(queue.status).toBe(200);
    expect(queue.json).toEqual([
      { movie: expect.objectContaining({ tmdbId: 329865, title: "Arrival" }), priority: "HIGH", addedAt: expect.any(String) },
    ]);
    expect(queue.json).toEqual((await api.request("GET", "/watchlist", { token: owner.token })).json);
    expect((await sharing(friend).pick()).status).toBe(200);
    expect((await sharing(friend).suggest()).status).toBe(201);
  });

  it.each([
    ["a stranger", () => stranger, "owner"],
    ["a user whose request is pending", () => askedOwner, "owner"],
    ["a user the owner asked, who has not answered", () => askedByOwner, "owner"],
    ["a removed friend", () => removed, "owner"],
    ["anyone, for a user that does not exist", () => friend, "ghost"],
  ])("%s gets the same 404 for the queue, pick and suggest, and nothing is written", async (_label, caller, target) => {
    // The queue is a view (the visibility gate's answer), pick and suggest are acts among friends.
    const expected = {
      queue: { error: { code: "not_found", message: `no user named ${target} is visible to you` } },
      pick: { error: { code: "not_found", message: `${target} is not one of your friends` } },
      suggest: { error: { code: "not_found", message: `${target} is not one of your friends` } },
    };
    const suggestionsBefore = await api.db.suggestion.count();
    for (const [name, call] of Object.entries(sharing(caller(), target))) {
      const response = await call();
      expect(response.status).toBe(404);
      expect(response.json).toEqual(expected[name as keyof typeof expected]);
    }
    expect(await api.db.suggestion.count()).toBe(suggestionsBefore);
  });

  it("the owner's own side: a pending request it sent does not open the other's queue either", async () => {
    const response = await api.request("GET", "/friends/asked-by-owner/watchlist", { token: owner.token });
    expect(response.status).toBe(404);
    expect(response.json.error.message).toBe("no user named asked-by-owner is visible to you");
  });

  it("no token, a malformed token or a forged one: 401 on every new route", async () => {
    const forged = jwt.sign({ sub: owner.user.id }, "guessed secret");
    const routes: Array<[string, string, unknown?]> = [
      ["GET", "/friends"],
      ["PUT", "/friends/owner"],
      ["DELETE", "/friends/owner"],
      ["GET", "/friends/owner/watchlist"],
      ["GET", "/pick?with=owner"],
      ["GET", "/suggestions"],
      ["POST", "/suggestions", { tmdbId: 27205, to: "owner" }],
    ];
    for (const [method, path, body] of routes) {
      for (const token of [undefined, "not.a.jwt", forged]) {
        const response = await api.request(method, path, { token, body });
        expect(response.status, `${method} ${path} with ${token}`).toBe(401);
      }
    }
  });

  it("removing a friend ends all sharing at once, suggestions included", async () => {
    const gus = await api.register("gus");
    await api.request("PUT", "/friends/owner", { token: gus.token });
    await api.request("PUT", "/friends/gus", { token: owner.token });
    expect((await sharing(gus).suggest()).status).toBe(201);
    expect((await api.request("GET", "/suggestions", { token: owner.token })).json.map((s: any) => s.from)).toContain("gus");

    expect((await api.request("DELETE", "/friends/gus", { token: owner.token })).status).toBe(200);
    expect((await sharing(gus).queue()).status).toBe(404);
    expect((await sharing(gus).pick()).status).toBe(404);
    expect((await api.request("GET", "/suggestions", { token: owner.token })).json.map((s: any) => s.from)).not.toContain("gus");
  });
});
