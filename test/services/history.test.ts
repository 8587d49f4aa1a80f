// The viewing history against real PostgreSQL and the fake TMDB: marking watched (viewing, rewatch,
// rating kept or set, queue), listing, and what the history changes in stats and recommendations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayToDate, listHistory, markWatched, today, viewedTmdbIds } from "../../src/services/history.js";
import { recommend } from "../../src/services/recommendations.js";
import { getStats } from "../../src/services/stats.js";
import { createTmdbClient } from "../../src/tmdb/client.js";
import { fakeTmdbConfig, fakeMovies as m, startFakeTmdb } from "../fake-tmdb/index.js";
import { useTestDatabase } from "../helpers/db.js";
import { cacheMovies, noraTaste, seedLibrary, seedUser } from "../helpers/seed-library.js";

const { db } = await useTestDatabase();
const fake = await startFakeTmdb();
afterAll(() => fake.close());
const deps = { db, tmdb: createTmdbClient(fakeTmdbConfig(fake), { backoffMs: 5, maxRetryAfterMs: 20 }) };

let users = 0;
const newUser = () => seedUser(db, `history${++users}`, { ratings: [] });

/** Records viewings directly (dates and creation order chosen by the test). */
async function view(userId: string, movie: (typeof m)[keyof typeof m], watchedOn: string | null, createdAt: string, rewatch = false) {
  const movieId = (await cacheMovies(db, [movie])).get(movie.id)!;
  await db.viewing.create({
    data: { userId, movieId, watchedOn: watchedOn ? dayToDate(watchedOn) : null, rewatch, createdAt: new Date(createdAt) },
  });
}

describe("markWatched", () => {
  it("records a dated viewing, rates, and takes the film off the queue", async () => {
    const user = await seedUser(db, "watcher_a", { ratings: [], queue: [[m.arrival, "HIGH"]] });
    const entry = await markWatched(deps, user, m.arrival.id, { rating: "LIKE", watchedOn: "2023-06-01" });
    expect(entry).toMatchObject({
      movie: { tmdbId: m.arrival.id, title: "Arrival" },
      rating: "LIKE",
      watched: true,
      removedFromQueue: true,
      viewing: { watchedOn: "2023-06-01", rewatch: false },
    });
    expect(await db.watchlist.count({ where: { userId: user } })).toBe(0);
    const [viewing] = await db.viewing.findMany({ where: { userId: user } });
    expect(viewing.watchedOn?.toISOString()).toBe("2023-06-01T00:00:00.000Z");
  });

  it("a second viewing is a rewatch; without a rating the rating is kept", async () => {
    const user = await newUser();
    await markWatched(deps, user, m.inception.id, { rating: "SUPER_LIKE", watchedOn: "2020-01-01" });
    const again = await markWatched(deps, user, m.inception.id, { watchedOn: "2024-05-05" });
    expect(again).toMatchObject({ rating: "SUPER_LIKE", removedFromQueue: false, viewing: { watchedOn: "2024-05-05", rewatch: true } });
    expect((await db.userMovie.findMany({ where: { userId: user } })).map((row) => row.rating)).toEqual(["SUPER_LIKE"]);
    expect(await db.viewing.count({ where: { userId: user } })).toBe(2);
  });

  it("without a rating on a film never rated: the viewing alone, dated today by default, and the queue entry goes", async () => {
    const user = await seedUser(db, "watcher_b", { ratings: [], queue: [[m.tenet, "LOW"]] });
    const entry = await markWatched(deps, user, m.tenet.id);
    expect(entry).toEqual({
      movie: expect.objectContaining({ tmdbId: m.tenet.id }),
      rating: null,
      watched: true,
      removedFromQueue: true,
      viewing: { watchedOn: today(), rewatch: false, tags: [] },
    });
    expect(await db.userMovie.count({ where: { userId: user } })).toBe(0);
  });

  it("is one transaction: when a step fails, no viewing, rating or queue change is left", async () => {
    const user = await seedUser(db, "watcher_c", { ratings: [[m.memento, "OK"]] });
    await db.watchlist.create({
      data: { userId: user, movieId: (await cacheMovies(db, [m.dunkirk])).get(m.dunkirk.id)!, priority: "HIGH" },
    });
    // The last step, taking the film off the queue, fails (a statement trigger: even when nothing is
    // queued): the viewing and the rating written before it must roll back.
    await db.$executeRawUnsafe(
      `CREATE FUNCTION refuse_delete() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql`,
    );
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse BEFORE DELETE ON "Watchlist" FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete()`);
    try {
      await expect(markWatched(deps, user, m.memento.id, { rating: "SUPER_LIKE", watchedOn: "2022-02-02" })).rejects.toThrow(/refused/);
      await expect(markWatched(deps, user, m.dunkirk.id, { rating: "LIKE" })).rejects.toThrow(/refused/);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER refuse ON "Watchlist"`);
      await db.$executeRawUnsafe("DROP FUNCTION refuse_delete()");
    }
    expect(await db.viewing.count({ where: { userId: user } })).toBe(0);
    expect((await db.userMovie.findMany({ where: { userId: user } })).map((row) => row.rating)).toEqual(["OK"]);
    expect(await db.watchlist.count({ where: { userId: user } })).toBe(1);
  });
});

describe("listHistory", () => {
  let user: string;
  beforeAll(async () => {
    user = await newUser();
    await view(user, m.memento, null, "2024-01-01T00:00:00Z");
    await view(user, m.inception, "2023-06-01", "2023-06-02T00:00:00Z");
    await view(user, m.arrival, "2024-03-03", "2024-03-03T20:00:00Z");
    await view(user, m.inception, "2024-03-03", "2024-03-03T22:00:00Z", true);
    await view(user, m.tenet, "2022-12-31", "2023-01-01T00:00:00Z");
    await view(user, m.dunkirk, null, "2024-06-01T00:00:00Z");
    const inception = (await cacheMovies(db, [m.inception])).get(m.inception.id)!;
    await db.userMovie.create({ data: { userId: user, movieId: inception, rating: "LIKE" } });
  });

  it("lists newest first: by date, then the latest recorded; undated viewings last", async () => {
    const { items: history } = await listHistory(db, user);
    expect(history.map((entry) => [entry.movie.title, entry.watchedOn, entry.rewatch, entry.rating])).toEqual([
      ["Inception", "2024-03-03", true, "LIKE"],
      ["Arrival", "2024-03-03", false, null],
      ["Inception", "2023-06-01", false, "LIKE"],
      ["Tenet", "2022-12-31", false, null],
      ["Dunkirk", null, false, null],
      ["Memento", null, false, null],
    ]);
  });

  it("filters by year (undated viewings belong to none) and limits", async () => {
    expect((await listHistory(db, user, { year: 2023 })).items.map((entry) => entry.watchedOn)).toEqual(["2023-06-01"]);
    expect((await listHistory(db, user, { year: 2022 })).items.map((entry) => entry.movie.title)).toEqual(["Tenet"]);
    expect((await listHistory(db, user, { year: 2021 })).items).toEqual([]);
    expect((await listHistory(db, user, { limit: 2 })).items.map((entry) => entry.movie.title)).toEqual(["Inception", "Arrival"]);
  });

  it("pages one viewing at a time through same-day and undated viewings: every viewing once, in order", async () => {
    const { items: whole } = await listHistory(db, user);
    const paged: typeof whole = [];
    let cursor: string | undefined;
    do {
      const page = await listHistory(db, user, { limit: 1, cursor });
      paged.push(...page.items);
      cursor = page.next ?? undefined;
    } while (cursor);
    expect(paged).toEqual(whole);
  });

  it("shows no one else's viewings", async () => {
    expect((await listHistory(db, await newUser())).items).toEqual([]);
  });

  it("viewedTmdbIds: the films in anyone's history of a group", async () => {
    const other = await newUser();
    await view(other, m.sicario, "2021-01-01", "2021-01-01T00:00:00Z");
    expect(await viewedTmdbIds(db, [user, other])).toEqual(
      new Set([m.memento.id, m.inception.id, m.arrival.id, m.tenet.id, m.dunkirk.id, m.sicario.id]),
    );
    expect(await viewedTmdbIds(db, [other])).toEqual(new Set([m.sicario.id]));
    expect(await viewedTmdbIds(db, [])).toEqual(new Set());
  });
});

describe("the history in stats and recommendations", () => {
  it("stats count hours from viewings, rewatches included; a film rated as watched with no viewing counts once", async () => {
    const user = await seedUser(db, "stats_viewer", {
      ratings: [
        [m.inception, "LIKE"],
        [m.arrival, "OK"],
        [m.tenet, "DISLIKE"],
      ],
    });
    await view(user, m.inception, "2020-01-01", "2020-01-01T00:00:00Z");
    await view(user, m.inception, "2021-01-01", "2021-01-01T00:00:00Z", true);
    await view(user, m.memento, null, "2021-01-01T00:00:00Z"); // viewed, never rated
    await db.userMovie.updateMany({ where: { userId: user, movie: { tmdbId: m.tenet.id } }, data: { watched: false } });
    const stats = await getStats(db, user);
    // Inception twice (its rating adds nothing), Memento once, Arrival once (rated, no viewing), Tenet not watched.
    const minutes = 2 * m.inception.runtime + m.memento.runtime + m.arrival.runtime;
    expect(stats.minutesWatched).toBe(minutes);
    expect(stats.hoursWatched).toBe(Math.round((minutes / 60) * 10) / 10);
  });

  it("recommendations never suggest a film in the history", async () => {
    await seedLibrary(db);
    const before = await recommend(deps, await seedUser(db, "nora_before", noraTaste), { limit: 30 });
    const seen = before.slice(0, 3).map((entry) => entry.movie.tmdbId);
    expect(seen).toHaveLength(3);
    const viewer = await seedUser(db, "nora_viewer", noraTaste);
    for (const tmdbId of seen) {
      const movie = Object.values(m).find((candidate) => candidate.id === tmdbId)!;
      await view(viewer, movie, "2024-01-01", "2024-01-01T00:00:00Z");
    }
    const after = await recommend(deps, viewer, { limit: 30 });
    expect(after.length).toBeGreaterThan(0);
    expect(after.map((entry) => entry.movie.tmdbId).filter((id) => seen.includes(id))).toEqual([]);
  });
});
