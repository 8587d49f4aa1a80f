import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client.js";
import { listActivity } from "../../src/services/activity.js";
import { recordRating } from "../../src/services/ratings.js";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
let token: string;
let userId: string;
beforeAll(async () => {
  api = await createTestApi();
  ({
    token,
    user: { id: userId },
  } = await api.register("rater"));
});

const INCEPTION = 27205;
const INTERSTELLAR = 157336;
const DARK_KNIGHT = 155;

describe("PUT /ratings/:tmdbId", () => {
  it("rates a movie, caching it from TMDB, and answers the entry in the contract's shape", async () => {
    const response = await api.request("PUT", `/ratings/${INCEPTION}`, { token, body: { rating: "SUPER_LIKE" } });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      rating: "SUPER_LIKE",
      watched: true,
      removedFromQueue: false,
      movie: { tmdbId: INCEPTION, title: "Inception", year: 2010, director: "Christopher Nolan", runtime: 148 },
    });
    expect(response.json.movie.genres).toContainEqual({ id: 878, name: "Science Fiction" });
    expect(response.json.movie.cast[0]).toMatchObject({ name: "Leonardo DiCaprio" });
    expect(await api.db.movie.count({ where: { tmdbId: INCEPTION } })).toBe(1);
  });

  it("upserts: rating again changes the one row", async () => {
    const response = await api.request("PUT", `/ratings/${INCEPTION}`, { token, body: { rating: "like" } });
    expect(response.json.rating).toBe("LIKE");
    expect(await api.db.userMovie.count({ where: { userId, movie: { tmdbId: INCEPTION } } })).toBe(1);
  });

  it("accepts the CLI's words case-insensitively", async () => {
    const response = await api.request("PUT", `/ratings/${INCEPTION}`, { token, body: { rating: "Super-Like" } });
    expect(response.json.rating).toBe("SUPER_LIKE");
  });

  it("takes a queued movie off the watchlist in the same transaction", async () => {
    await api.request("PUT", `/watchlist/${INTERSTELLAR}`, { token, body: { priority: "HIGH" } });
    const response = await api.request("PUT", `/ratings/${INTERSTELLAR}`, { token, body: { rating: "LIKE" } });
    expect(response.json.removedFromQueue).toBe(true);
    expect(await api.db.watchlist.count({ where: { userId } })).toBe(0);
  });

  it("leaves exactly one row after 40 concurrent upserts of one rating", async () => {
    const ratings = ["DISLIKE", "OK", "LIKE", "SUPER_LIKE"];
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => api.request("PUT", `/ratings/${DARK_KNIGHT}`, { token, body: { rating: ratings[i % 4] } })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(200));
    expect(await api.db.userMovie.count({ where: { userId, movie: { tmdbId: DARK_KNIGHT } } })).toBe(1);
    expect(await api.db.movie.count({ where: { tmdbId: DARK_KNIGHT } })).toBe(1);
  });

  it("answers 404 for a movie TMDB does not know", async () => {
    const response = await api.request("PUT", "/ratings/999999", { token, body: { rating: "LIKE" } });
    expect(response.status).toBe(404);
    expect(response.json.error.code).toBe("not_found");
  });

  it("answers 502 when TMDB is down and the movie was never cached, and stores nothing", async () => {
    api.fakeTmdb.setDown(true);
    try {
      const response = await api.request("PUT", "/ratings/155", { token, body: { rating: "LIKE" } }); // cached: works
      expect(response.status).toBe(200);
      const uncached = await api.request("PUT", "/ratings/77", { token, body: { rating: "LIKE" } });
      expect(uncached.status).toBe(502);
      expect(uncached.json.error.code).toBe("tmdb_unavailable");
      expect(await api.db.userMovie.count({ where: { userId, movie: { tmdbId: 77 } } })).toBe(0);
    } finally {
      api.fakeTmdb.setDown(false);
    }
  });
  it("refreshes a film cached more than 30 days ago, and rates the old row while TMDB is down", async () => {
    const outdated = { lastUpdated: new Date(Date.now() - 40 * 86_400_000), title: "Old Title" };
    await api.db.movie.update({ where: { tmdbId: INCEPTION }, data: outdated });
    const refreshed = await api.request("PUT", `/ratings/${INCEPTION}`, { token, body: { rating: "LIKE" } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.movie.title).toBe("Inception");
    const row = await api.db.movie.findUniqueOrThrow({ where: { tmdbId: INCEPTION } });
    expect(Date.now() - row.lastUpdated.getTime()).toBeLessThan(60_000);

    await api.db.movie.update({ where: { tmdbId: INCEPTION }, data: outdated });
    api.fakeTmdb.setDown(true);
    try {
      const stale = await api.request("PUT", `/ratings/${INCEPTION}`, { token, body: { rating: "OK" } });
      expect(stale.status).toBe(200);
      expect(stale.json).toMatchObject({ rating: "OK", movie: { title: "Old Title" } });
    } finally {
      api.fakeTmdb.setDown(false);
    }
  });

  it("writes its times in UTC whatever the session's time zone", async () => {
    // A local mode's embedded server has the machine's zone; the columns hold UTC, as Prisma writes them.
    const farEast = createDb(`${api.url}?options=${encodeURIComponent("-c timezone=Pacific/Kiritimati")}`);
    try {
      const before = Date.now();
      const rated = await recordRating({ db: farEast, tmdb: api.tmdb }, userId, INTERSTELLAR, "SUPER_LIKE");
      expect(Math.abs(rated.updatedAt.getTime() - before)).toBeLessThan(60_000);
      const [activity] = (await listActivity(api.db, userId, { limit: 1 })).items;
      expect(activity.action).toBe("rate");
      expect(Math.abs(activity.at.getTime() - before)).toBeLessThan(60_000);
    } finally {
      await farEast.$disconnect();
    }
  });
});

describe("GET /ratings", () => {
  beforeAll(async () => {
    await api.request("PUT", "/ratings/329865", { token, body: { rating: "OK" } }); // Arrival (2016)
    await api.request("PUT", "/ratings/862", { token, body: { rating: "DISLIKE" } }); // Toy Story (1995)
  });

  it("lists the caller's ratings, most recently rated first", async () => {
    const response = await api.request("GET", "/ratings", { token });
    expect(response.status).toBe(200);
    expect(response.json[0].movie.tmdbId).toBe(862);
    expect(response.json[0]).toEqual({
      movie: expect.objectContaining({ tmdbId: 862, title: "Toy Story", year: 1995 }),
      rating: "DISLIKE",
      watched: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it("filters by several ratings, sorts by title or year, and limits", async () => {
    const liked = await api.request("GET", "/ratings?rating=like,super-like&sort=title", { token });
    expect(liked.json.map((r: any) => r.rating).every((r: string) => ["LIKE", "SUPER_LIKE"].includes(r))).toBe(true);
    const titles = liked.json.map((r: any) => r.movie.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));

    const byYear = await api.request("GET", "/ratings?sort=year&limit=2", { token });
    expect(byYear.json).toHaveLength(2);
    expect(byYear.json[0].movie.year).toBeGreaterThanOrEqual(byYear.json[1].movie.year);
  });
});

describe("DELETE /ratings/:tmdbId", () => {
  it("removes the rating (204), then answers 404", async () => {
    expect((await api.request("DELETE", "/ratings/862", { token })).status).toBe(204);
    expect((await api.request("DELETE", "/ratings/862", { token })).status).toBe(404);
    expect(await api.db.movie.count({ where: { tmdbId: 862 } })).toBe(1);
  });
});
