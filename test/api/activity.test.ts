// The activity log and undo, through the HTTP API against real PostgreSQL: every change of ratings
// and queue is recorded in its own transaction with what it replaced; undo restores exactly that.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});

const INCEPTION = 27205;
const INTERSTELLAR = 157336;
const DARK_KNIGHT = 155;

async function newUser(name: string) {
  const { token, user } = await api.register(name);
  const call = async (method: string, path: string, body?: unknown) => api.request(method, path, { token, body });
  const state = async (): Promise<{
    ratings: Array<{ tmdbId: number; rating: string; createdAt: string }>;
    queue: Array<{ tmdbId: number; priority: string; addedAt: string }>;
  }> => ({
    ratings: (await call("GET", "/ratings")).json.map((r: any) => ({ tmdbId: r.movie.tmdbId, rating: r.rating, createdAt: r.createdAt })),
    queue: (await call("GET", "/watchlist")).json.map((q: any) => ({ tmdbId: q.movie.tmdbId, priority: q.priority, addedAt: q.addedAt })),
  });
  return { token, id: user.id, call, state };
}

describe("GET /activity", () => {
  it("lists each change newest first with its action and movie, in the contract's shape", async () => {
    const user = await newUser("logger");
    await user.call("PUT", `/watchlist/${INCEPTION}`, { priority: "HIGH" });
    await user.call("PUT", `/ratings/${INTERSTELLAR}`, { rating: "LIKE" });
    await user.call("POST", `/watchlist/${DARK_KNIGHT}/watched`, { rating: "OK" });
    await user.call("DELETE", `/ratings/${INTERSTELLAR}`);
    await user.call("DELETE", `/watchlist/${INCEPTION}`);

    const { status, json } = await user.call("GET", "/activity");
    expect(status).toBe(200);
    expect(json.map((entry: any) => [entry.action, entry.movie?.tmdbId])).toEqual([
      ["unqueue", INCEPTION],
      ["unrate", INTERSTELLAR],
      ["watched", DARK_KNIGHT],
      ["rate", INTERSTELLAR],
      ["queue", INCEPTION],
    ]);
    expect(json[0]).toEqual({
      id: expect.any(String),
      action: "unqueue",
      movie: expect.objectContaining({ tmdbId: INCEPTION, title: "Inception", year: 2010 }),
      detail: null,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      undone: false,
      changes: 1,
      undoRefused: null,
    });
    expect((await user.call("GET", "/activity?limit=2")).json).toHaveLength(2);
    expect((await user.call("GET", "/activity?limit=0")).status).toBe(422);
  });

  it("records nothing for a change refused or not found, and shows no one else's activity", async () => {
    const user = await newUser("refused");
    await user.call("PUT", `/ratings/${INCEPTION}`, { rating: "LIKE" });
    expect((await user.call("PUT", `/watchlist/${INCEPTION}`, {})).status).toBe(409);
    expect((await user.call("DELETE", `/ratings/${DARK_KNIGHT}`)).status).toBe(404);
    expect((await user.call("GET", "/activity")).json.map((entry: any) => entry.action)).toEqual(["rate"]);
    const stranger = await newUser("stranger");
    expect((await stranger.call("GET", "/activity")).json).toEqual([]);
    expect((await stranger.call("POST", "/activity/undo")).status).toBe(404);
  });
});

describe("POST /activity/undo", () => {
  it("rating a queued film and undoing it restores the queue entry with its priority and date", async () => {
    const user = await newUser("restorer");
    await user.call("PUT", `/watchlist/${INCEPTION}`, { priority: "HIGH" });
    const before = await user.state();
    expect((await user.call("PUT", `/ratings/${INCEPTION}`, { rating: "SUPER_LIKE" })).json.removedFromQueue).toBe(true);

    const { status, json } = await user.call("POST", "/activity/undo");
    expect(status).toBe(200);
    expect(json.undone).toMatchObject({ action: "rate", undone: true, movie: { tmdbId: INCEPTION } });
    expect(json.activity).toMatchObject({ action: "undo", undone: false, movie: { tmdbId: INCEPTION } });
    expect(await user.state()).toEqual(before);
    expect(before.queue).toEqual([{ tmdbId: INCEPTION, priority: "HIGH", addedAt: expect.any(String) }]);
  });

  it("undoes every kind of change back to exactly what it replaced", async () => {
    const user = await newUser("every-kind");
    const steps: Array<[string, string, unknown?]> = [
      ["PUT", `/ratings/${INCEPTION}`, { rating: "LIKE" }], // rate (new)
      ["PUT", `/ratings/${INCEPTION}`, { rating: "DISLIKE" }], // rate (changed)
      ["PUT", `/watchlist/${INTERSTELLAR}`, { priority: "LOW" }], // queue (new)
      ["PUT", `/watchlist/${INTERSTELLAR}`, { priority: "HIGH" }], // queue (priority changed)
      ["POST", `/watchlist/${INTERSTELLAR}/watched`, { rating: "SUPER_LIKE" }], // watched: rated and off the queue
      ["DELETE", `/ratings/${INCEPTION}`], // unrate
      ["PUT", `/watchlist/${DARK_KNIGHT}`, {}],
      ["DELETE", `/watchlist/${DARK_KNIGHT}`], // unqueue
    ];
    const states = [await user.state()];
    for (const [method, path, body] of steps) {
      expect((await user.call(method, path, body)).status).toBeLessThan(300);
      states.push(await user.state());
    }
    // Undo walks back through every state, one change at a time.
    for (let i = steps.length - 1; i >= 0; i--) {
      expect((await user.call("POST", "/activity/undo")).status).toBe(200);
      expect(await user.state(), `after undoing ${steps[i][0]} ${steps[i][1]}`).toEqual(states[i]);
    }
    const nothing = await user.call("POST", "/activity/undo");
    expect(nothing.status).toBe(404);
    expect(nothing.json.error.message).toBe("nothing to undo");
    const log = (await user.call("GET", "/activity?limit=100")).json;
    expect(log.filter((entry: any) => entry.action === "undo")).toHaveLength(steps.length);
    expect(log.filter((entry: any) => entry.action !== "undo").every((entry: any) => entry.undone)).toBe(true);
  });

  it("undoes an import as a whole, in one step", async () => {
    const user = await newUser("importer");
    await user.call("PUT", `/ratings/${INCEPTION}`, { rating: "OK" });
    await user.call("PUT", `/watchlist/${DARK_KNIGHT}`, { priority: "LOW" });
    const before = await user.state();
    const document = {
      version: 1,
      ratings: [
        { tmdbId: INCEPTION, rating: "SUPER_LIKE", createdAt: "2020-01-01T00:00:00.000Z" },
        { tmdbId: INTERSTELLAR, rating: "LIKE" },
      ],
      watchlist: [{ tmdbId: DARK_KNIGHT, priority: "HIGH" }],
    };
    expect((await user.call("POST", "/import?dryRun=true", document)).status).toBe(200);
    expect((await user.call("GET", "/activity")).json[0].action).toBe("queue"); // a dry run leaves no activity
    expect((await user.call("POST", "/import", document)).status).toBe(200);
    const imported = await user.state();
    expect(imported).not.toEqual(before);
    const [last] = (await user.call("GET", "/activity")).json;
    expect(last).toMatchObject({ action: "import", movie: null, changes: 3 });

    expect((await user.call("POST", "/activity/undo")).json.undone).toMatchObject({ action: "import", undone: true });
    expect(await user.state()).toEqual(before);
  });

  it("is refused, changing nothing, when a row it wrote has changed since; the next undo reaches the change before it", async () => {
    const user = await newUser("dependent");
    await user.call("PUT", `/watchlist/${INCEPTION}`, { priority: "LOW" });
    await user.call("PUT", `/ratings/${INTERSTELLAR}`, { rating: "LIKE" });
    // A write outside any activity (an administrator's, or a tool's) changes the rating since.
    await api.db.userMovie.updateMany({ where: { userId: user.id }, data: { rating: "DISLIKE" } });
    const before = await user.state();

    const refused = await user.call("POST", "/activity/undo");
    expect(refused.status).toBe(409);
    expect(refused.json.error).toEqual({
      code: "undo_conflict",
      message:
        "cannot undo rate Interstellar (2014): a row it wrote has changed since; nothing was undone, and the next undo reaches the change before it",
    });
    expect(await user.state()).toEqual(before);
    expect((await user.call("GET", "/activity")).json.map((entry: any) => [entry.action, entry.undone, entry.undoRefused])).toEqual([
      ["rate", false, "cannot undo rate Interstellar (2014): a row it wrote has changed since"],
      ["queue", false, null],
    ]);
    expect((await user.call("POST", "/activity/undo")).json.undone).toMatchObject({ action: "queue", undone: true });
    expect((await user.state()).queue).toEqual([]);
  });

  it("racing a new change, ends in the state of one order or the other, never half of each", async () => {
    for (let round = 0; round < 5; round++) {
      const user = await newUser(`racer${round}`);
      await user.call("PUT", `/watchlist/${INCEPTION}`, { priority: "HIGH" });
      await user.call("PUT", `/ratings/${INCEPTION}`, { rating: "LIKE" });
      const [undo, rate] = await Promise.all([
        user.call("POST", "/activity/undo"),
        user.call("PUT", `/ratings/${INTERSTELLAR}`, { rating: "OK" }),
      ]);
      expect(rate.status).toBe(200);
      expect(undo.status).toBe(200);
      const state = await user.state();
      if (undo.json.undone.movie.tmdbId === INCEPTION) {
        // undo first: Inception back on the queue, then Interstellar rated
        expect(state.ratings.map((r) => r.tmdbId)).toEqual([INTERSTELLAR]);
        expect(state.queue.map((q) => [q.tmdbId, q.priority])).toEqual([[INCEPTION, "HIGH"]]);
      } else {
        // the new rating first, then undone: Inception stays rated
        expect(undo.json.undone.movie.tmdbId).toBe(INTERSTELLAR);
        expect(state.ratings.map((r) => r.tmdbId)).toEqual([INCEPTION]);
        expect(state.queue).toEqual([]);
      }
    }
  });

  it("records friendship changes and undoes them; a friend's later change makes the undo refuse", async () => {
    const ana = await newUser("ana-friend");
    const ben = await newUser("ben-friend");
    const friendsOf = async (user: typeof ana) => (await user.call("GET", "/friends")).json.map((f: any) => [f.username, f.status]);

    expect((await ana.call("PUT", "/friends/ben-friend")).status).toBe(201);
    expect((await ana.call("GET", "/activity")).json[0]).toMatchObject({ action: "friend", detail: "ben-friend", movie: null });
    expect((await ana.call("POST", "/activity/undo")).json.undone).toMatchObject({ action: "friend", detail: "ben-friend" });
    expect(await friendsOf(ben)).toEqual([]); // the request is withdrawn

    await ana.call("PUT", "/friends/ben-friend");
    await ben.call("PUT", "/friends/ana-friend"); // ben accepts: ana's request row changed since
    expect(await friendsOf(ana)).toEqual([["ben-friend", "friends"]]);
    const refused = await ana.call("POST", "/activity/undo");
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/^cannot undo friend ben-friend: a row it wrote has changed since/);

    // ben's acceptance is his to undo: back to a pending request from ana
    expect((await ben.call("POST", "/activity/undo")).status).toBe(200);
    expect(await friendsOf(ben)).toEqual([["ana-friend", "incoming"]]);
  });

  it("goes with the account: deleting it removes its log, and the cascade records nothing", async () => {
    const user = await newUser("leaver");
    await user.call("PUT", `/ratings/${INCEPTION}`, { rating: "LIKE" });
    expect(await api.db.activity.count({ where: { userId: user.id } })).toBe(1);
    expect((await user.call("DELETE", "/me")).status).toBe(204);
    expect(await api.db.activity.count({ where: { userId: user.id } })).toBe(0);
    expect(await api.db.activityChange.count({ where: { activity: { userId: user.id } } })).toBe(0);
  });
});
