// Blocking, the cap on pending requests, one row per pair and paging of GET /friends (issue 17,
// items 1 and 3): a hostile member cannot keep reaching someone who blocked them, nor pile requests
// into anyone's list.
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_PENDING_INCOMING, pairKey } from "../../src/services/friends.js";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
type Account = Awaited<ReturnType<typeof api.register>>;

beforeAll(async () => {
  api = await createTestApi();
});

const friendsOf = async (account: Account, query = "") => {
  const response = await api.request("GET", `/friends${query}`, { token: account.token });
  expect(response.status).toBe(200);
  return response.json as Array<{ username: string; status: string; since: string }>;
};

const befriend = async (a: Account, b: Account) => {
  await api.request("PUT", `/friends/${b.user.username}`, { token: a.token });
  expect((await api.request("PUT", `/friends/${a.user.username}`, { token: b.token })).json.status).toBe("friends");
};

describe("friends block", () => {
  let vic: Account;
  let pest: Account;
  beforeAll(async () => {
    vic = await api.register("vic");
    pest = await api.register("pest");
  });

  it("ends the friendship and what it shared at once; GET /friends says blocked to the blocker only", async () => {
    await befriend(vic, pest);
    expect((await api.request("POST", "/suggestions", { token: pest.token, body: { tmdbId: 27205, to: "vic" } })).status).toBe(201);

    const blocked = await api.request("PUT", "/friends/pest/block", { token: vic.token });
    expect(blocked.status).toBe(201);
    expect(blocked.json).toEqual({ username: "pest", status: "blocked", since: expect.any(String) });
    expect(await friendsOf(vic)).toEqual([{ username: "pest", status: "blocked", since: blocked.json.since }]);
    expect(await friendsOf(pest)).toEqual([]);
    expect(await api.db.friendship.count({ where: { pairKey: pairKey(vic.user.id, pest.user.id) } })).toBe(0);
    expect((await api.request("GET", "/suggestions", { token: vic.token })).json).toEqual([]);
    expect((await api.request("GET", "/friends/vic/watchlist", { token: pest.token })).status).toBe(404);
    // Blocking again changes nothing.
    expect((await api.request("PUT", "/friends/pest/block", { token: vic.token })).status).toBe(200);
  });

  it("answers the blocked member's request exactly as for a username nobody has, and stores nothing", async () => {
    const request = await api.request("PUT", "/friends/vic", { token: pest.token });
    const unknown = await api.request("PUT", "/friends/nobody-at-all", { token: pest.token });
    expect(request.status).toBe(404);
    expect(request.text).toBe(unknown.text.replace("nobody-at-all", "vic"));
    expect(await api.db.friendship.count({ where: { pairKey: pairKey(vic.user.id, pest.user.id) } })).toBe(0);
    const suggestion = await api.request("POST", "/suggestions", { token: pest.token, body: { tmdbId: 27205, to: "vic" } });
    expect(suggestion.status).toBe(404);
    expect((await api.request("GET", "/suggestions", { token: vic.token })).json).toEqual([]);
  });

  it("refuses the blocker's own request until they unblock; then it is a request like any other", async () => {
    const refused = await api.request("PUT", "/friends/pest", { token: vic.token });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("blocked");
    const unblocked = await api.request("DELETE", "/friends/pest/block", { token: vic.token });
    expect(unblocked.status).toBe(200);
    expect(await friendsOf(vic)).toEqual([]);
    expect((await api.request("DELETE", "/friends/pest/block", { token: vic.token })).status).toBe(404);
    expect((await api.request("PUT", "/friends/vic", { token: pest.token })).status).toBe(201);
    expect(await friendsOf(vic)).toEqual([{ username: "pest", status: "incoming", since: expect.any(String) }]);
  });

  it("refuses blocking oneself (409) and an unknown user (404)", async () => {
    expect((await api.request("PUT", "/friends/vic/block", { token: vic.token })).json.error.code).toBe("self_block");
    expect((await api.request("PUT", "/friends/nobody-at-all/block", { token: vic.token })).status).toBe(404);
  });
});

describe("pending incoming requests are capped", () => {
  it(`refuses a request past ${MAX_PENDING_INCOMING} waiting (409 requests_full), also when they arrive in parallel`, async () => {
    const target = await api.register("popular");
    const filler = await api.db.user.createManyAndReturn({
      data: Array.from({ length: MAX_PENDING_INCOMING - 4 }, (_, i) => ({
        email: `filler${i}@example.com`,
        username: `filler${i}`,
        usernameKey: `filler${i}`,
        passwordHash: "x",
      })),
    });
    await api.db.friendship.createMany({
      data: filler.map((user) => ({ requesterId: user.id, addresseeId: target.user.id })),
    });
    const senders = await Promise.all(Array.from({ length: 10 }, (_, i) => api.register(`sender${i}`)));
    const answers = await Promise.all(senders.map((sender) => api.request("PUT", "/friends/popular", { token: sender.token })));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(4);
    const refused = answers.filter((answer) => answer.status === 409);
    expect(refused).toHaveLength(6);
    for (const answer of refused) expect(answer.json.error.code).toBe("requests_full");
    expect(await api.db.friendship.count({ where: { addresseeId: target.user.id, status: "PENDING" } })).toBe(MAX_PENDING_INCOMING);
    // Answering one makes room; the popular member's own requests are not capped by what they received.
    await api.request("DELETE", "/friends/filler0", { token: target.token });
    // Which four got through is the race's: ask again for one that was refused, and accept one that was not.
    const refusedSender = senders[answers.findIndex((answer) => answer.status === 409)];
    const acceptedSender = senders[answers.findIndex((answer) => answer.status === 201)];
    expect((await api.request("PUT", "/friends/popular", { token: refusedSender.token })).status).toBe(201);
    expect((await api.request("PUT", `/friends/${acceptedSender.user.username}`, { token: target.token })).json.status).toBe("friends");
  });
});

describe("one Friendship row per pair", () => {
  it("the database refuses a second row for a pair, whichever way round and whatever key a writer gives", async () => {
    const a = await api.register("pair-a");
    const b = await api.register("pair-b");
    await api.request("PUT", "/friends/pair-b", { token: a.token });
    expect((await api.db.friendship.findFirstOrThrow({ where: { requesterId: a.user.id } })).pairKey).toBe(pairKey(a.user.id, b.user.id));
    await expect(api.db.friendship.create({ data: { requesterId: b.user.id, addresseeId: a.user.id } })).rejects.toThrow();
    await expect(
      api.db.friendship.create({ data: { requesterId: b.user.id, addresseeId: a.user.id, pairKey: "something else" } }),
    ).rejects.toThrow();
  });
});

describe("GET /friends pages", () => {
  it("answers ?limit=N pages with the next one's address in Link and X-Next-Cursor; the pages hold every row once, in order", async () => {
    const host = await api.register("host");
    const guests = await Promise.all(["g-a", "g-b", "g-c", "g-d", "g-e"].map((name) => api.register(name)));
    for (const guest of guests.slice(0, 2)) await befriend(host, guest);
    await api.request("PUT", "/friends/host", { token: guests[2].token });
    await api.request("PUT", "/friends/g-d", { token: host.token });
    await api.request("PUT", "/friends/g-e/block", { token: host.token });
    const whole = await friendsOf(host);
    expect(whole.map((f) => `${f.status}:${f.username}`)).toEqual([
      "incoming:g-c",
      "friends:g-a",
      "friends:g-b",
      "requested:g-d",
      "blocked:g-e",
    ]);

    const paged: typeof whole = [];
    let path: string | null = "/friends?limit=2";
    let pages = 0;
    while (path) {
      const response = await api.request("GET", path, { token: host.token });
      expect(response.status).toBe(200);
      paged.push(...response.json);
      pages++;
      const link = response.headers.get("link");
      const cursor = response.headers.get("x-next-cursor");
      path = link ? (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? null) : null;
      if (path) expect(path).toContain(`cursor=${cursor}`);
    }
    expect(pages).toBe(3);
    expect(paged).toEqual(whole);
    const bad = await api.request("GET", "/friends?cursor=not-a-cursor", { token: host.token });
    expect(bad.status).toBe(422);
  });
});

describe("the visibility gate treats a block as a stranger", () => {
  it("a member who shows ratings to the whole server hides them from one they blocked, and from one who blocked them: the bytes of no such user", async () => {
    const open = await api.register("open-book");
    const blockedOne = await api.register("blocked-one");
    const blocker = await api.register("the-blocker");
    await api.db.user.update({ where: { id: open.user.id }, data: { visibility: "SERVER" } });
    await api.request("PUT", "/ratings/27205", { token: open.token, body: { rating: "LIKE" } });
    const missing = await api.request("GET", "/ratings?of=no-such-member", { token: blockedOne.token });
    const asMissing = (name: string) => missing.text.replace("no-such-member", name);

    expect((await api.request("GET", "/ratings?of=open-book", { token: blockedOne.token })).json).toHaveLength(1);
    await api.request("PUT", "/friends/blocked-one/block", { token: open.token });
    const hidden = await api.request("GET", "/ratings?of=open-book", { token: blockedOne.token });
    expect([hidden.status, hidden.text]).toEqual([404, asMissing("open-book")]);

    expect((await api.request("GET", "/ratings?of=open-book", { token: blocker.token })).json).toHaveLength(1);
    await api.request("PUT", "/friends/open-book/block", { token: blocker.token });
    const hiddenToo = await api.request("GET", "/ratings?of=open-book", { token: blocker.token });
    expect([hiddenToo.status, hiddenToo.text]).toEqual([404, asMissing("open-book")]);
  });
});
