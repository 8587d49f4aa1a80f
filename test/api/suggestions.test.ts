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
