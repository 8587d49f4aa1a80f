// Recommendations on a seeded library (several users with known tastes, test/helpers/seed-library.ts)
// against real PostgreSQL and the fake TMDB server.

import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorResponse } from "../../src/api/app.js";
import type { AppEnv } from "../../src/api/context.js";
import { recommendationRoutes } from "../../src/api/routes/recommendations.js";
import type { Db } from "../../src/db/client.js";
import { silentLogger } from "../../src/logger.js";
import { MIN_SCORE } from "../../src/services/candidate-pool.js";
import { UnknownGenreError } from "../../src/services/genres.js";
import { MAX_FETCHES_PER_CALL, readCachedLists, recommendationLists, writeCachedList } from "../../src/services/recommendation-lists.js";
import { type RecommendationJson, recommend } from "../../src/services/recommendations.js";
import { createTmdbClient } from "../../src/tmdb/client.js";
import type { TmdbClient } from "../../src/tmdb/types.js";
import { fakeMovieList, fakeTmdbConfig, fakeMovies as m, startFakeTmdb } from "../fake-tmdb/index.js";
import { useTestDatabase } from "../helpers/db.js";
import {
  ashfordManor,
  cacheMovies,
  noraTaste,
  type SeededLibrary,
  seedEstablishedUser,
  seedHorrorPair,
  seedLibrary,
  seedUser,
  type Taste,
} from "../helpers/seed-library.js";

const library = await useTestDatabase();
const downLibrary = await useTestDatabase();
const crowdLibrary = await useTestDatabase();
const privateTasteLibrary = await useTestDatabase();
const sybilLibrary = await useTestDatabase();
const fake = await startFakeTmdb();
afterAll(() => fake.close());
const tmdb = createTmdbClient(fakeTmdbConfig(fake), { backoffMs: 5, maxRetryAfterMs: 20 });

const ids = (results: RecommendationJson[]) => results.map((r) => r.movie.tmdbId);
const titles = (results: RecommendationJson[]) => results.map((r) => r.movie.title);

async function ratedOrQueued(db: Db, userId: string): Promise<Set<number>> {
  const rated = await db.userMovie.findMany({ where: { userId }, select: { movie: { select: { tmdbId: true } } } });
  const queued = await db.watchlist.findMany({ where: { userId }, select: { movie: { select: { tmdbId: true } } } });
  return new Set([...rated, ...queued].map((entry) => entry.movie.tmdbId));
}

let users: SeededLibrary;
let nora: RecommendationJson[];
beforeAll(async () => {
  users = await seedLibrary(library.db);
  nora = await recommend({ db: library.db, tmdb }, users.nora, { limit: 20 });
});

describe("recommend on a seeded library", () => {
  it("gives a Nolan and science-fiction lover the unrated Nolan and Villeneuve films first", () => {
    const unratedNolanAndVilleneuve = [m.tenet, m.batmanBegins, m.dunkirk, m.memento, m.oppenheimer, m.dunePartTwo, m.prisoners, m.sicario];
    expect(new Set(ids(nora).slice(0, unratedNolanAndVilleneuve.length))).toEqual(
      new Set(unratedNolanAndVilleneuve.map((movie) => movie.id)),
    );
    // Tenet is recommended by TMDB from both of her super-likes, and is a Nolan film with Michael Caine.
    expect(nora[0].movie.title).toBe("Tenet");
    expect(nora[0].sources).toEqual(["tmdb", "content"]);
    for (const result of nora) expect(result.score).toBeGreaterThanOrEqual(MIN_SCORE);
    expect(nora.map((r) => r.score)).toEqual([...nora.map((r) => r.score)].sort((a, b) => b - a));
  });

  it("never recommends a movie the user rated or queued", async () => {
    for (const userId of Object.values(users)) {
      const results = await recommend({ db: library.db, tmdb }, userId, { limit: 100 });
      expect(results.length).toBeGreaterThan(0);
      const excluded = await ratedOrQueued(library.db, userId);
      expect(ids(results).filter((id) => excluded.has(id))).toEqual([]);
    }
    // Nora queued Dune (2021) and The Matrix: TMDB lists them from her favourites, they stay out.
    expect(ids(nora)).not.toContain(m.dune2021.id);
    expect(ids(nora)).not.toContain(m.matrix.id);
  });

  it("gives at most two reasons per film, sentences that name her real rated movies, none twice", () => {
    // TMDB lists Tenet from Inception and Interstellar, which the Nolan reason names already: said once.
    const tenet = nora.find((r) => r.movie.tmdbId === m.tenet.id)!;
    expect(tenet.reasons).toEqual([
      "Directed by Christopher Nolan, who also made 4 films you liked, among them Interstellar and Inception",
      "You liked all 5 Science Fiction films you rated",
    ]);
    const sicario = nora.find((r) => r.movie.tmdbId === m.sicario.id)!;
    expect(sicario.reasons[0]).toBe("Directed by Denis Villeneuve, who also made Blade Runner 2049 and Arrival, which you liked");

    const ratings = new Map(noraTaste.ratings.map(([movie, rating]) => [movie.title, rating]));
    const allTitles = [...ratings.keys()].sort((a, b) => b.length - a.length);
    for (const result of nora) {
      expect(result.reasons.length).toBeGreaterThan(0);
      expect(result.reasons.length).toBeLessThanOrEqual(2);
      const named = result.reasons.flatMap((reason) => allTitles.filter((title) => reason.includes(title)));
      expect(new Set(named).size, result.reasons.join(" | ")).toBe(named.length);
      for (const reason of result.reasons) {
        expect(reason).toMatch(/^[A-Z0-9]/);
        expect(reason).not.toMatch(/❤️|👍|😐|👎|—|\b1 of the 1\b/);
        // "Because you loved Inception and liked Arrival": each film is rated so by her.
        for (const [, verb, list] of reason.matchAll(/\b(loved|liked) ((?:(?! and liked| and loved).)+)/g)) {
          for (const title of allTitles.filter((title) => list.includes(title))) {
            expect(verb === "loved" ? ["SUPER_LIKE"] : ["LIKE", "SUPER_LIKE"], reason).toContain(ratings.get(title));
          }
        }
      }
    }
  });

  it("fetches TMDB lists once (cached) and only a few per call (paced)", async () => {
    const listRequests = () => fake.requests.filter((r) => r.path.endsWith("/recommendations")).length;
    const before = listRequests();
    await recommend({ db: library.db, tmdb }, users.nora, { limit: 20 });
    expect(listRequests()).toBe(before);

    const many = Object.values(m).filter((movie) => movie.recommendations.length > 0);
    const fan = await seedUser(library.db, "fan-of-everything", { ratings: many.map((movie) => [movie, "LIKE"] as const) });
    const start = listRequests();
    await recommend({ db: library.db, tmdb }, fan, { limit: 5 });
    const fetched = listRequests() - start;
    expect(fetched).toBeGreaterThan(0);
    expect(fetched).toBeLessThanOrEqual(MAX_FETCHES_PER_CALL);
  });

  it("caches the TMDB-recommended films it shows, with director and cast", async () => {
    const tenet = await library.db.movie.findUnique({ where: { tmdbId: m.tenet.id } });
    expect(tenet?.director).toBe("Christopher Nolan");
    expect(nora[0].movie.cast.length).toBeGreaterThan(0);
    expect(nora[0].movie.runtime).toBe(m.tenet.runtime);
  });

  it("sinks a film of a genre the user dislikes", async () => {
    const { ana, ben } = await seedHorrorPair(library.db);
    const forAna = await recommend({ db: library.db, tmdb }, ana, { limit: 20 });
    const forBen = await recommend({ db: library.db, tmdb }, ben, { limit: 20 });
    const alien = (results: RecommendationJson[]) => results.find((r) => r.movie.tmdbId === m.alien.id);
    const rank = (results: RecommendationJson[], id: number) => ids(results).indexOf(id);

    // Same favourite, same TMDB list; only Ana dislikes horror, and Alien is a horror film.
    expect(alien(forBen)).toBeDefined();
    expect(alien(forAna)?.score ?? 0).toBeLessThan(alien(forBen)!.score - 0.3);
    if (alien(forAna)) {
      expect(rank(forAna, m.alien.id)).toBeGreaterThan(rank(forAna, m.bladeRunner.id));
      expect(alien(forAna)!.reasons.at(-1)).toBe("But it's Horror, and you disliked both Horror films you rated");
    }
    expect(alien(forBen)!.reasons.join()).not.toMatch(/Horror/);
    expect(ids(forAna)).not.toContain(ashfordManor.id);
  });

  it("answers an empty list to a user without ratings", async () => {
    const newcomer = await seedUser(library.db, "newcomer", { ratings: [], queue: [[m.inception, "HIGH"]] });
    expect(await recommend({ db: library.db, tmdb }, newcomer)).toEqual([]);
  });

  it("filters by genre, whatever its case, and refuses an unknown genre with the known ones", async () => {
    const drama = await recommend({ db: library.db, tmdb }, users.nora, { genre: "drama", limit: 50 });
    expect(drama.length).toBeGreaterThan(0);
    for (const result of drama) expect(result.movie.genres.map((g) => g.name)).toContain("Drama");
    expect(titles(drama)).toContain("Oppenheimer");
    expect(titles(drama)).not.toContain("Tenet");

    const error = await recommend({ db: library.db, tmdb }, users.nora, { genre: "scifi" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownGenreError);
    expect((error as Error).message).toMatch(/unknown genre "scifi"; known genres: .*Science Fiction/);
  });

  it("respects the limit", async () => {
    const three = await recommend({ db: library.db, tmdb }, users.nora, { limit: 3 });
    expect(ids(three)).toEqual(ids(nora).slice(0, 3));
  });
});

describe("recommend while TMDB is down", () => {
  let downUsers: SeededLibrary;
  beforeAll(async () => {
    downUsers = await seedLibrary(downLibrary.db);
  });
  afterAll(() => fake.setDown(false));

  it("still recommends from the cache, and a film only one other member liked never comes from similar users", async () => {
    fake.setDown(true);
    const results = await recommend({ db: downLibrary.db, tmdb, logger: silentLogger }, downUsers.nora, { limit: 20 });
    // Twin rates like Nora and loves Metropolis, which nobody else rated: one member is no crowd,
    // and showing it would tell Nora what Twin rated (issue 19).
    expect(ids(results)).not.toContain(m.metropolis.id);
    for (const result of results) expect(result.sources).not.toContain("similar-users");
    // Cached films by her directors still come, with their full record.
    expect(titles(results)).toEqual(expect.arrayContaining(["Oppenheimer", "Dune: Part Two", "Prisoners", "Sicario"]));
    for (const result of results) expect(result.sources).not.toContain("tmdb");
  });
});

describe("reasons from other people (issues 14 and 19: at least 3 established members, never counted)", () => {
  const shared: Taste["ratings"] = [
    [m.parasite, "LIKE"],
    [m.getOut, "LIKE"],
  ];
  const fan = (db: Db, name: string) => seedEstablishedUser(db, name, { ratings: [...shared, [m.amelie, "SUPER_LIKE"]] });
  const amelieFor = async (db: Db, userId: string) =>
    (await recommend({ db, tmdb, logger: silentLogger }, userId, { limit: 50 })).find((r) => r.movie.tmdbId === m.amelie.id);

  it("two fans: Amélie does not come from similar users; three: it does, tied to a film she shares with them, with no count", async () => {
    const { db } = crowdLibrary;
    const me = await seedUser(db, "me", { ratings: shared });
    await fan(db, "fan1");
    await fan(db, "fan2");
    const fewer = await amelieFor(db, me);
    expect(fewer?.sources ?? []).not.toContain("similar-users");
    for (const reason of fewer?.reasons ?? []) expect(reason).not.toMatch(/people/i);

    await fan(db, "fan3");
    const three = await amelieFor(db, me);
    expect(three?.sources).toContain("similar-users");
    expect(three?.reasons.some((reason) => /^People who liked (Parasite|Get Out), as you did, liked this one too$/.test(reason))).toBe(
      true,
    );
    for (const reason of three!.reasons) expect(reason).not.toMatch(/\d/);
  });
});

describe("--share-taste off (issue 19)", () => {
  it("takes a member's ratings out of everyone else's collaborative results and reasons", async () => {
    const { db } = privateTasteLibrary;
    const shared: Taste["ratings"] = [
      [m.parasite, "LIKE"],
      [m.getOut, "LIKE"],
    ];
    const me = await seedUser(db, "me", { ratings: shared });
    const fans = [];
    for (const name of ["fan1", "fan2", "fan3"])
      fans.push(await seedEstablishedUser(db, name, { ratings: [...shared, [m.amelie, "SUPER_LIKE"]] }));
    fake.setDown(true);
    try {
      const amelie = async () =>
        (await recommend({ db, tmdb, logger: silentLogger }, me, { limit: 50 })).find((r) => r.movie.tmdbId === m.amelie.id);
      // Shared, the three fans' taste raises Amélie, with a reason tying it to a film she liked.
      const sharing = await amelie();
      expect(sharing?.sources).toContain("similar-users");
      expect(sharing?.reasons.some((reason) => /^People who liked/.test(reason))).toBe(true);

      await db.user.updateMany({ where: { id: { in: fans } }, data: { shareTaste: false } });
      // Not shared: only they rated Amélie, so nothing of theirs may bring it or speak of it.
      expect(await amelie()).toBeUndefined();
    } finally {
      fake.setDown(false);
    }
  });
});

describe("the sybil probe (issue 19): one shared rating plus throwaway accounts", () => {
  // The victim, an established member, is the only one to rate Metropolis (and loves it). Three
  // established regulars and the victim like Parasite; the regulars also like Amélie. The attacker
  // registers, likes Parasite, and has two throwaway accounts like Parasite too — then like every
  // film of the catalogue, so that any film the victim liked would have a crowd of three.
  it("never surfaces a film only the victim rated, as a result or in a reason, for the attacker or the throwaways", async () => {
    const { db } = sybilLibrary;
    const victim = await seedEstablishedUser(db, "victim", {
      ratings: [
        [m.parasite, "LIKE"],
        [m.metropolis, "SUPER_LIKE"],
      ],
    });
    for (const name of ["regular1", "regular2", "regular3"])
      await seedEstablishedUser(db, name, {
        ratings: [
          [m.parasite, "LIKE"],
          [m.amelie, "LIKE"],
        ],
      });
    const attacker = await seedUser(db, "attacker", { ratings: [[m.parasite, "LIKE"]] });
    const throwaways = [
      await seedUser(db, "throwaway1", { ratings: [[m.parasite, "LIKE"]] }),
      await seedUser(db, "throwaway2", { ratings: [[m.parasite, "LIKE"]] }),
    ];
    const raters = await db.userMovie.groupBy({ by: ["movieId"], _count: { userId: true } });
    const onlyVictim = await db.userMovie.findMany({
      where: { userId: victim, movieId: { in: raters.filter((row) => row._count.userId === 1).map((row) => row.movieId) } },
      select: { movie: { select: { tmdbId: true, title: true } } },
    });
    expect(onlyVictim.map((row) => row.movie.tmdbId)).toEqual([m.metropolis.id]);

    const probe = async () => {
      for (const userId of [attacker, ...throwaways]) {
        const results = await recommend({ db, tmdb, logger: silentLogger }, userId, { limit: 100 });
        expect(ids(results)).not.toContain(m.metropolis.id);
        for (const result of results) for (const reason of result.reasons) expect(reason).not.toContain("Metropolis");
        if (userId === attacker) {
          // The defence still lets an established crowd speak: Amélie, liked by the three regulars.
          const amelie = results.find((result) => result.movie.tmdbId === m.amelie.id);
          expect(amelie?.sources).toContain("similar-users");
          expect(amelie?.reasons).toContain("People who liked Parasite, as you did, liked this one too");
        }
      }
    };
    fake.setDown(true);
    try {
      await probe();
      // The throwaways now like everything the attacker can find, Metropolis among it: still nothing.
      const all = await cacheMovies(
        db,
        fakeMovieList.filter((movie) => movie.id !== m.parasite.id),
      );
      for (const userId of throwaways)
        await db.userMovie.createMany({ data: [...all.values()].map((movieId) => ({ userId, movieId, rating: "SUPER_LIKE" as const })) });
      await probe();
    } finally {
      fake.setDown(false);
    }
  });
});

describe("the cache of TMDB recommendation lists", () => {
  const DAY = 24 * 3600 * 1000;
  const oldList = (title: string) => [
    {
      tmdbId: 4242,
      title,
      originalTitle: null,
      releaseDate: null,
      overview: null,
      posterPath: null,
      genreIds: [],
      popularity: 1,
      voteAverage: null,
    },
  ];
  afterAll(() => {
    fake.setDown(false);
    fake.setLatency(0);
  });

  it("refreshes a list older than 30 days", async () => {
    await writeCachedList(downLibrary.db, m.memento.id, oldList("Old"), new Date(Date.now() - 31 * DAY));
    const { lists, tmdbError } = await recommendationLists({ db: downLibrary.db, tmdb }, [m.memento.id]);
    expect(tmdbError).toBeUndefined();
    expect(lists.get(m.memento.id)!.map((r) => r.tmdbId)).toEqual(m.memento.recommendations);
    const cached = (await readCachedLists(downLibrary.db, [m.memento.id])).get(m.memento.id)!;
    expect(Date.now() - cached.fetchedAt.getTime()).toBeLessThan(60_000);
  });

  it("keeps using an old list while TMDB is down", async () => {
    await writeCachedList(downLibrary.db, m.sicario.id, oldList("Still useful"), new Date(Date.now() - 40 * DAY));
    fake.setDown(true);
    const { lists, tmdbError } = await recommendationLists({ db: downLibrary.db, tmdb, logger: silentLogger }, [
      m.sicario.id,
      m.prisoners.id,
    ]);
    fake.setDown(false);
    expect(tmdbError?.kind).toBe("unavailable");
    expect(lists.get(m.sicario.id)![0].title).toBe("Still useful");
    expect(lists.has(m.prisoners.id)).toBe(false);
  });

  it("does not wait for a slow TMDB beyond the deadline; the late lists are cached for next time", async () => {
    // TMDB answers after 1.5 s: the call returns well before, with room for a loaded machine.
    fake.setLatency(1500);
    try {
      const started = performance.now();
      const { lists, tmdbError } = await recommendationLists({ db: downLibrary.db, tmdb, logger: silentLogger }, [m.toyStory.id], {
        deadlineMs: 100,
      });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(tmdbError).toBeDefined();
      expect(lists.has(m.toyStory.id)).toBe(false);
      await expect
        .poll(async () => (await readCachedLists(downLibrary.db, [m.toyStory.id])).has(m.toyStory.id), { timeout: 5000 })
        .toBe(true);
    } finally {
      fake.setLatency(0);
    }
  });

  it("shows films of a cached list with the list's data when TMDB is down", async () => {
    // Toy Story's list is cached (previous test), the films on it are not.
    const kid = await seedUser(downLibrary.db, "kid", { ratings: [[m.toyStory, "SUPER_LIKE"]] });
    fake.setDown(true);
    const results = await recommend({ db: downLibrary.db, tmdb, logger: silentLogger }, kid);
    fake.setDown(false);
    const toyStory2 = results.find((r) => r.movie.tmdbId === m.toyStory2.id)!;
    expect(toyStory2.reasons[0]).toBe("Because you loved Toy Story");
    expect(toyStory2.movie).toMatchObject({ title: "Toy Story 2", year: 1999, director: null, cast: [], runtime: null });
    expect(toyStory2.movie.genres.map((g) => g.name)).toEqual(["Animation", "Comedy", "Family"]);
    expect(await downLibrary.db.movie.findUnique({ where: { tmdbId: m.toyStory2.id } })).toBeNull();
  });
});

describe("GET /recommendations", () => {
  const app = (userId: string, client: TmdbClient = tmdb) => {
    const router = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set("deps", { db: library.db, coordination: library.coordination, tmdb: client, logger: silentLogger });
        c.set("userId", userId);
        await next();
      })
      .route("/recommendations", recommendationRoutes);
    // The app's own mapping: domain errors (an unknown genre) become answers there, not in the route.
    router.onError((error, c) => errorResponse(error, c, { db: library.db, logger: silentLogger }));
    return router;
  };

  it("answers the bare array of recommend --json", async () => {
    const response = await app(users.nora).request("/recommendations?limit=2&genre=Science%20Fiction");
    expect(response.status).toBe(200);
    const body = (await response.json()) as RecommendationJson[];
    expect(body).toHaveLength(2);
    expect(body[0]).toEqual({
      movie: expect.objectContaining({ tmdbId: m.tenet.id, title: "Tenet", year: 2020, director: "Christopher Nolan" }),
      score: expect.any(Number),
      reasons: expect.arrayContaining([
        "Directed by Christopher Nolan, who also made 4 films you liked, among them Interstellar and Inception",
      ]),
      sources: expect.arrayContaining(["tmdb", "content"]),
    });
  });

  it("refuses a bad limit and an unknown genre with 422", async () => {
    for (const query of ["limit=0", "limit=101", "limit=ten"]) {
      expect((await app(users.nora).request(`/recommendations?${query}`)).status, query).toBe(422);
    }
    const response = await app(users.nora).request("/recommendations?genre=westerns");
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/unknown genre "westerns"/);
  });
});
