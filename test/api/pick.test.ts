// `pick --with` through the HTTP API on a seeded household: who is excluded, what comes first, what
// a predicted dislike does, and the per-person reasons.
import { beforeAll, describe, expect, it } from "vitest";
import { fakeMovies } from "../fake-tmdb/index.js";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
type Account = Awaited<ReturnType<typeof api.register>>;
let wl1: Account;
let wl2: Account;
let wl3: Account;

const ids = {
  arrival: fakeMovies.arrival.id,
  dune: fakeMovies.dune2021.id,
  duneTwo: 693134,
  inception: fakeMovies.inception.id,
  interstellar: 157336,
  darkKnight: 155,
  bladeRunner2049: 335984,
  tenet: 577922,
  conjuring: 138843,
  toyStory: 862,
  up: 14160,
  alien: 348,
  shining: 694,
  getOut: 419430,
  dunkirk: 374720,
  prestige: 1124,
};

const rate = (account: Account, tmdbId: number, rating: string) =>
  api.request("PUT", `/ratings/${tmdbId}`, { token: account.token, body: { rating } }).then((r) => expect(r.status).toBe(200));
const queue = (account: Account, tmdbId: number, priority: string) =>
  api.request("PUT", `/watchlist/${tmdbId}`, { token: account.token, body: { priority } }).then((r) => expect(r.status).toBe(201));

async function befriend(a: Account, b: Account) {
  await api.request("PUT", `/friends/${b.user.username}`, { token: a.token });
  await api.request("PUT", `/friends/${a.user.username}`, { token: b.token });
}

beforeAll(async () => {
  api = await createTestApi();
  wl1 = await api.register("wl1");
  wl2 = await api.register("wl2");
  wl3 = await api.register("wl3");
  await befriend(wl1, wl2);
  await befriend(wl1, wl3);

  // wl1 loves Villeneuve and likes Nolan; wl2 likes Nolan; wl3 likes animation and dislikes horror.
  await rate(wl1, ids.arrival, "SUPER_LIKE");
  await rate(wl1, ids.dune, "LIKE");
  await rate(wl1, ids.inception, "LIKE");
  await rate(wl2, ids.interstellar, "SUPER_LIKE");
  await rate(wl2, ids.darkKnight, "LIKE");
  for (const id of [ids.toyStory, ids.up]) await rate(wl3, id, "LIKE");
  for (const id of [ids.alien, ids.shining, ids.getOut]) await rate(wl3, id, "DISLIKE");

  await queue(wl2, ids.bladeRunner2049, "HIGH");
  await queue(wl2, ids.tenet, "LOW");
  await queue(wl2, ids.arrival, "MEDIUM"); // rated by wl1: never picked
  await queue(wl1, ids.conjuring, "MEDIUM"); // horror: wl3 would dislike it
  await queue(wl1, ids.duneTwo, "HIGH"); // in wl2's history: never picked
  const duneTwo = await api.db.movie.findUniqueOrThrow({ where: { tmdbId: ids.duneTwo } });
  await api.db.viewing.create({ data: { userId: wl2.user.id, movieId: duneTwo.id, watchedOn: null } });
});

const pick = async (account: Account, query: string) => {
  const response = await api.request("GET", `/pick?${query}`, { token: account.token });
  expect(response.status, response.text).toBe(200);
  return response.json as Array<{
    movie: { tmdbId: number; title: string; runtime: number | null; genres: { id: number; name: string }[] };
    score: number;
    queuedBy: string[];
    people: Array<{ username: string; predicted: string; reason: string }>;
  }>;
};

describe("GET /pick", { timeout: 60_000 }, () => {
  it("leaves out every film anyone in the group rated or has in their history", async () => {
    const picks = await pick(wl1, "with=wl2,wl3&limit=50");
    const picked = picks.map((p) => p.movie.tmdbId);
    for (const seen of [
      ids.arrival,
      ids.dune,
      ids.inception,
      ids.interstellar,
      ids.darkKnight,
      ids.toyStory,
      ids.up,
      ids.alien,
      ids.duneTwo,
    ]) {
      expect(picked).not.toContain(seen);
    }
    expect(new Set(picked).size).toBe(picked.length);
  });

  it("puts queued films first, then recommendations, and a film anyone would dislike last", async () => {
    const picks = await pick(wl1, "with=wl2,wl3&limit=50");
    const tier = (p: (typeof picks)[number]) => (p.people.some((person) => person.predicted === "DISLIKE") ? 2 : p.queuedBy.length ? 0 : 1);
    const tiers = picks.map(tier);
    expect(tiers).toEqual([...tiers].sort());
    expect(tiers).toContain(1);

    expect(picks[0]).toMatchObject({ movie: { tmdbId: ids.bladeRunner2049 }, queuedBy: ["wl2"] });
    const conjuring = picks.find((p) => p.movie.tmdbId === ids.conjuring)!;
    expect(conjuring.queuedBy).toEqual(["wl1"]);
    expect(conjuring.people.find((p) => p.username === "wl3")).toMatchObject({
      predicted: "DISLIKE",
      reason: expect.stringMatching(/^wl3: .*Horror/),
    });
    expect(tier(conjuring)).toBe(2);
    // Pulled far down: below every film nobody dislikes, queued or not.
    const conjuringAt = picks.indexOf(conjuring);
    expect(picks.slice(conjuringAt + 1).every((p) => tier(p) === 2)).toBe(true);
    expect(conjuring.score).toBeLessThan(Math.min(...picks.filter((p) => tier(p) < 2).map((p) => p.score)));

    // Within a tier, by score.
    for (const t of [0, 1]) {
      const scores = picks.filter((p) => tier(p) === t).map((p) => p.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it("says per person why: the queuer, and each one's own taste", async () => {
    const [first] = await pick(wl1, "with=wl2,wl3");
    expect(first.people.map((p) => p.username)).toEqual(["wl1", "wl2", "wl3"]);
    const [me, queuer] = first.people;
    expect(queuer).toEqual({ username: "wl2", predicted: "SUPER_LIKE", reason: "wl2 queued it (high)" });
    expect(me).toEqual({ username: "wl1", predicted: expect.stringMatching(/LIKE/), reason: "wl1: you ❤️ Arrival, same director" });
    expect(first.score).toBeGreaterThan(1);
  });

  it("recommends films that fit everyone from each person's own signals", async () => {
    const picks = await pick(wl1, "with=wl2&limit=50");
    const recommended = picks.filter((p) => p.queuedBy.length === 0);
    // The Prestige: on the TMDB lists of wl1's Inception and wl2's The Dark Knight.
    const prestige = recommended.find((p) => p.movie.tmdbId === ids.prestige)!;
    expect(prestige).toBeDefined();
    expect(prestige.people.map((p) => p.predicted)).not.toContain("DISLIKE");
    expect(prestige.people.find((p) => p.username === "wl2")!.reason).toMatch(/^wl2: you (👍|❤️) /);
    // Without wl3 nobody dislikes The Conjuring: it is an ordinary queued film again.
    expect(picks.find((p) => p.movie.tmdbId === ids.conjuring)!.people.map((p) => p.predicted)).not.toContain("DISLIKE");
  });

  it("--max-runtime and --genre narrow the picks; --limit cuts", async () => {
    const short = await pick(wl1, "with=wl2&maxRuntime=120&limit=50");
    expect(short.length).toBeGreaterThan(0);
    for (const p of short) expect(p.movie.runtime).toBeLessThanOrEqual(120);
    expect(short.map((p) => p.movie.tmdbId)).toContain(ids.dunkirk);
    expect(short.map((p) => p.movie.tmdbId)).not.toContain(ids.bladeRunner2049);

    const war = await pick(wl1, "with=wl2&genre=war&limit=50");
    expect(war.map((p) => p.movie.tmdbId)).toEqual([ids.dunkirk]);
    expect(await pick(wl1, "with=wl2&limit=2")).toHaveLength(2);
  });

  it("answers in the contract's shape, field by field", async () => {
    const [first] = await pick(wl2, "with=wl1");
    expect(Object.keys(first).sort()).toEqual(["movie", "people", "queuedBy", "score"]);
    expect(first.movie).toMatchObject({
      tmdbId: expect.any(Number),
      title: expect.any(String),
      genres: expect.any(Array),
      runtime: expect.any(Number),
    });
    expect(typeof first.score).toBe("number");
    for (const person of first.people) {
      expect(Object.keys(person).sort()).toEqual(["predicted", "reason", "username"]);
      expect(["DISLIKE", "OK", "LIKE", "SUPER_LIKE"]).toContain(person.predicted);
    }
    expect(first.people[0].username).toBe("wl2");
  });

  it("names none of a friend's rated films when their visibility keeps their ratings from the caller", async () => {
    const wl2Titles = ["Interstellar", "The Dark Knight"];
    const setVisibility = (visibility: string) =>
      api.request("PATCH", "/profile", { token: wl2.token, body: { visibility } }).then((r) => expect(r.status).toBe(200));
    const wl2Reasons = async () =>
      (await pick(wl1, "with=wl2&limit=50"))
        .filter((p) => p.queuedBy.length === 0)
        .map((p) => p.people.find((person) => person.username === "wl2")!.reason);

    const shown = await wl2Reasons();
    expect(shown.some((reason) => wl2Titles.some((title) => reason.includes(title)))).toBe(true);
    await setVisibility("private");
    try {
      const hidden = await wl2Reasons();
      expect(hidden).toHaveLength(shown.length);
      for (const reason of hidden) {
        expect(
          wl2Titles.some((title) => reason.includes(title)),
          reason,
        ).toBe(false);
        expect(reason).toMatch(/^wl2: your taste (says|is against).*\(your ratings are private\)$/);
      }
    } finally {
      await setVisibility("friends");
    }
  });

  it("bad input: no friend named (422), a bad number (422), an unknown genre (422), a non-friend (404)", async () => {
    for (const query of ["", "with=", "with=wl2&limit=0", "with=wl2&maxRuntime=abc", "with=wl2&genre=nosuchgenre"]) {
      const response = await api.request("GET", `/pick?${query}`, { token: wl1.token });
      expect(response.status, query).toBe(422);
    }
    // wl2 and wl3 are not friends with each other.
    const response = await api.request("GET", "/pick?with=wl1,wl3", { token: wl2.token });
    expect(response.status).toBe(404);
    expect(response.json.error.message).toBe("wl3 is not one of your friends");
  });
});
