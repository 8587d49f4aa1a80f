// The film filters (on, lang, country, maxCert) on GET /watchlist and GET /recommendations, and
// search's lang: answered from what is stored, stale films refreshed in the background.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backgroundRefreshesDone } from "../../src/services/watch-refresh.js";
import { fakeMovies as m } from "../fake-tmdb/index.js";
import { createTestApi } from "../helpers/api.js";

const api = await createTestApi();
let token: string;

const queued = [m.inception, m.parasite, m.toyStory, m.spiritedAway, m.amelie, m.shining];

beforeAll(async () => {
  token = (await api.register("filterer")).token;
  for (const movie of queued) {
    const answer = await api.request("PUT", `/watchlist/${movie.id}`, { token, body: {} });
    expect(answer.status).toBe(201);
  }
});
beforeEach(() => {
  api.fakeTmdb.requests.length = 0;
});

async function titles(query: string, region = "GB"): Promise<string[]> {
  const answer = await api.request("GET", `/watchlist?sort=title&${query}`, { token, headers: { "Watchlist-Region": region } });
  expect(answer.status, answer.text).toBe(200);
  return answer.json.map((entry: { movie: { title: string } }) => entry.movie.title);
}

describe("GET /watchlist filtered", () => {
  it("--on: films on these services by subscription, free or with ads in the region, by name or id", async () => {
    expect(await titles("on=netflix")).toEqual(["Inception", "Spirited Away"]);
    expect(await titles("on=8")).toEqual(["Inception", "Spirited Away"]);
    expect(await titles("on=MUBI,disney%20plus")).toEqual(["Amélie", "Parasite", "Toy Story"]);
    // Free (BBC iPlayer) and with ads count; rent and buy do not.
    expect(await titles("on=bbc%20iplayer")).toEqual(["Amélie"]);
    expect(await titles(`on=${encodeURIComponent("Amazon Prime Video with Ads")}`)).toEqual(["Parasite"]);
    expect(await titles("on=apple%20tv")).toEqual([]);
    // In the US, Spirited Away is only to buy.
    expect(await titles("on=netflix", "US")).toEqual(["Inception"]);
  });

  it("an unknown service is a 422 naming the closest ones", async () => {
    const answer = await api.request("GET", "/watchlist?on=netflx", { token });
    expect(answer.status).toBe(422);
    expect(answer.json.error.message).toMatch(/unknown streaming service "netflx"; did you mean "Netflix"/);
    const amazon = await api.request("GET", "/watchlist?on=amazon", { token });
    expect(amazon.json.error.message).toMatch(/"Amazon Prime Video".*"Amazon Video"/);
  });

  it("--on mine without services set is a 422 saying how to set them", async () => {
    const answer = await api.request("GET", "/watchlist?on=mine", { token });
    expect(answer.status).toBe(422);
    expect(answer.json.error.message).toMatch(/profile set --services/);
  });

  it("--lang and --country", async () => {
    expect(await titles("lang=ko")).toEqual(["Parasite"]);
    expect(await titles("lang=JA")).toEqual(["Spirited Away"]);
    expect(await titles("country=gb")).toEqual(["Inception", "The Shining"]);
    expect(await titles("country=DE")).toEqual(["Amélie"]);
    expect((await api.request("GET", "/watchlist?country=UK", { token })).status).toBe(422);
    expect((await api.request("GET", "/watchlist?lang=english", { token })).status).toBe(422);
  });

  it("--max-cert on the region's scale (GB: 12A = 12), films without a certification there left out", async () => {
    expect(await titles("maxCert=12A")).toEqual(["Inception", "Spirited Away"]);
    expect(await titles("maxCert=12")).toEqual(["Inception", "Spirited Away"]);
    expect(await titles("maxCert=15")).toEqual(["Amélie", "Inception", "Parasite", "Spirited Away"]);
    // Toy Story has no GB certification; in the US it is G.
    expect(await titles("maxCert=u")).toEqual([]);
    expect(await titles("maxCert=PG", "US")).toEqual(["Spirited Away", "Toy Story"]);
    // Other regions follow TMDB's list (DE: 0 < 6 < 12 < 16 < 18).
    expect(await titles("maxCert=12", "DE")).toEqual(["Inception"]);
  });

  it("an unknown certification is a 422 showing the region's scale", async () => {
    const answer = await api.request("GET", "/watchlist?maxCert=PG-13", { token, headers: { "Watchlist-Region": "GB" } });
    expect(answer.status).toBe(422);
    expect(answer.json.error.message).toContain("U < PG < 12A = 12 < 15 < 18 < R18");
  });

  it("combines the filters", async () => {
    expect(await titles("on=netflix,mubi&maxCert=12A")).toEqual(["Inception", "Spirited Away"]);
    expect(await titles("on=netflix,mubi&maxCert=15&lang=ko")).toEqual(["Parasite"]);
    expect(await titles("on=netflix&country=JP&maxCert=PG")).toEqual(["Spirited Away"]);
  });

  it("answers from what is stored and refreshes stale films in the background, saying how many", async () => {
    const stale = new Date(Date.now() - 25 * 3600_000);
    await api.db.movie.updateMany({ where: { tmdbId: { in: [m.inception.id, m.parasite.id] } }, data: { providersFetchedAt: stale } });
    // TMDB is slow: the answer comes while both refreshes are still on their way.
    api.fakeTmdb.setLatency(1500);
    try {
      const answer = await api.request("GET", "/watchlist?on=netflix", { token, headers: { "Watchlist-Region": "GB" } });
      expect(answer.headers.get("Watchlist-Refreshing")).toBe("2");
      expect(answer.json.map((entry: { movie: { title: string } }) => entry.movie.title)).toContain("Inception");
      const meanwhile = await api.db.movie.findMany({ where: { tmdbId: { in: [m.inception.id, m.parasite.id] } } });
      expect(meanwhile.map((movie) => movie.providersFetchedAt)).toEqual([stale, stale]);
      await backgroundRefreshesDone(api.db);
    } finally {
      api.fakeTmdb.setLatency(0);
    }
    const details = api.fakeTmdb.requests.filter((request) => request.path.startsWith("/movie/"));
    expect(details.map((request) => request.path).sort()).toEqual([`/movie/${m.inception.id}`, `/movie/${m.parasite.id}`].sort());
    const refreshed = await api.db.movie.findMany({ where: { tmdbId: { in: [m.inception.id, m.parasite.id] } } });
    expect(refreshed.every((movie) => movie.providersFetchedAt! > stale)).toBe(true);
    // Fresh now: nothing more to refresh.
    const again = await api.request("GET", "/watchlist?on=netflix", { token });
    expect(again.headers.get("Watchlist-Refreshing")).toBeNull();
  });

  it("asks TMDB for the provider list once a week at most", async () => {
    await titles("on=netflix");
    await titles("on=mubi");
    expect(api.fakeTmdb.requests.filter((request) => request.path === "/watch/providers/movie").length).toBeLessThanOrEqual(1);
  });
});

describe("search --lang", () => {
  it("keeps the results in that original language", async () => {
    const answer = await api.request("GET", "/movies/search?q=spirited&lang=ja", { token });
    expect(answer.status).toBe(200);
    expect(answer.json.results.map((movie: { title: string }) => movie.title)).toEqual(["Spirited Away"]);
    const none = await api.request("GET", "/movies/search?q=spirited&lang=ko", { token });
    expect(none.json.results).toEqual([]);
  });
});

describe("GET /recommendations filtered", () => {
  it("keeps only recommendations passing the filters", async () => {
    await api.request("PUT", `/ratings/${m.interstellar.id}`, { token, body: { rating: "SUPER_LIKE" } });
    const all = await api.request("GET", "/recommendations", { token });
    expect(all.status).toBe(200);
    const filtered = await api.request("GET", "/recommendations?maxCert=12A", { token, headers: { "Watchlist-Region": "GB" } });
    expect(filtered.status).toBe(200);
    for (const entry of filtered.json) expect(["U", "PG", "12A", "12"]).toContain(entry.movie.certification);
    const netflix = await api.request("GET", "/recommendations?on=netflix", { token, headers: { "Watchlist-Region": "GB" } });
    const passing = await api.db.movieProvider.findMany({
      where: { region: "GB", providerId: 8 },
      select: { movie: { select: { tmdbId: true } } },
    });
    const onNetflix = new Set(passing.map((row) => row.movie.tmdbId));
    for (const entry of netflix.json) expect(onNetflix.has(entry.movie.tmdbId)).toBe(true);
  });
});

describe("--on mine and pick's filters", () => {
  let pal: { token: string; user: { username: string } };
  const services = (who: string, ids: number[], region?: string) =>
    api.request("PATCH", "/profile", { token: who, body: { services: ids, ...(region ? { region } : {}) } });

  beforeAll(async () => {
    pal = await api.register("filterpal");
    await api.request("PUT", `/friends/${pal.user.username}`, { token });
    await api.request("PUT", "/friends/filterer", { token: pal.token });
    expect((await services(token, [8])).status).toBe(200);
    // The friend is in the US by their profile, with MUBI.
    expect((await services(pal.token, [11], "US")).status).toBe(200);
  });

  it("queue --on mine: the services of the caller's profile", async () => {
    expect(await titles("on=mine")).toEqual(["Inception", "Spirited Away"]);
  });

  it("pick --on mine: films on any member's services, in the caller's region", async () => {
    const picked = await api.request("GET", `/pick?with=${pal.user.username}&on=mine&limit=50`, {
      token,
      headers: { "Watchlist-Region": "GB" },
    });
    expect(picked.status, picked.text).toBe(200);
    const got = new Set(picked.json.map((entry: { movie: { title: string } }) => entry.movie.title));
    // Netflix (the caller's) and MUBI (the friend's) films of the queue; not Toy Story (Disney Plus) nor The Shining (Prime Video).
    for (const title of ["Inception", "Spirited Away", "Parasite", "Amélie"]) expect(got.has(title), title).toBe(true);
    for (const title of ["Toy Story", "The Shining"]) expect(got.has(title), title).toBe(false);
    const offered = await api.db.movieProvider.findMany({
      where: { region: "GB", providerId: { in: [8, 11] }, kind: { in: ["FLATRATE", "FREE", "ADS"] } },
      select: { movie: { select: { tmdbId: true } } },
    });
    const onTheirs = new Set(offered.map((row) => row.movie.tmdbId));
    for (const entry of picked.json) expect(onTheirs.has(entry.movie.tmdbId), entry.movie.title).toBe(true);
  });

  it("pick --max-cert is read on the caller's region's scale, not a friend's", async () => {
    const picked = await api.request("GET", `/pick?with=${pal.user.username}&maxCert=12A&limit=50`, {
      token,
      headers: { "Watchlist-Region": "GB" },
    });
    expect(picked.status, picked.text).toBe(200);
    expect(picked.json.length).toBeGreaterThan(0);
    for (const entry of picked.json) expect(["U", "PG", "12A", "12"]).toContain(entry.movie.certification);
    // The friend asking: their profile says US, where 12A is no certification.
    const theirs = await api.request("GET", "/pick?with=filterer&maxCert=12A", { token: pal.token, headers: { "Watchlist-Region": "GB" } });
    expect(theirs.status).toBe(422);
    expect(theirs.json.error.message).toContain("G < PG < PG-13 < R < NC-17");
  });
});
