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
      effect: { counts: { queue: { added: 0, changed: 0, removed: 1 } }, priority: { before: "HIGH", after: null } },
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

describe("GET /activity: each change's effect, read from the rows it wrote", () => {
  const lastEffect = async (user: Awaited<ReturnType<typeof newUser>>) => (await user.call("GET", "/activity?limit=1")).json[0].effect;
  const counts = (added: number, changed: number, removed: number) => ({ added, changed, removed });

  it("a film's rating, queue priority, viewing, tags, review and comment, before and after", async () => {
    const user = await newUser("effects");
    await user.call("PUT", `/watchlist/${INCEPTION}`, { priority: "LOW" });
    expect(await lastEffect(user)).toEqual({ counts: { queue: counts(1, 0, 0) }, priority: { before: null, after: "LOW" } });
    await user.call("PUT", `/watchlist/${INCEPTION}`, { priority: "HIGH" });
    expect(await lastEffect(user)).toEqual({ counts: { queue: counts(0, 1, 0) }, priority: { before: "LOW", after: "HIGH" } });
    await user.call("PUT", `/ratings/${INCEPTION}`, { rating: "LIKE" });
    expect(await lastEffect(user)).toEqual({
      counts: { ratings: counts(1, 0, 0), queue: counts(0, 0, 1) },
      rating: { before: null, after: "LIKE" },
      priority: { before: "HIGH", after: null },
    });
    await user.call("PUT", `/ratings/${INCEPTION}`, { rating: "SUPER_LIKE" });
    expect(await lastEffect(user)).toEqual({ counts: { ratings: counts(0, 1, 0) }, rating: { before: "LIKE", after: "SUPER_LIKE" } });
    await user.call("DELETE", `/ratings/${INCEPTION}`);
    expect(await lastEffect(user)).toEqual({ counts: { ratings: counts(0, 0, 1) }, rating: { before: "SUPER_LIKE", after: null } });

    await user.call("POST", `/watchlist/${INTERSTELLAR}/watched`, { rating: "OK", watchedOn: "2024-02-03", tags: ["IMAX", "with Sam"] });
    expect(await lastEffect(user)).toEqual({
      counts: { viewings: counts(1, 0, 0), tags: counts(2, 0, 0), ratings: counts(1, 0, 0) },
      rating: { before: null, after: "OK" },
      viewing: { before: null, after: { watchedOn: "2024-02-03", rewatch: false } },
      tags: { added: ["IMAX", "with Sam"], removed: [] },
    });
    await user.call("POST", `/watchlist/${INTERSTELLAR}/watched`, { watchedOn: "2024-03-01" });
    expect(await lastEffect(user)).toEqual({
      counts: { viewings: counts(1, 0, 0) },
      viewing: { before: null, after: { watchedOn: "2024-03-01", rewatch: true } },
    });

    const text = `Saw it again.\nThe docking scene ${"still works ".repeat(10)}`;
    await user.call("PUT", `/reviews/${INTERSTELLAR}`, { text, spoilers: true });
    const review = { excerpt: "Saw it again. The docking scene still works still works sti…", spoilers: true };
    expect(await lastEffect(user)).toEqual({ counts: { reviews: counts(1, 0, 0) }, review: { before: null, after: review } });
    await user.call("PUT", `/reviews/${INTERSTELLAR}`, { text: "Shorter." });
    expect(await lastEffect(user)).toEqual({
      counts: { reviews: counts(0, 1, 0) },
      review: { before: review, after: { excerpt: "Shorter.", spoilers: false } },
    });
    expect((await user.call("POST", `/reviews/effects/${INTERSTELLAR}/comments`, { text: "And the score." })).status).toBe(201);
    expect(await lastEffect(user)).toEqual({
      counts: { comments: counts(1, 0, 0) },
      comment: { before: null, after: { excerpt: "And the score." } },
    });
    // An undo's effect is the change it made: the comment gone again.
    await user.call("POST", "/activity/undo");
    expect(await lastEffect(user)).toEqual({
      counts: { comments: counts(0, 0, 1) },
      comment: { before: { excerpt: "And the score." }, after: null },
    });
  });

  it("a list's creation, edit, entries (position and note), sharing and deletion; a friendship; a profile", async () => {
    const owner = await newUser("lister");
    const friend = await newUser("lister-friend");
    await owner.call("PUT", "/friends/lister-friend");
    expect(await lastEffect(owner)).toEqual({ counts: { friendships: counts(1, 0, 0) }, friendship: { before: null, after: "requested" } });
    await friend.call("PUT", "/friends/lister");
    expect(await lastEffect(friend)).toEqual({
      counts: { friendships: counts(0, 1, 0) },
      friendship: { before: "incoming", after: "friends" },
    });

    const list = "/lists/lister/Best";
    const best = { name: "Best", description: null, ranked: true, visibility: "friends" };
    expect((await owner.call("POST", "/lists", { name: "Best", ranked: true })).status).toBe(201);
    expect(await lastEffect(owner)).toEqual({ counts: { lists: counts(1, 0, 0) }, list: { before: null, after: best } });
    await owner.call("PUT", `${list}/entries/${INCEPTION}`, {});
    expect(await lastEffect(owner)).toEqual({
      counts: { lists: counts(0, 1, 0), listEntries: counts(1, 0, 0) },
      position: { before: null, after: 1 },
    });
    await owner.call("PUT", `${list}/entries/${INTERSTELLAR}`, { note: "the docking" });
    expect(await lastEffect(owner)).toEqual({
      counts: { lists: counts(0, 1, 0), listEntries: counts(1, 0, 0) },
      position: { before: null, after: 2 },
      note: { before: null, after: "the docking" },
    });
    await owner.call("PUT", `${list}/entries/${INTERSTELLAR}`, { at: 1 });
    // Inception shifted a place: not recorded (the list_shift_one_change migration), only the moved film.
    expect(await lastEffect(owner)).toEqual({
      counts: { lists: counts(0, 1, 0), listEntries: counts(0, 1, 0) },
      position: { before: 2, after: 1 },
    });
    await owner.call("PATCH", list, { description: "the very best" });
    expect(await lastEffect(owner)).toEqual({
      counts: { lists: counts(0, 1, 0) },
      list: { before: best, after: { ...best, description: "the very best" } },
    });
    await owner.call("PUT", `${list}/collaborators/lister-friend`, { can: "edit" });
    expect(await lastEffect(owner)).toEqual({
      counts: { collaborators: counts(1, 0, 0) },
      collaborator: { username: "lister-friend", before: null, after: "EDIT" },
    });
    expect((await owner.call("DELETE", list)).status).toBe(204);
    const deleted = await lastEffect(owner);
    expect(deleted).toEqual({
      counts: { lists: counts(0, 0, 1), listEntries: counts(0, 0, 2), collaborators: counts(0, 0, 1) },
      list: { before: { ...best, description: "the very best" }, after: null },
      collaborator: { username: "lister-friend", before: "EDIT", after: null },
      films: { count: 2, first: expect.any(Array) },
    });
    expect(deleted.films.first.map((film: any) => film.tmdbId).sort()).toEqual([INTERSTELLAR, INCEPTION].sort());
    expect(deleted.films.first[0]).toEqual({ tmdbId: expect.any(Number), title: expect.any(String), year: expect.any(Number) });

    await owner.call("PATCH", "/profile", { bio: "Films, mostly.", favourites: [INCEPTION] });
    expect(await lastEffect(owner)).toEqual({
      counts: { profile: counts(1, 0, 0), favourites: counts(1, 0, 0) },
      profile: { changed: ["bio", "favourites"] },
      films: { count: 1, first: [{ tmdbId: INCEPTION, title: "Inception", year: 2010 }] },
    });
    await owner.call("DELETE", "/friends/lister-friend");
    expect(await lastEffect(owner)).toEqual({ counts: { friendships: counts(0, 0, 1) }, friendship: { before: "friends", after: null } });
  });

  it("an import: its counts and the films it changed, first written first", async () => {
    const user = await newUser("effect-importer");
    await user.call("PUT", `/ratings/${INCEPTION}`, { rating: "OK" });
    const document = {
      version: 1,
      ratings: [
        { tmdbId: INCEPTION, rating: "SUPER_LIKE" },
        { tmdbId: INTERSTELLAR, rating: "LIKE" },
      ],
      watchlist: [{ tmdbId: DARK_KNIGHT, priority: "HIGH" }],
    };
    expect((await user.call("POST", "/import", document)).status).toBe(200);
    const effect = await lastEffect(user);
    expect(effect).toEqual({
      counts: { ratings: counts(1, 1, 0), queue: counts(1, 0, 0) },
      films: { count: 3, first: expect.any(Array) },
    });
    expect(effect.films.first.map((film: any) => film.tmdbId).sort()).toEqual([INCEPTION, INTERSTELLAR, DARK_KNIGHT].sort());
  });

  it("pages as /friends does: ?limit=N, the next page in Link and X-Next-Cursor, every activity once, in order", async () => {
    const user = await newUser("pager");
    for (const tmdbId of [INCEPTION, INTERSTELLAR, DARK_KNIGHT]) {
      await user.call("PUT", `/watchlist/${tmdbId}`, { priority: "LOW" });
      await user.call("PUT", `/ratings/${tmdbId}`, { rating: "LIKE" });
    }
    await user.call("POST", "/activity/undo");
    const whole = (await user.call("GET", "/activity")).json;
    expect(whole).toHaveLength(7);
    expect((await user.call("GET", "/activity")).headers.get("x-next-cursor")).toBeNull();

    const paged: unknown[] = [];
    let path: string | null = "/activity?limit=3";
    let pages = 0;
    while (path) {
      const response = await api.request("GET", path, { token: user.token });
      expect(response.status).toBe(200);
      expect(response.json.length).toBeLessThanOrEqual(3);
      paged.push(...response.json);
      pages++;
      const link = response.headers.get("link");
      const cursor = response.headers.get("x-next-cursor");
      path = link ? (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? null) : null;
      if (path) expect(path).toBe(`/activity?limit=3&cursor=${cursor}`);
      else expect(cursor).toBeNull();
    }
    expect(pages).toBe(3);
    expect(paged).toEqual(whole);
    expect((await user.call("GET", "/activity?cursor=not-a-cursor")).status).toBe(422);
  });
});
