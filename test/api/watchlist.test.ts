import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
let token: string;
let userId: string;
beforeAll(async () => {
  api = await createTestApi();
  ({
    token,
    user: { id: userId },
  } = await api.register("queuer"));
});

describe("PUT /watchlist/:tmdbId", () => {
  it("adds a movie (201) with MEDIUM by default, then changes its priority (200)", async () => {
    const added = await api.request("PUT", "/watchlist/438631", { token });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ priority: "MEDIUM", movie: { tmdbId: 438631, title: "Dune", year: 2021 } });
    const changed = await api.request("PUT", "/watchlist/438631", { token, body: { priority: "high" } });
    expect(changed.status).toBe(200);
    expect(changed.json.priority).toBe("HIGH");
    expect(await api.db.watchlist.count({ where: { userId } })).toBe(1);
  });

  it("refuses a rated movie with 409 already_rated and keeps the rating", async () => {
    await api.request("PUT", "/ratings/27205", { token, body: { rating: "LIKE" } });
    const response = await api.request("PUT", "/watchlist/27205", { token, body: { priority: "LOW" } });
    expect(response.status).toBe(409);
    expect(response.json.error).toEqual({ code: "already_rated", message: expect.stringContaining("Inception (2010)") });
    expect(await api.db.userMovie.count({ where: { userId, movie: { tmdbId: 27205 } } })).toBe(1);
  });
});

describe("GET /watchlist", () => {
  beforeAll(async () => {
    await api.request("PUT", "/watchlist/329865", { token, body: { priority: "LOW" } }); // Arrival
    await api.request("PUT", "/watchlist/335984", { token, body: { priority: "HIGH" } }); // Blade Runner 2049
    await api.request("PUT", "/watchlist/273481", { token, body: { priority: "MEDIUM" } }); // Sicario
  });

  it("orders by priority HIGH→LOW, then newest first, in the contract's shape", async () => {
    const response = await api.request("GET", "/watchlist", { token });
    expect(response.status).toBe(200);
    expect(response.json.map((e: any) => [e.priority, e.movie.tmdbId])).toEqual([
      ["HIGH", 335984],
      ["HIGH", 438631],
      ["MEDIUM", 273481],
      ["LOW", 329865],
    ]);
    expect(Object.keys(response.json[0]).sort()).toEqual(["addedAt", "movie", "priority"]);
  });

  it("filters by priority and sorts by title or by date added", async () => {
    const high = await api.request("GET", "/watchlist?priority=HIGH", { token });
    expect(high.json.map((e: any) => e.priority)).toEqual(["HIGH", "HIGH"]);
    const byTitle = await api.request("GET", "/watchlist?sort=title", { token });
    expect(byTitle.json.map((e: any) => e.movie.title)).toEqual(["Arrival", "Blade Runner 2049", "Dune", "Sicario"]);
    const byAdded = await api.request("GET", "/watchlist?sort=added", { token });
    expect(byAdded.json[0].movie.tmdbId).toBe(273481);
  });
});

describe("POST /watchlist/:tmdbId/watched", () => {
  it("rates the movie and removes it from the watchlist", async () => {
    const response = await api.request("POST", "/watchlist/273481/watched", { token, body: { rating: "LIKE" } });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ rating: "LIKE", watched: true, removedFromQueue: true, movie: { tmdbId: 273481 } });
    expect(await api.db.watchlist.count({ where: { userId, movie: { tmdbId: 273481 } } })).toBe(0);
    expect(await api.db.userMovie.count({ where: { userId, movie: { tmdbId: 273481 } } })).toBe(1);
  });

  it("is one transaction: when removing the queue entry fails, the rating and the viewing roll back and the entry stays", async () => {
    // A real failure inside the transaction: a trigger that refuses the watchlist delete.
    await api.db.$executeRawUnsafe(`
      CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by test trigger'; END $$`);
    await api.db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_delete BEFORE DELETE ON "Watchlist" FOR EACH ROW EXECUTE FUNCTION refuse_delete()`,
    );
    try {
      const response = await api.request("POST", "/watchlist/329865/watched", { token, body: { rating: "SUPER_LIKE" } });
      expect(response.status).toBe(500);
      expect(response.json.error).toEqual({ code: "internal", message: "internal error" });
      expect(await api.db.watchlist.count({ where: { userId, movie: { tmdbId: 329865 } } })).toBe(1);
      expect(await api.db.userMovie.count({ where: { userId, movie: { tmdbId: 329865 } } })).toBe(0);
      expect(await api.db.viewing.count({ where: { userId, movie: { tmdbId: 329865 } } })).toBe(0);
    } finally {
      await api.db.$executeRawUnsafe(`DROP TRIGGER refuse_delete ON "Watchlist"`);
      await api.db.$executeRawUnsafe(`DROP FUNCTION refuse_delete()`);
    }
  });

  it("refuses an unknown rating or a date that is no day with 422 and keeps the entry", async () => {
    expect((await api.request("POST", "/watchlist/329865/watched", { token, body: { rating: "AMAZING" } })).status).toBe(422);
    expect((await api.request("POST", "/watchlist/329865/watched", { token, body: { watchedOn: "2023-02-30" } })).status).toBe(422);
    expect(await api.db.watchlist.count({ where: { userId, movie: { tmdbId: 329865 } } })).toBe(1);
  });
});

describe("DELETE /watchlist/:tmdbId", () => {
  it("removes the entry (204), then answers 404", async () => {
    expect((await api.request("DELETE", "/watchlist/329865", { token })).status).toBe(204);
    expect((await api.request("DELETE", "/watchlist/329865", { token })).status).toBe(404);
  });
});

describe("never both rated and queued", () => {
  it("holds when rating and queueing the same movie race", async () => {
    const { token: racer, user } = await api.register("racer");
    const movies = [155, 1124, 77, 374720, 577922];
    await Promise.all(
      movies.flatMap((id) => [
        api.request("PUT", `/watchlist/${id}`, { token: racer, body: { priority: "HIGH" } }),
        api.request("PUT", `/ratings/${id}`, { token: racer, body: { rating: "LIKE" } }),
        api.request("PUT", `/watchlist/${id}`, { token: racer, body: { priority: "LOW" } }),
      ]),
    );
    const both = await api.db.userMovie.count({ where: { userId: user.id, movie: { watchlist: { some: { userId: user.id } } } } });
    expect(both).toBe(0);
    expect(await api.db.userMovie.count({ where: { userId: user.id } })).toBe(movies.length);
  });
});
