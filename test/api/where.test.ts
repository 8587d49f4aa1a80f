// Where to watch over HTTP: the caller's region (Watchlist-Region header, an explicit region), the
// movie JSON's certification in it, and GET /movies/:tmdbId/providers.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeMovies, UNKNOWN_TMDB_ID } from "../fake-tmdb/index.js";
import { createTestApi } from "../helpers/api.js";

const api = await createTestApi();
let token: string;

beforeAll(async () => {
  token = (await api.register("wherewolf")).token;
});
beforeEach(() => {
  api.fakeTmdb.requests.length = 0;
});

const inRegion = (region: string) => ({ token, headers: { "Watchlist-Region": region } });

describe("the caller's region", () => {
  it("gives every movie JSON the certification of the region the CLI sends", async () => {
    const gb = await api.request("GET", `/movies/${fakeMovies.inception.id}`, inRegion("gb"));
    expect(gb.status).toBe(200);
    expect(gb.json).toMatchObject({ originalLanguage: "en", countries: ["US", "GB"], certification: "12A" });
    const us = await api.request("GET", `/movies/${fakeMovies.inception.id}`, { token });
    expect(us.json.certification).toBe("PG-13");
  });

  it("refuses a region that is not an ISO 3166-1 code (422)", async () => {
    for (const region of ["UK", "XX", "GBR"]) {
      const answer = await api.request("GET", `/movies/${fakeMovies.inception.id}`, inRegion(region));
      expect(answer.status, region).toBe(422);
      expect(answer.json.error.message).toMatch(/ISO 3166-1/);
    }
  });
});

describe("the region from the profile", () => {
  it("comes before the Watchlist-Region header, which counts again once the profile's is cleared", async () => {
    const set = await api.request("PATCH", "/profile", { token, body: { region: "GB" } });
    expect(set.status, set.text).toBe(200);
    try {
      const us = await api.request("GET", `/movies/${fakeMovies.inception.id}`, inRegion("US"));
      expect(us.json.certification).toBe("12A");
      // The machine's locale is not asked once the profile says: an odd one is no error.
      expect((await api.request("GET", `/movies/${fakeMovies.inception.id}`, inRegion("UK"))).status).toBe(200);
    } finally {
      await api.request("PATCH", "/profile", { token, body: { region: null } });
    }
    const cleared = await api.request("GET", `/movies/${fakeMovies.inception.id}`, inRegion("US"));
    expect(cleared.json.certification).toBe("PG-13");
  });

  it("follows the member's own changes at once, undo included (it is kept a few seconds per process)", async () => {
    const certification = async () => (await api.request("GET", `/movies/${fakeMovies.inception.id}`, inRegion("US"))).json.certification;
    expect(await certification()).toBe("PG-13");
    await api.request("PATCH", "/profile", { token, body: { region: "DE" } });
    expect(await certification()).toBe("12");
    const undone = await api.request("POST", "/activity/undo", { token });
    expect(undone.status, undone.text).toBe(200);
    expect(await certification()).toBe("PG-13");
  });
});

describe("GET /movies/:tmdbId/providers", () => {
  it("lists by kind where the film streams, is free, with ads, to rent and to buy, with the JustWatch link", async () => {
    const answer = await api.request("GET", `/movies/${fakeMovies.parasite.id}/providers`, inRegion("GB"));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      movie: { tmdbId: fakeMovies.parasite.id, certification: "15", originalLanguage: "ko" },
      region: "GB",
      flatrate: [{ id: 11, name: "MUBI" }],
      free: [],
      ads: [{ id: 2100, name: "Amazon Prime Video with Ads" }],
      rent: [
        { id: 2, name: "Apple TV" },
        { id: 10, name: "Amazon Video" },
      ],
      link: `https://www.themoviedb.org/movie/${fakeMovies.parasite.id}/watch?locale=GB`,
      source: "JustWatch via TMDB",
    });
    expect(answer.json.buy.map((provider: { name: string }) => provider.name)).toEqual(["Apple TV", "Amazon Video", "Google Play Movies"]);
    expect(Date.parse(answer.json.asOf)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("answers empty lists and no link for a region TMDB lists nothing in", async () => {
    const answer = await api.request("GET", `/movies/${fakeMovies.parasite.id}/providers?region=US`, inRegion("GB"));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ region: "US", flatrate: [], free: [], ads: [], rent: [], buy: [], link: null });
    // The explicit region is the answer's region, the movie's certification included.
    expect(answer.json.movie.certification).toBe("R");
  });

  it("answers 404 for a film TMDB does not know", async () => {
    const answer = await api.request("GET", `/movies/${UNKNOWN_TMDB_ID}/providers?region=GB`, { token });
    expect(answer.status).toBe(404);
  });

  it("refuses a region that is not a country (422)", async () => {
    const answer = await api.request("GET", `/movies/${fakeMovies.parasite.id}/providers?region=EU`, { token });
    expect(answer.status).toBe(422);
  });

  it("costs one TMDB call for a film not cached, none for one fetched within the day", async () => {
    await api.request("GET", `/movies/${fakeMovies.toyStory.id}/providers?region=US`, { token });
    expect(api.fakeTmdb.requests.map((request) => request.path)).toEqual([`/movie/${fakeMovies.toyStory.id}`]);
    const again = await api.request("GET", `/movies/${fakeMovies.toyStory.id}/providers?region=US`, { token });
    expect(api.fakeTmdb.requests).toHaveLength(1);
    expect(again.json.free).toEqual([{ id: 538, name: "Plex" }]);
  });

  it("fetches providers older than a day again, in the one details call", async () => {
    await api.request("GET", `/movies/${fakeMovies.spiritedAway.id}/providers?region=GB`, { token });
    await api.db.movie.update({
      where: { tmdbId: fakeMovies.spiritedAway.id },
      data: { providersFetchedAt: new Date(Date.now() - 25 * 3600_000) },
    });
    api.fakeTmdb.requests.length = 0;
    const answer = await api.request("GET", `/movies/${fakeMovies.spiritedAway.id}/providers?region=GB`, { token });
    expect(api.fakeTmdb.requests.map((request) => request.path)).toEqual([`/movie/${fakeMovies.spiritedAway.id}`]);
    expect(Date.parse(answer.json.asOf)).toBeGreaterThan(Date.now() - 60_000);
  });
});
