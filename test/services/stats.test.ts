// Stats on a known library, checked against hand-counted figures and against the database itself.

import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/api/context.js";
import { statsRoutes } from "../../src/api/routes/stats.js";
import { silentLogger } from "../../src/logger.js";
import { getStats, type Stats } from "../../src/services/stats.js";
import { RATING_WEIGHT } from "../../src/services/taste.js";
import type { TmdbClient } from "../../src/tmdb/types.js";
import { fakeMovies as m } from "../fake-tmdb/index.js";
import { useTestDatabase } from "../helpers/db.js";
import { type SeededLibrary, seedLibrary, seedUser } from "../helpers/seed-library.js";

const { db, coordination } = await useTestDatabase();
const NOW = new Date("2026-11-20T12:00:00Z");
const at = (iso: string) => new Date(iso);

let users: SeededLibrary;
let mona: string;
beforeAll(async () => {
  users = await seedLibrary(db);
  // Mona rated in September and November 2026 (none in October), one film not watched.
  mona = await seedUser(db, "mona", {
    ratings: [
      [m.inception, "SUPER_LIKE", at("2026-09-03T10:00:00Z")],
      [m.tenet, "LIKE", at("2026-09-30T23:59:59Z")],
      [m.arrival, "LIKE", at("2026-11-01T00:00:00Z")],
      [m.conjuring, "DISLIKE", at("2026-11-15T08:00:00Z")],
      [m.nottingHill, "OK", at("2026-11-16T08:00:00Z")],
    ],
    queue: [
      [m.dune2021, "HIGH"],
      [m.oppenheimer, "HIGH"],
      [m.memento, "LOW"],
    ],
  });
  await db.userMovie.updateMany({ where: { userId: mona, movie: { tmdbId: m.nottingHill.id } }, data: { watched: false } });
});

describe("stats", () => {
  it("count every rating and priority, zeros included", async () => {
    const stats = await getStats(db, mona, NOW);
    expect(stats.ratings).toEqual({ DISLIKE: 1, OK: 1, LIKE: 2, SUPER_LIKE: 1 });
    expect(stats.queue).toEqual({ LOW: 1, MEDIUM: 0, HIGH: 2 });
    expect(stats.totalRated).toBe(5);
    expect(stats.totalQueued).toBe(3);
    expect(stats.averageWeight).toBe(0.6); // (2 + 1 + 1 - 1 + 0) / 5
  });

  it("add up the runtimes of the watched films", async () => {
    const stats = await getStats(db, mona, NOW);
    const minutes = m.inception.runtime + m.tenet.runtime + m.arrival.runtime + m.conjuring.runtime; // Notting Hill not watched
    expect(stats.minutesWatched).toBe(minutes);
    expect(stats.hoursWatched).toBe(Math.round((minutes / 60) * 10) / 10);
  });

  it("rank genres and directors with their average weight", async () => {
    const stats = await getStats(db, mona, NOW);
    // Science Fiction: Inception ❤️, Tenet 👍, Arrival 👍 → 3 films, (2+1+1)/3.
    expect(stats.topGenres[0]).toEqual({ name: "Science Fiction", count: 3, averageWeight: 1.33 });
    expect(stats.topGenres).toContainEqual({ name: "Thriller", count: 2, averageWeight: 0 }); // Tenet 👍, The Conjuring 👎
    expect(stats.topGenres).toContainEqual({ name: "Horror", count: 1, averageWeight: -1 });
    expect(stats.topDirectors.slice(0, 2)).toEqual([
      { name: "Christopher Nolan", count: 2, averageWeight: 1.5 },
      { name: "Denis Villeneuve", count: 1, averageWeight: 1 },
    ]);
    for (const list of [stats.topGenres, stats.topDirectors]) {
      const order = [...list].sort((a, b) => b.count - a.count || b.averageWeight - a.averageWeight || a.name.localeCompare(b.name));
      expect(list).toEqual(order);
    }
  });

  it("list every month from the first rating to now, empty months included", async () => {
    const stats = await getStats(db, mona, NOW);
    expect(stats.ratingsPerMonth).toEqual([
      { month: "2026-09", count: 2 },
      { month: "2026-10", count: 0 },
      { month: "2026-11", count: 3 },
    ]);
  });

  it("cover the whole history, years before the last 24 months included", async () => {
    const old = await seedUser(db, "old-timer", {
      ratings: [
        [m.metropolis, "LIKE", at("2019-01-10T00:00:00Z")],
        [m.alien, "LIKE", at("2026-11-02T00:00:00Z")],
      ],
    });
    // An import brings years of history: all of it is there, not only the last 24 months.
    const months = (await getStats(db, old, NOW)).ratingsPerMonth;
    expect(months).toHaveLength(95);
    expect(months[0]).toEqual({ month: "2019-01", count: 1 });
    expect(months.at(-1)).toEqual({ month: "2026-11", count: 1 });
    expect(months.reduce((sum, month) => sum + month.count, 0)).toBe(2);
  });

  it("agree with the database for every user of the library", async () => {
    for (const userId of [...Object.values(users), mona]) {
      const stats = await getStats(db, userId, NOW);
      const rows = await db.userMovie.findMany({ where: { userId }, include: { movie: true } });
      const counts = { DISLIKE: 0, OK: 0, LIKE: 0, SUPER_LIKE: 0 };
      for (const row of rows) counts[row.rating]++;
      expect(stats.ratings).toEqual(counts);
      expect(stats.minutesWatched).toBe(rows.filter((r) => r.watched).reduce((sum, r) => sum + (r.movie.runtime ?? 0), 0));
      expect(stats.ratingsPerMonth.reduce((sum, month) => sum + month.count, 0)).toBe(rows.length);

      const byDirector = new Map<string, number[]>();
      for (const row of rows)
        for (const name of row.movie.director?.split(", ") ?? [])
          byDirector.set(name, [...(byDirector.get(name) ?? []), RATING_WEIGHT[row.rating]]);
      for (const figure of stats.topDirectors) {
        const weights = byDirector.get(figure.name)!;
        expect(figure.count).toBe(weights.length);
        expect(figure.averageWeight).toBeCloseTo(weights.reduce((a, b) => a + b, 0) / weights.length, 2);
      }
    }
  });

  it("count the rated films' original languages, production countries and decades (empty decades included)", async () => {
    const traveller = await seedUser(db, "traveller", {
      ratings: [
        [m.parasite, "SUPER_LIKE"],
        [m.spiritedAway, "LIKE"],
        [m.amelie, "LIKE"],
        [m.inception, "OK"],
        [m.metropolis, "LIKE"],
      ],
    });
    const metadata: Array<[number, string, string[]]> = [
      [m.parasite.id, "ko", ["KR"]],
      [m.spiritedAway.id, "ja", ["JP"]],
      [m.amelie.id, "fr", ["FR", "DE"]],
      [m.inception.id, "en", ["US", "GB"]],
      [m.metropolis.id, "de", ["DE"]],
    ];
    for (const [tmdbId, originalLanguage, countries] of metadata)
      await db.movie.update({ where: { tmdbId }, data: { originalLanguage, countries } });
    const stats = await getStats(db, traveller, NOW);
    expect(stats.topLanguages).toEqual(["de", "en", "fr", "ja", "ko"].map((code) => ({ code, count: 1 })));
    expect(stats.topCountries).toEqual([{ code: "DE", count: 2 }, ...["FR", "GB", "JP", "KR", "US"].map((code) => ({ code, count: 1 }))]);
    // Metropolis (1927), Spirited Away and Amélie (2001), Inception (2010), Parasite (2019).
    expect(stats.decades).toEqual([
      { decade: 1920, count: 1 },
      ...[1930, 1940, 1950, 1960, 1970, 1980, 1990].map((decade) => ({ decade, count: 0 })),
      { decade: 2000, count: 2 },
      { decade: 2010, count: 2 },
    ]);
    // A film not fetched since the metadata was stored (no language, no countries) and TMDB's "xx" (no language) count in no section but its decade.
    await db.movie.update({ where: { tmdbId: m.metropolis.id }, data: { originalLanguage: "xx", countries: [] } });
    const again = await getStats(db, traveller, NOW);
    expect(again.topLanguages.map((figure) => figure.code)).toEqual(["en", "fr", "ja", "ko"]);
    expect(again.topCountries).toContainEqual({ code: "DE", count: 1 });
    expect(again.decades[0]).toEqual({ decade: 1920, count: 1 });
  });

  it("are all zeros for a new account", async () => {
    const newcomer = await seedUser(db, "newcomer", { ratings: [] });
    expect(await getStats(db, newcomer, NOW)).toEqual({
      ratings: { DISLIKE: 0, OK: 0, LIKE: 0, SUPER_LIKE: 0 },
      queue: { LOW: 0, MEDIUM: 0, HIGH: 0 },
      totalRated: 0,
      totalQueued: 0,
      averageWeight: null,
      topGenres: [],
      topDirectors: [],
      minutesWatched: 0,
      hoursWatched: 0,
      ratingsPerMonth: [],
      topLanguages: [],
      topCountries: [],
      decades: [],
    });
  });

  it("are served by GET /stats for the caller only", async () => {
    const app = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set("deps", { db, coordination, tmdb: {} as TmdbClient, logger: silentLogger });
        c.set("userId", mona);
        await next();
      })
      .route("/stats", statsRoutes);
    const response = await app.request("/stats");
    expect(response.status).toBe(200);
    const body = (await response.json()) as Stats;
    expect(body).toMatchObject({
      ratings: { DISLIKE: 1, OK: 1, LIKE: 2, SUPER_LIKE: 1 },
      queue: { LOW: 1, MEDIUM: 0, HIGH: 2 },
      totalRated: 5,
    });
    expect(body.ratingsPerMonth.at(-1)!.month).toBe(new Date().toISOString().slice(0, 7));
  });
});
