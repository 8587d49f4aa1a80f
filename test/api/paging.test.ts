// Keyset paging of the list routes that can grow (issue 17, item 3; docs/api.md "Paging"): the inbox,
// ratings, the queue (one's own and a friend's) and the history, in each of their orders, one's own
// and another member's (`of`, through the visibility gate). Walking the pages while a row is added
// between two of them shows every row that was there once, in the list's order, and none twice.
import { beforeAll, describe, expect, it } from "vitest";
import { encodeCursor } from "../../src/services/paging.js";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
type Account = Awaited<ReturnType<typeof api.register>>;
let owner: Account;
let friend: Account;

// Two films called Dune (a tie on title), one with no release date (last by year).
const FILMS = [27205, 438631, 841, 329865, 577922, 1183917, 77, 348];
const LATE_FILMS = [273481, 146233, 603, 604];
const SAME_INSTANT = new Date("2026-01-02T03:04:05.678Z");

beforeAll(async () => {
  api = await createTestApi();
  owner = await api.register("pager");
  friend = await api.register("reader");
  await api.request("PUT", "/friends/reader", { token: owner.token });
  await api.request("PUT", "/friends/pager", { token: friend.token });
  await api.db.user.update({ where: { id: owner.user.id }, data: { visibility: "FRIENDS" } });
});

type Entry = { movie: { tmdbId: number; title: string } } & Record<string, unknown>;

/** Follows the Link headers from `path`, calling `between` once after the first page. */
async function walk(token: string, path: string, between: () => Promise<void>) {
  const rows: Entry[] = [];
  let next: string | null = path;
  let pages = 0;
  while (next) {
    const response = await api.request("GET", next, { token });
    expect(response.status, response.text).toBe(200);
    rows.push(...response.json);
    if (++pages === 1) await between();
    const link = response.headers.get("link");
    next = link ? (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? null) : null;
    if (next) expect(next).toContain(`cursor=${response.headers.get("x-next-cursor")}`);
    else expect(response.headers.get("x-next-cursor")).toBeNull();
  }
  return { rows, pages };
}

const whole = async (token: string, path: string) => {
  const response = await api.request("GET", path, { token });
  expect(response.status, response.text).toBe(200);
  expect(response.headers.get("link")).toBeNull();
  return response.json as Entry[];
};

/**
 * Pages `path` two rows at a time with a row added after the first page, and checks the walk against
 * the list before and after: every row that was there comes once, in the list's order (a
 * subsequence of the list as it is after), and the new row at most once.
 */
async function expectPagesHoldEveryRowOnce(token: string, path: string, key: (entry: Entry) => string, addRow: () => Promise<void>) {
  const before = (await whole(token, path)).map(key);
  expect(new Set(before).size).toBe(before.length);
  const { rows, pages } = await walk(token, `${path}${path.includes("?") ? "&" : "?"}limit=2`, addRow);
  const after = (await whole(token, path)).map(key);
  const paged = rows.map(key);
  expect(pages).toBeGreaterThan(2);
  expect(new Set(paged).size).toBe(paged.length);
  expect(paged.filter((row) => !before.includes(row)).length).toBeLessThanOrEqual(1);
  expect(before.filter((row) => !paged.includes(row))).toEqual([]);
  expect(after.filter((row) => paged.includes(row))).toEqual(paged);
}

/** A 422 of one line, the answer to a cursor the route did not give. */
async function expectCursorRefused(token: string, path: string) {
  const response = await api.request("GET", path, { token });
  expect(response.status, response.text).toBe(422);
  expect(response.json.error.message).toMatch(/^cursor: not a cursor this list gave/);
  expect(response.json.error.message).not.toContain("\n");
}

const nextCursorOf = async (token: string, path: string) => {
  const response = await api.request("GET", path, { token });
  const cursor = response.headers.get("x-next-cursor");
  expect(cursor).toBeTruthy();
  return cursor as string;
};

let late = 0;
const lateFilm = () => LATE_FILMS[late++ % LATE_FILMS.length];
const byFilm = (entry: Entry) => String(entry.movie.tmdbId);

describe("GET /ratings pages", () => {
  beforeAll(async () => {
    for (const [i, tmdbId] of FILMS.entries())
      await api.request("PUT", `/ratings/${tmdbId}`, { token: owner.token, body: { rating: i % 2 ? "LIKE" : "SUPER_LIKE" } });
    // Half of them rated at the same instant: the id settles their order.
    const some = await api.db.userMovie.findMany({ where: { userId: owner.user.id }, take: 4, select: { id: true } });
    await api.db.userMovie.updateMany({ where: { id: { in: some.map((row) => row.id) } }, data: { updatedAt: SAME_INSTANT } });
  });

  for (const sort of ["rated", "title", "year"])
    it(`in the order --sort ${sort}, a rating added between pages: every rating once`, async () => {
      await expectPagesHoldEveryRowOnce(owner.token, `/ratings?sort=${sort}`, byFilm, async () => {
        await api.request("PUT", `/ratings/${lateFilm()}`, { token: owner.token, body: { rating: "LIKE" } });
      });
    });

  it("pages another member's ratings (`of`) as their visibility allows, filtered by rating", async () => {
    await expectPagesHoldEveryRowOnce(friend.token, "/ratings?of=pager&rating=like,super-like&sort=title", byFilm, async () => {});
  });

  it("refuses a cursor it did not give, and one of another order, with one line (422)", async () => {
    await expectCursorRefused(owner.token, "/ratings?cursor=not-a-cursor");
    const titleCursor = await nextCursorOf(owner.token, "/ratings?sort=title&limit=1");
    await expectCursorRefused(owner.token, `/ratings?sort=rated&cursor=${titleCursor}`);
    // The right shape but no day of the calendar: refused before it reaches the database.
    await expectCursorRefused(owner.token, `/ratings?cursor=${encodeCursor(["rated", "2023-02-30T00:00:00.000Z", "x"])}`);
    await expectCursorRefused(owner.token, `/ratings?cursor=${encodeCursor(["rated", "0000-01-01T00:00:00.000Z", "x"])}`);
  });
});

describe("GET /watchlist pages", () => {
  const QUEUED = [155, 272, 374720, 1124, 872585, 693134, 335984];
  beforeAll(async () => {
    for (const [i, tmdbId] of QUEUED.entries())
      await api.request("PUT", `/watchlist/${tmdbId}`, { token: owner.token, body: { priority: ["LOW", "MEDIUM", "HIGH"][i % 3] } });
    const some = await api.db.watchlist.findMany({ where: { userId: owner.user.id }, take: 4, select: { id: true } });
    await api.db.watchlist.updateMany({ where: { id: { in: some.map((row) => row.id) } }, data: { addedAt: SAME_INSTANT } });
  });
  const queueLate = async () => {
    await api.request("PUT", `/watchlist/${[550, 496243, 862, 863][late++ % 4]}`, { token: owner.token, body: { priority: "MEDIUM" } });
  };

  for (const sort of ["priority", "added", "title"])
    it(`in the order --sort ${sort}, a film queued between pages: every entry once`, async () => {
      await expectPagesHoldEveryRowOnce(owner.token, `/watchlist?sort=${sort}`, byFilm, queueLate);
    });

  it("pages a friend's queue (GET /friends/:username/watchlist)", async () => {
    await expectPagesHoldEveryRowOnce(friend.token, "/friends/pager/watchlist", byFilm, queueLate);
  });

  it("refuses a cursor it did not give (422), and a priority no queue has", async () => {
    await expectCursorRefused(owner.token, "/watchlist?cursor=WzFd");
    await expectCursorRefused(owner.token, `/watchlist?cursor=${encodeCursor(["priority", "URGENT", SAME_INSTANT.toISOString(), "x"])}`);
    await expectCursorRefused(friend.token, "/friends/pager/watchlist?cursor=WzFd");
  });
});

describe("GET /history pages", () => {
  const viewingKey = (entry: Entry) => `${entry.movie.tmdbId} ${entry.watchedOn} ${entry.rewatch}`;
  beforeAll(async () => {
    const days = ["2024-03-03", "2024-03-03", "2023-06-01", "2022-12-31", "2024-03-03"];
    for (const [i, watchedOn] of days.entries())
      await api.request("POST", `/watchlist/${FILMS[i]}/watched`, { token: owner.token, body: { watchedOn } });
    // Undated viewings (an import's "watched, date unknown"), two recorded at the same instant.
    const movies = await api.db.movie.findMany({ where: { tmdbId: { in: [77, 348, 1183917] } }, select: { id: true } });
    for (const movie of movies)
      await api.db.viewing.create({ data: { userId: owner.user.id, movieId: movie.id, watchedOn: null, createdAt: SAME_INSTANT } });
  });

  it("newest first, a viewing recorded between pages (today's, and an undated one): every viewing once", async () => {
    await expectPagesHoldEveryRowOnce(owner.token, "/history", viewingKey, async () => {
      await api.request("POST", `/watchlist/${LATE_FILMS[0]}/watched`, { token: owner.token, body: {} });
    });
    const memento = await api.db.movie.findUniqueOrThrow({ where: { tmdbId: 77 } });
    await expectPagesHoldEveryRowOnce(owner.token, "/history", viewingKey, async () => {
      await api.db.viewing.create({ data: { userId: owner.user.id, movieId: memento.id, watchedOn: null, rewatch: true } });
    });
  });

  it("pages another member's history (`of`) as their visibility allows", async () => {
    await expectPagesHoldEveryRowOnce(friend.token, "/history?of=pager", viewingKey, async () => {});
  });

  it("refuses a cursor it did not give (422)", async () => {
    await expectCursorRefused(owner.token, "/history?cursor=e30");
    await expectCursorRefused(owner.token, `/history?cursor=${encodeCursor(["2024-13-01", SAME_INSTANT.toISOString(), "x"])}`);
    await expectCursorRefused(friend.token, "/history?of=pager&cursor=e30");
  });
});

describe("GET /suggestions pages", () => {
  beforeAll(async () => {
    for (const tmdbId of FILMS) await api.request("POST", "/suggestions", { token: friend.token, body: { tmdbId, to: "pager" } });
    const some = await api.db.suggestion.findMany({ where: { toId: owner.user.id }, take: 5, select: { id: true } });
    await api.db.suggestion.updateMany({ where: { id: { in: some.map((row) => row.id) } }, data: { createdAt: SAME_INSTANT } });
  });

  it("newest first, a suggestion arriving between pages: every suggestion once", async () => {
    await expectPagesHoldEveryRowOnce(owner.token, "/suggestions", byFilm, async () => {
      await api.request("POST", "/suggestions", { token: friend.token, body: { tmdbId: 550, to: "pager" } });
    });
  });

  it("refuses a cursor it did not give (422)", async () => {
    await expectCursorRefused(owner.token, "/suggestions?cursor=%E2%9C%93");
  });
});
