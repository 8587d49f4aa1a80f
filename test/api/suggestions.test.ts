// Suggestions through the HTTP API: between friends only, the recipient's inbox, and the nudge in
// the recipient's recommendations with the friend named as the reason.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
type Account = Awaited<ReturnType<typeof api.register>>;
let sam: Account;
let tia: Account;

const PRISONERS = 146233;
const SICARIO = 273481;

beforeAll(async () => {
  api = await createTestApi();
  sam = await api.register("sam");
  tia = await api.register("tia");
  await api.request("PUT", "/friends/tia", { token: sam.token });
  await api.request("PUT", "/friends/sam", { token: tia.token });
  // Tia likes Villeneuve: Prisoners (cached) is already a content recommendation for her.
  await api.request("PUT", "/ratings/329865", { token: tia.token, body: { rating: "SUPER_LIKE" } });
  await api.request("PUT", "/ratings/438631", { token: tia.token, body: { rating: "LIKE" } });
  await api.request("GET", `/movies/${PRISONERS}`, { token: tia.token });
});

const recommendationOf = async (account: Account, tmdbId: number) => {
  const response = await api.request("GET", "/recommendations?limit=100", { token: account.token });
  expect(response.status).toBe(200);
  const list = response.json as Array<{ movie: { tmdbId: number }; score: number; reasons: string[] }>;
  const index = list.findIndex((item) => item.movie.tmdbId === tmdbId);
  return { index, item: list[index] };
};

describe("POST /suggestions and GET /suggestions", () => {
  it("a suggested film ranks higher in the recipient's recommendations, the friend named first", async () => {
    const before = await recommendationOf(tia, PRISONERS);
    expect(before.item).toBeDefined();
    expect(before.item.reasons.join(" ")).not.toMatch(/sam/);

    const sent = await api.request("POST", "/suggestions", {
      token: sam.token,
      body: { tmdbId: PRISONERS, to: "tia", note: "  dark, but you'll love it  " },
    });
    expect(sent.status).toBe(201);
    expect(sent.json).toMatchObject({ to: "tia", note: "dark, but you'll love it", movie: { tmdbId: PRISONERS, title: "Prisoners" } });

    const after = await recommendationOf(tia, PRISONERS);
    expect(after.item.score).toBeGreaterThan(before.item.score);
    expect(after.index).toBeLessThanOrEqual(before.index);
    expect(after.item.reasons[0]).toBe("Suggested by sam");
    // Sam's own recommendations do not change.
    expect((await recommendationOf(sam, PRISONERS)).item).toBeUndefined();
  });

  it("a film nothing else recommends still reaches the recipient through a suggestion", async () => {
    const toyStory = 862;
    expect((await recommendationOf(tia, toyStory)).item).toBeUndefined();
    await api.request("POST", "/suggestions", { token: sam.token, body: { tmdbId: toyStory, to: "tia" } });
    expect((await recommendationOf(tia, toyStory)).item.reasons[0]).toBe("Suggested by sam");
    // Once rated, it is no longer recommended, suggestion or not.
    await api.request("PUT", `/ratings/${toyStory}`, { token: tia.token, body: { rating: "OK" } });
    expect((await recommendationOf(tia, toyStory)).item).toBeUndefined();
  });

  it("the inbox lists what friends suggested, newest first, in the contract's shape", async () => {
    await api.request("POST", "/suggestions", { token: sam.token, body: { tmdbId: SICARIO, to: "tia", note: null } });
    const inbox = await api.request("GET", "/suggestions", { token: tia.token });
    expect(inbox.status).toBe(200);
    expect(inbox.json.map((entry: any) => entry.movie.tmdbId)).toEqual([SICARIO, 862, PRISONERS]);
    const [first] = inbox.json;
    expect(Object.keys(first).sort()).toEqual(["at", "from", "movie", "note"]);
    expect(first).toEqual({
      movie: expect.objectContaining({ tmdbId: SICARIO, title: "Sicario", year: 2015 }),
      from: "sam",
      note: null,
      at: expect.any(String),
    });
    expect(inbox.json[2].note).toBe("dark, but you'll love it");
    // The sender's inbox holds nothing of it.
    expect((await api.request("GET", "/suggestions", { token: sam.token })).json).toEqual([]);
    expect((await api.request("GET", "/suggestions?limit=1", { token: tia.token })).json).toHaveLength(1);
  });

  it("suggesting the same film again refreshes the note instead of adding a second entry", async () => {
    await api.request("POST", "/suggestions", { token: sam.token, body: { tmdbId: PRISONERS, to: "tia", note: "really" } });
    const inbox = (await api.request("GET", "/suggestions", { token: tia.token })).json;
    expect(inbox.filter((entry: any) => entry.movie.tmdbId === PRISONERS)).toEqual([expect.objectContaining({ note: "really" })]);
    expect(inbox[0].movie.tmdbId).toBe(PRISONERS);
  });

  it("bounds notes: too long or with control characters is 422, nothing stored", async () => {
    const count = await api.db.suggestion.count();
    for (const note of ["x".repeat(281), "line one\nline two", "evil \u001b[2J clear", "bidi \u202e trick"]) {
      const response = await api.request("POST", "/suggestions", { token: sam.token, body: { tmdbId: 155, to: "tia", note } });
      expect(response.status, JSON.stringify(note)).toBe(422);
    }
    expect(
      (await api.request("POST", "/suggestions", { token: sam.token, body: { tmdbId: 155, to: "tia", note: "é".repeat(280) } })).status,
    ).toBe(201);
    expect(await api.db.suggestion.count()).toBe(count + 1);
  });

  it("bad input: a missing recipient or film is 422; an unknown film is 404", async () => {
    expect((await api.request("POST", "/suggestions", { token: sam.token, body: { tmdbId: 155 } })).status).toBe(422);
    expect((await api.request("POST", "/suggestions", { token: sam.token, body: { to: "tia" } })).status).toBe(422);
    expect((await api.request("POST", "/suggestions", { token: sam.token, body: { tmdbId: 999999999, to: "tia" } })).status).toBe(404);
  });

  it("suggestions go with the movie, the sender's or the recipient's account (cascade)", async () => {
    const uma = await api.register("uma");
    await api.request("PUT", "/friends/tia", { token: uma.token });
    await api.request("PUT", "/friends/uma", { token: tia.token });
    await api.request("POST", "/suggestions", { token: uma.token, body: { tmdbId: 78, to: "tia" } });
    expect(await api.db.suggestion.count({ where: { fromId: uma.user.id } })).toBe(1);
    await api.request("DELETE", "/me", { token: uma.token });
    expect(await api.db.suggestion.count({ where: { fromId: uma.user.id } })).toBe(0);

    await api.db.movie.delete({ where: { tmdbId: SICARIO } });
    const inbox = (await api.request("GET", "/suggestions", { token: tia.token })).json;
    expect(inbox.map((entry: any) => entry.movie.tmdbId)).not.toContain(SICARIO);
  });
});

describe("suggestions in flight and dismissed (issue 17, item 2)", () => {
  const befriend = async (a: Account, b: Account) => {
    await api.request("PUT", `/friends/${b.user.username}`, { token: a.token });
    await api.request("PUT", `/friends/${a.user.username}`, { token: b.token });
  };

  /** Sends a suggestion of a film TMDB has not been asked about yet, and `during` while TMDB is slow. */
  const suggestWhileTmdbWaits = async (from: Account, to: Account, tmdbId: number, during: () => Promise<unknown>) => {
    expect(await api.db.movie.count({ where: { tmdbId } }), "the film must not be cached: TMDB is asked").toBe(0);
    const asked = api.fakeTmdb.requests.length;
    api.fakeTmdb.setLatency(400);
    try {
      const sending = api.request("POST", "/suggestions", { token: from.token, body: { tmdbId, to: to.user.username } });
      await expect.poll(() => api.fakeTmdb.requests.slice(asked).some((request) => request.path === `/movie/${tmdbId}`)).toBe(true);
      await during();
      return await sending;
    } finally {
      api.fakeTmdb.setLatency(0);
    }
  };

  it("a suggestion in flight when the recipient unfriends the sender is not stored: 404", async () => {
    const vic = await api.register("vic");
    const wes = await api.register("wes");
    await befriend(vic, wes);
    const TENET = 577922;
    const sent = await suggestWhileTmdbWaits(vic, wes, TENET, () => api.request("DELETE", "/friends/vic", { token: wes.token }));
    expect(sent.status).toBe(404);
    expect(sent.json.error.message).toBe("wes is not one of your friends");
    expect(await api.db.suggestion.count({ where: { fromId: vic.user.id } })).toBe(0);
    expect((await api.request("GET", "/suggestions", { token: wes.token })).json).toEqual([]);
  });

  it("a suggestion in flight when the recipient blocks the sender is not stored: 404", async () => {
    const xan = await api.register("xan");
    const yul = await api.register("yul");
    await befriend(xan, yul);
    const BATMAN_BEGINS = 272;
    const sent = await suggestWhileTmdbWaits(xan, yul, BATMAN_BEGINS, () => api.request("PUT", "/friends/xan/block", { token: yul.token }));
    expect(sent.status).toBe(404);
    expect(await api.db.suggestion.count({ where: { fromId: xan.user.id } })).toBe(0);
  });

  it("DELETE /suggestions/:from/:tmdbId dismisses that friend's suggestion: gone from the inbox and from recommend", async () => {
    const uli = await api.register("uli");
    await befriend(uli, tia);
    const MATRIX = 603;
    for (const from of [sam, uli]) await api.request("POST", "/suggestions", { token: from.token, body: { tmdbId: PRISONERS, to: "tia" } });
    await api.request("POST", "/suggestions", { token: uli.token, body: { tmdbId: MATRIX, to: "tia" } });
    expect((await recommendationOf(tia, PRISONERS)).item.reasons[0]).toMatch(/^Suggested by (sam|uli)/);

    const dismissed = await api.request("DELETE", `/suggestions/sam/${PRISONERS}`, { token: tia.token });
    expect(dismissed.status).toBe(200);
    expect(dismissed.json).toEqual({ dismissed: 1 });
    const inbox = (await api.request("GET", "/suggestions", { token: tia.token })).json;
    expect(inbox.filter((entry: any) => entry.movie.tmdbId === PRISONERS).map((entry: any) => entry.from)).toEqual(["uli"]);

    // Without a sender: every suggestion of the film goes, and recommend no longer raises it.
    expect((await api.request("DELETE", `/suggestions/${PRISONERS}`, { token: tia.token })).json).toEqual({ dismissed: 1 });
    const after = await recommendationOf(tia, PRISONERS);
    expect(after.item?.reasons.join(" ") ?? "").not.toMatch(/Suggested by/);
    // Another film's suggestion stays.
    expect((await api.request("GET", "/suggestions", { token: tia.token })).json.map((entry: any) => entry.movie.tmdbId)).toContain(MATRIX);
  });

  it("dismissing a suggestion that is not there is 404 (one line); a bad sender or id is 400", async () => {
    const again = await api.request("DELETE", `/suggestions/sam/${PRISONERS}`, { token: tia.token });
    expect(again.status).toBe(404);
    expect(again.json.error.message).toBe(`no suggestion of tmdb:${PRISONERS} from sam in your inbox`);
    expect((await api.request("DELETE", `/suggestions/${PRISONERS}`, { token: tia.token })).status).toBe(404);
    // Only the recipient can dismiss: the sender's DELETE finds nothing of theirs.
    const count = await api.db.suggestion.count();
    expect((await api.request("DELETE", `/suggestions/uli/603`, { token: sam.token })).status).toBe(404);
    expect(await api.db.suggestion.count()).toBe(count);
    expect((await api.request("DELETE", "/suggestions/sam/0", { token: tia.token })).status).toBe(400);
    expect((await api.request("DELETE", `/suggestions/${encodeURIComponent("a b")}/${PRISONERS}`, { token: tia.token })).status).toBe(400);
  });
});
