// Imports at one TMDB call per new film (issue 20): a film is matched and stored from the search
// answer, its details (runtime, credits, certifications, providers) are fetched after, in the
// background; the report says how many are still being filled in, and stats, recommend and pick
// answer meanwhile from what is there, saying so. A film left without details (a process stopped)
// is taken up by the next read.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { backgroundRefreshesDone } from "../../src/services/watch-refresh.js";
import { fakeMovies as m } from "../fake-tmdb/index.js";
import { createTestApi } from "../helpers/api.js";

const api = await createTestApi();
let token: string;

const films = [
  { title: "Memento", year: 2000, id: m.memento.id },
  { title: "Alien", year: 1979, id: m.alien.id },
  { title: "The Shining", year: 1980, id: m.shining.id },
];
const paths = (from: number) => api.fakeTmdb.requests.slice(from).map((request) => request.path);

beforeAll(async () => {
  token = (await api.register("importer")).token;
  // Someone else's friend for pick: a friendship is two accepted requests.
  const friend = await api.register("companion");
  expect((await api.request("PUT", "/friends/companion", { token })).status).toBeLessThan(300);
  expect((await api.request("PUT", "/friends/importer", { token: friend.token })).status).toBeLessThan(300);
});

describe("an import of films new to the server", () => {
  it("asks TMDB once per film while importing, then once more per film in the background; reads meanwhile say so", async () => {
    // TMDB is slow: the details are still on their way when the import has answered.
    api.fakeTmdb.setLatency(1500);
    const before = api.fakeTmdb.requests.length;
    const entries = films.map((film, index) => ({ ref: `line ${index + 2}`, title: film.title, year: film.year, rating: "LIKE" }));
    const imported = await api.request("POST", "/import", { token, body: { importId: randomUUID(), format: "letterboxd", entries } });
    expect(imported.status, imported.text).toBe(200);
    try {
      // The import's calls: one search per film (and TMDB's genre list, once per process: search answers
      // carry genre ids only). The details requests have left, their answers not come: the films are stored without them.
      const ownCalls = paths(before).filter((path) => !/^\/movie\/\d+$/.test(path));
      expect(ownCalls.filter((path) => path !== "/genre/movie/list")).toEqual(films.map(() => "/search/movie"));
      expect(imported.json).toMatchObject({ ratings: { added: 3 }, unmatched: [], tmdbCalls: ownCalls.length, detailsPending: 3 });
      const stored = await api.db.movie.findMany({ where: { tmdbId: { in: films.map((film) => film.id) } } });
      expect(stored.map((movie) => [movie.title, movie.detailsPending, movie.runtime, movie.genres !== null])).toEqual(
        expect.arrayContaining(films.map((film) => [film.title, true, null, true])),
      );

      // Asked together: recommend and pick ask TMDB for recommendations, slow too.
      const [stats, recommendations, picks] = await Promise.all([
        api.request("GET", "/stats", { token }),
        api.request("GET", "/recommendations", { token }),
        api.request("GET", "/pick?with=companion", { token }),
      ]);
      expect(stats.status).toBe(200);
      expect(stats.json).toMatchObject({ totalRated: 3, minutesWatched: 0, detailsPending: 3 });
      expect(stats.headers.get("Watchlist-Details-Pending")).toBe("3");
      expect(recommendations.status).toBe(200);
      expect(recommendations.headers.get("Watchlist-Details-Pending")).toBe("3");
      expect(picks.status, picks.text).toBe(200);
      expect(picks.headers.get("Watchlist-Details-Pending")).toBe("3");
    } finally {
      api.fakeTmdb.setLatency(0);
    }

    await backgroundRefreshesDone(api.db);
    // Each film's details exactly once, although three reads met them pending (recommend and pick asked
    // TMDB for other things: recommendations, films of those).
    const detailsPaths = films.map((film) => `/movie/${film.id}`);
    expect(
      paths(before)
        .filter((path) => detailsPaths.includes(path))
        .sort(),
    ).toEqual(detailsPaths.sort());
    const after = await api.request("GET", "/stats", { token });
    expect(after.json.detailsPending).toBe(0);
    expect(after.headers.get("Watchlist-Details-Pending")).toBeNull();
    expect(after.json.minutesWatched).toBeGreaterThan(0);
    expect(after.json.topDirectors.map((director: { name: string }) => director.name)).toContain("Ridley Scott");
  });

  it("a film left without its details (its process stopped) is filled in by the next read", async () => {
    await api.db.movie.update({ where: { tmdbId: m.alien.id }, data: { detailsPending: true, runtime: null } });
    const before = api.fakeTmdb.requests.length;
    const stats = await api.request("GET", "/stats", { token });
    expect(stats.json.detailsPending).toBe(1);
    await backgroundRefreshesDone(api.db);
    expect(paths(before)).toEqual([`/movie/${m.alien.id}`]);
    expect(await api.db.movie.findUnique({ where: { tmdbId: m.alien.id } })).toMatchObject({ detailsPending: false, runtime: 117 });
  });
});
