// Lists through the HTTP API: entries and dense positions (racing editors too), who sees and changes
// what (the visibility matrix, byte-identical 404s), undo of every list change, bad input.
import { beforeAll, describe, expect, it } from "vitest";
import { listEntries } from "../../src/services/lists.js";
import { withRegion } from "../../src/services/region.js";
import { backgroundRefreshesDone } from "../../src/services/watch-refresh.js";
import { fakeMovies } from "../fake-tmdb/index.js";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
type Account = Awaited<ReturnType<typeof api.register>>;

beforeAll(async () => {
  api = await createTestApi();
});

/** Cached films with ids of their own (no TMDB call when they are added): 990001… */
async function seedFilms(count: number, from = 990_001) {
  const ids = Array.from({ length: count }, (_, i) => from + i);
  await api.db.movie.createMany({
    data: ids.map((tmdbId) => ({ tmdbId, title: `Film ${tmdbId}`, releaseDate: "2001-01-01", lastUpdated: new Date() })),
    skipDuplicates: true,
  });
  return ids;
}

async function befriend(a: Account, b: Account) {
  expect((await api.request("PUT", `/friends/${b.user.username}`, { token: a.token })).status).toBe(201);
  expect((await api.request("PUT", `/friends/${a.user.username}`, { token: b.token })).status).toBe(200);
}

const path = (owner: string, name: string) => `/lists/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;

async function show(who: Account, owner: string, name: string) {
  const response = await api.request("GET", path(owner, name), { token: who.token });
  expect(response.status, response.text).toBe(200);
  return response.json;
}

const positions = (list: { entries: Array<{ position: number | null; movie: { tmdbId: number } }> }) =>
  list.entries.map((entry) => [entry.position, entry.movie.tmdbId]);

describe("a list and its entries", () => {
  let ann: Account;
  let films: number[];
  beforeAll(async () => {
    ann = await api.register("ann");
    films = await seedFilms(5);
  });

  it("creates a list whose name is unique per owner regardless of case (409 for the same name in another case)", async () => {
    const created = await api.request("POST", "/lists", {
      token: ann.token,
      body: { name: "Kurosawa in order", description: "Line one,\nline two", ranked: true },
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      name: "Kurosawa in order",
      owner: "ann",
      description: "Line one,\nline two",
      ranked: true,
      visibility: "friends",
      films: 0,
      collaborators: [],
      access: "owner",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const again = await api.request("POST", "/lists", { token: ann.token, body: { name: "KUROSAWA IN ORDER" } });
    expect(again.status).toBe(409);
    expect(again.json.error).toEqual({ code: "list_name_taken", message: "you already have a list named KUROSAWA IN ORDER" });
    expect(await api.db.list.count({ where: { ownerId: ann.user.id } })).toBe(1);
  });

  it("adds films last, inserts with `at`, and keeps positions 1..n; adding again updates the note only", async () => {
    const list = path("ann", "kurosawa IN order"); // any case finds it
    for (const tmdbId of films.slice(0, 3)) {
      const added = await api.request("PUT", `${list}/entries/${tmdbId}`, { token: ann.token, body: {} });
      expect(added.status).toBe(201);
    }
    const inserted = await api.request("PUT", `${list}/entries/${films[3]}`, { token: ann.token, body: { at: 1, note: "start here" } });
    expect(inserted.status).toBe(201);
    expect(inserted.json).toMatchObject({ position: 1, note: "start here", addedBy: "ann", created: true });
    expect(inserted.json.movie).toMatchObject({ tmdbId: films[3], title: `Film ${films[3]}`, year: 2001 });

    const renoted = await api.request("PUT", `${list}/entries/${films[0]}`, { token: ann.token, body: { note: "the best" } });
    expect(renoted.status).toBe(200);
    expect(renoted.json).toMatchObject({ position: 2, note: "the best", created: false });

    const shown = await show(ann, "ann", "Kurosawa in order");
    expect(positions(shown)).toEqual([
      [1, films[3]],
      [2, films[0]],
      [3, films[1]],
      [4, films[2]],
    ]);
    expect(shown.films).toBe(4);
    expect(shown.entries[1]).toEqual({
      position: 2,
      movie: expect.objectContaining({ tmdbId: films[0] }),
      imdbId: null,
      note: "the best",
      addedBy: "ann",
      addedAt: expect.any(String),
    });
  });

  it("moves a film up and down, the others shifting by one, and removes one closing the gap", async () => {
    const list = path("ann", "Kurosawa in order");
    expect((await api.request("PUT", `${list}/entries/${films[2]}`, { token: ann.token, body: { at: 1 } })).json.position).toBe(1);
    expect(positions(await show(ann, "ann", "Kurosawa in order")).map(([, id]) => id)).toEqual([films[2], films[3], films[0], films[1]]);
    expect((await api.request("PUT", `${list}/entries/${films[2]}`, { token: ann.token, body: { at: 3 } })).json.position).toBe(3);
    expect(positions(await show(ann, "ann", "Kurosawa in order")).map(([, id]) => id)).toEqual([films[3], films[0], films[2], films[1]]);
    expect((await api.request("DELETE", `${list}/entries/${films[0]}`, { token: ann.token })).status).toBe(204);
    expect(positions(await show(ann, "ann", "Kurosawa in order"))).toEqual([
      [1, films[3]],
      [2, films[2]],
      [3, films[1]],
    ]);
  });

  it("an unranked list shows newest first with null positions, and refuses positions", async () => {
    await api.request("POST", "/lists", { token: ann.token, body: { name: "Halloween" } });
    for (const tmdbId of films.slice(0, 3))
      await api.request("PUT", `${path("ann", "Halloween")}/entries/${tmdbId}`, { token: ann.token, body: {} });
    const shown = await show(ann, "ann", "Halloween");
    expect(positions(shown)).toEqual([
      [null, films[2]],
      [null, films[1]],
      [null, films[0]],
    ]);
    const refused = await api.request("PUT", `${path("ann", "Halloween")}/entries/${films[0]}`, { token: ann.token, body: { at: 1 } });
    expect(refused.status).toBe(422);
    expect(refused.json.error.message).toBe("ann/Halloween is not ranked: positions need a ranked list (list edit --ranked)");
  });

  it("lists the caller's lists with their film counts", async () => {
    const response = await api.request("GET", "/lists", { token: ann.token });
    expect(response.json.map((list: any) => [list.name, list.films, list.ranked])).toEqual([
      ["Halloween", 3, false],
      ["Kurosawa in order", 3, true],
    ]);
  });

  it("refuses bad input with one clear line and changes nothing", async () => {
    const list = path("ann", "Kurosawa in order");
    const before = await show(ann, "ann", "Kurosawa in order");
    const cases: Array<[string, string, unknown, number, string]> = [
      ["PUT", `${list}/entries/${films[4]}`, { at: 5 }, 422, "position 5 is out of range: ann/Kurosawa in order has positions 1 to 4"],
      ["PUT", `${list}/entries/${films[1]}`, { at: 0 }, 422, "at: Too small: expected number to be >=1"],
      ["PUT", `${list}/entries/${films[1]}`, { at: 4 }, 422, "position 4 is out of range: ann/Kurosawa in order has positions 1 to 3"],
      ["PUT", `${list}/entries/${films[1]}`, { note: "x".repeat(1001) }, 422, "note: a note has at most 1000 characters"],
      ["PUT", `${list}/entries/${films[1]}`, { note: "bell\u0007" }, 422, "note: a note is one line without control characters"],
      ["PUT", `${list}/entries/${films[1]}`, { note: "two\nlines" }, 422, "note: a note is one line without control characters"],
      ["POST", "/lists", { name: "  " }, 422, "name: a list name cannot be empty"],
      ["POST", "/lists", { name: "tab\there" }, 422, "name: a list name cannot hold control characters"],
      ["PATCH", list, {}, 422, "nothing to change: give name, description, ranked or visibility"],
      ["PATCH", list, { name: "halloween" }, 409, "you already have a list named halloween"],
      ["DELETE", `${list}/entries/${films[4]}`, undefined, 404, `movie ${films[4]} is not in ann/Kurosawa in order`],
      ["GET", path("ann", "No such list"), undefined, 404, "no list ann/No such list"],
    ];
    for (const [method, url, body, status, message] of cases) {
      const response = await api.request(method, url, { token: ann.token, body });
      expect(response.status, `${method} ${url} ${JSON.stringify(body)}`).toBe(status);
      expect(response.json.error.message).toBe(message);
    }
    expect(await show(ann, "ann", "Kurosawa in order")).toEqual(before);
  });
});

describe("list show in pages", () => {
  it("?limit pages the entries in either order (list fields on every page, next page in Link and X-Next-Cursor); the pages make the whole", async () => {
    const pager = await api.register("pager");
    const films = await seedFilms(7, 998_001);
    for (const ranked of [true, false]) {
      const name = ranked ? "Paged ranked" : "Paged unranked";
      await api.request("POST", "/lists", { token: pager.token, body: { name, ranked } });
      for (const tmdbId of films) await api.request("PUT", `${path("pager", name)}/entries/${tmdbId}`, { token: pager.token, body: {} });
      const whole = await show(pager, "pager", name);
      const entries = [];
      let url: string | null = `${path("pager", name)}?limit=3`;
      while (url) {
        const page = await api.request("GET", url, { token: pager.token });
        expect(page.status, page.text).toBe(200);
        expect({ ...page.json, entries: undefined }).toEqual({ ...whole, entries: undefined });
        expect(page.json.entries.length).toBeLessThanOrEqual(3);
        entries.push(...page.json.entries);
        const link = page.headers.get("link");
        url = link ? (link.match(/^<(.*)>; rel="next"$/) as RegExpMatchArray)[1] : null;
        expect(url === null ? null : new URL(url, "http://x").searchParams.get("cursor")).toBe(page.headers.get("x-next-cursor"));
      }
      expect(entries).toEqual(whole.entries);
      expect(entries).toHaveLength(7);
    }
    // A cursor of the other order (the list ranked since) or none of ours: 422, one line.
    const unranked = await api.request("GET", `${path("pager", "Paged unranked")}?limit=3`, { token: pager.token });
    const cursor = unranked.headers.get("x-next-cursor") as string;
    const other = await api.request("GET", `${path("pager", "Paged ranked")}?limit=3&cursor=${cursor}`, { token: pager.token });
    expect(other.status).toBe(422);
    expect(other.json.error.message).toBe("cursor: not a cursor this list gave (ask again without it)");
    expect((await api.request("GET", `${path("pager", "Paged ranked")}?limit=0`, { token: pager.token })).status).toBe(422);
  });
});

describe("list show from each film's kept JSON", () => {
  let gil: Account;
  let films: number[];
  let listId: string;
  beforeAll(async () => {
    gil = await api.register("gil");
    films = await seedFilms(3, 990_301);
    await api.db.movie.updateMany({ where: { tmdbId: { in: films } }, data: { certifications: { GB: "12A", US: "PG-13" } } });
    await api.request("POST", "/lists", { token: gil.token, body: { name: "Kept", ranked: true } });
    for (const [i, note] of ['"quoted", ünïcode ✓ and \\ slash', null, "😀 emoji"].entries())
      await api.request("PUT", `${path("gil", "Kept")}/entries/${films[i]}`, { token: gil.token, body: note ? { note } : {} });
    listId = (await api.db.list.findFirstOrThrow({ where: { name: "Kept" } })).id;
  });

  /** The answer's text, and the same list written as one JSON.stringify of its objects (the entries as listEntries reads them). */
  async function answerAndObjects(region: string, ranked = true) {
    const answer = await api.request("GET", path("gil", "Kept"), { token: gil.token, headers: { "Watchlist-Region": region } });
    expect(answer.status).toBe(200);
    const { entries: _, ...summary } = answer.json;
    const entries = await withRegion(region, () => listEntries(api.db, { id: listId, ranked }));
    return { text: answer.text, objects: JSON.stringify({ ...summary, entries }), json: answer.json };
  }

  it("answers byte for byte what serializing the list's objects would, ranked or not, in the caller's region", async () => {
    for (const region of ["GB", "US", "GB"]) {
      const { text, objects, json } = await answerAndObjects(region);
      expect(text).toBe(objects);
      expect(json.entries.map((entry: any) => entry.movie.certification)).toEqual(Array(3).fill(region === "GB" ? "12A" : "PG-13"));
    }
    await api.request("PATCH", path("gil", "Kept"), { token: gil.token, body: { ranked: false } });
    const { text, objects, json } = await answerAndObjects("US", false);
    expect(text).toBe(objects);
    expect(json.entries.map((entry: any) => entry.position)).toEqual([null, null, null]);
    await api.request("PATCH", path("gil", "Kept"), { token: gil.token, body: { ranked: true } });
  });

  it("an empty list answers its fields and `entries: []`, byte for byte as its objects would", async () => {
    await api.request("POST", "/lists", { token: gil.token, body: { name: "Empty" } });
    const answer = await api.request("GET", path("gil", "Empty"), { token: gil.token });
    expect(answer.json.entries).toEqual([]);
    const { entries: _, ...summary } = answer.json;
    expect(answer.text).toBe(JSON.stringify({ ...summary, entries: [] }));
  });

  it("shows a film as it is now once its row changed (by any process of the server)", async () => {
    expect((await show(gil, "gil", "Kept")).entries[1].movie.title).toBe(`Film ${films[1]}`);
    await api.db.$executeRaw`UPDATE "Movie" SET "title" = 'Retitled', "runtime" = 101 WHERE "tmdbId" = ${films[1]}`;
    const shown = await show(gil, "gil", "Kept");
    expect(shown.entries[1].movie).toMatchObject({ tmdbId: films[1], title: "Retitled", runtime: 101 });
    expect(shown.entries[0].movie.title).toBe(`Film ${films[0]}`);
    const { text, objects } = await answerAndObjects("GB");
    expect(text).toBe(objects);
  });
});

describe("list show filtered (--on, --lang, --country, --max-cert)", () => {
  let fay: Account;
  // Ranked in title order: the answers below read as the queue's filter tests (test/api/film-filters.test.ts).
  const films = [
    fakeMovies.amelie,
    fakeMovies.inception,
    fakeMovies.parasite,
    fakeMovies.spiritedAway,
    fakeMovies.shining,
    fakeMovies.toyStory,
  ];
  const list = path("fay", "Film night");
  beforeAll(async () => {
    fay = await api.register("fay");
    await api.request("POST", "/lists", { token: fay.token, body: { name: "Film night", ranked: true } });
    for (const movie of films)
      expect((await api.request("PUT", `${list}/entries/${movie.id}`, { token: fay.token, body: {} })).status).toBe(201);
  });
  const titles = async (query: string, region = "GB") => {
    const answer = await api.request("GET", `${list}?${query}`, { token: fay.token, headers: { "Watchlist-Region": region } });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.films).toBe(films.length);
    return answer.json.entries.map((entry: { movie: { title: string } }) => entry.movie.title);
  };

  it("each filter, their combination, and paging through what passes", async () => {
    expect(await titles("")).toEqual(["Amélie", "Inception", "Parasite", "Spirited Away", "The Shining", "Toy Story"]);
    expect(await titles("on=netflix")).toEqual(["Inception", "Spirited Away"]);
    expect(await titles("on=8")).toEqual(["Inception", "Spirited Away"]);
    expect(await titles("on=netflix", "US")).toEqual(["Inception"]);
    expect(await titles("lang=ko")).toEqual(["Parasite"]);
    expect(await titles("country=gb")).toEqual(["Inception", "The Shining"]);
    expect(await titles("maxCert=12A")).toEqual(["Inception", "Spirited Away"]);
    expect(await titles("maxCert=PG", "US")).toEqual(["Spirited Away", "Toy Story"]);
    expect(await titles("on=netflix,mubi&maxCert=15&lang=ko")).toEqual(["Parasite"]);
    expect(await titles("maxCert=15&limit=2")).toEqual(["Amélie", "Inception"]);
  });

  it("bad filters are a 422 with one line; a hidden list answers its 404 whatever the filter", async () => {
    const unknown = await api.request("GET", `${list}?on=netflx`, { token: fay.token });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.message).toMatch(/unknown streaming service "netflx"; did you mean "Netflix"/);
    expect((await api.request("GET", `${list}?on=mine`, { token: fay.token })).json.error.message).toMatch(/profile set --services/);
    expect((await api.request("GET", `${list}?country=UK`, { token: fay.token })).status).toBe(422);
    const stranger = await api.register("fay-stranger");
    const hidden = await api.request("GET", `${list}?lang=ko`, { token: stranger.token });
    const missing = await api.request("GET", `${path("fay", "No such list")}?lang=ko`, { token: stranger.token });
    expect(hidden.status).toBe(404);
    expect(hidden.text.replace("Film night", "No such list")).toBe(missing.text);
  });

  it("--on mine: the caller's profile services", async () => {
    expect((await api.request("PATCH", "/profile", { token: fay.token, body: { services: [8] } })).status).toBe(200);
    expect(await titles("on=mine")).toEqual(["Inception", "Spirited Away"]);
  });

  it("answers from what is stored and refreshes the list's stale films in the background, saying how many", async () => {
    const stale = new Date(Date.now() - 25 * 3600_000);
    const ids = [fakeMovies.inception.id, fakeMovies.parasite.id];
    await api.db.movie.updateMany({ where: { tmdbId: { in: ids } }, data: { providersFetchedAt: stale } });
    api.fakeTmdb.setLatency(1500);
    try {
      const answer = await api.request("GET", `${list}?on=netflix`, { token: fay.token, headers: { "Watchlist-Region": "GB" } });
      expect(answer.headers.get("Watchlist-Refreshing")).toBe("2");
      expect(answer.json.entries.map((entry: { movie: { title: string } }) => entry.movie.title)).toContain("Inception");
      const meanwhile = await api.db.movie.findMany({ where: { tmdbId: { in: ids } } });
      expect(meanwhile.map((movie) => movie.providersFetchedAt)).toEqual([stale, stale]);
      await backgroundRefreshesDone(api.db);
    } finally {
      api.fakeTmdb.setLatency(0);
    }
    const again = await api.request("GET", `${list}?on=netflix`, { token: fay.token });
    expect(again.headers.get("Watchlist-Refreshing")).toBeNull();
    // Unfiltered, nothing is refreshed.
    await api.db.movie.updateMany({ where: { tmdbId: { in: ids } }, data: { providersFetchedAt: stale } });
    expect((await api.request("GET", list, { token: fay.token })).headers.get("Watchlist-Refreshing")).toBeNull();
  });
});

describe("two editors moving films at once", () => {
  it("never leave gaps or duplicates: positions stay 1..n with every film once", async () => {
    const owner = await api.register("racer1");
    const editor = await api.register("racer2");
    await befriend(owner, editor);
    const films = await seedFilms(30, 991_001);
    await api.request("POST", "/lists", { token: owner.token, body: { name: "Race", ranked: true } });
    for (const tmdbId of films) await api.request("PUT", `${path("racer1", "Race")}/entries/${tmdbId}`, { token: owner.token, body: {} });
    await api.request("PUT", `${path("racer1", "Race")}/collaborators/racer2`, { token: owner.token, body: { can: "edit" } });

    // Each editor moves 25 films to pseudo-random places, both at once.
    const moves = (who: Account, seed: number) =>
      Array.from({ length: 25 }, (_, i) => {
        const tmdbId = films[(i * 7 + seed) % films.length];
        const to = ((i * 13 + seed * 5) % films.length) + 1;
        return api.request("PUT", `${path("racer1", "Race")}/entries/${tmdbId}`, { token: who.token, body: { at: to } });
      });
    const answers = await Promise.all([...moves(owner, 1), ...moves(editor, 4)]);
    expect(answers.map((answer) => answer.status).filter((status) => status !== 200)).toEqual([]);

    const rows = await api.db.listEntry.findMany({
      where: { list: { name: "Race" } },
      orderBy: { position: "asc" },
      include: { movie: true },
    });
    expect(rows.map((row) => row.position)).toEqual(films.map((_, i) => i + 1));
    expect(rows.map((row) => row.movie.tmdbId).sort()).toEqual([...films].sort());
  });
});

describe("who sees and changes a list", () => {
  let owner: Account;
  let editor: Account;
  let viewer: Account;
  let friend: Account;
  let stranger: Account;
  let film: number;
  beforeAll(async () => {
    owner = await api.register("olga");
    editor = await api.register("edie");
    viewer = await api.register("vic");
    friend = await api.register("fran");
    stranger = await api.register("stan");
    for (const other of [editor, viewer, friend]) await befriend(owner, other);
    // The owner shows their data to every member: each list's own visibility decides (narrowed below).
    await api.db.user.update({ where: { id: owner.user.id }, data: { visibility: "SERVER" } });
    [film] = await seedFilms(1, 992_001);
    for (const visibility of ["private", "friends", "server"]) {
      const name = `Seen by ${visibility}`;
      expect((await api.request("POST", "/lists", { token: owner.token, body: { name, visibility } })).status).toBe(201);
      await api.request("PUT", `${path("olga", name)}/entries/${film}`, { token: owner.token, body: {} });
      await api.request("PUT", `${path("olga", name)}/collaborators/edie`, { token: owner.token, body: { can: "edit" } });
      await api.request("PUT", `${path("olga", name)}/collaborators/vic`, { token: owner.token, body: { can: "view" } });
    }
  });

  // Who sees each list: owner and collaborators always; a friend when friends or server; anyone when server.
  const matrix: Array<[string, Record<string, boolean>]> = [
    ["private", { olga: true, edie: true, vic: true, fran: false, stan: false }],
    ["friends", { olga: true, edie: true, vic: true, fran: true, stan: false }],
    ["server", { olga: true, edie: true, vic: true, fran: true, stan: true }],
  ];

  it("owner, editor, viewer, friend and stranger × private, friends, server: seen exactly as the matrix says; hidden answers as missing, byte for byte", async () => {
    const accounts = { olga: owner, edie: editor, vic: viewer, fran: friend, stan: stranger };
    const hidden: Array<[Account, string, string]> = [];
    for (const [visibility, sees] of matrix) {
      const name = `Seen by ${visibility}`;
      for (const [username, expected] of Object.entries(sees)) {
        const who = accounts[username as keyof typeof accounts];
        const response = await api.request("GET", path("olga", name), { token: who.token });
        expect(response.status, `${username} GET ${name}`).toBe(expected ? 200 : 404);
        const listed = await api.request("GET", "/lists?of=olga", { token: who.token });
        expect(
          listed.json.some((list: any) => list.name === name),
          `${username} lists --of olga`,
        ).toBe(expected);
        if (!expected) hidden.push([who, name, response.text]);
      }
    }
    expect(hidden).toHaveLength(3);
    // The same requests once the lists do not exist answer the same bytes.
    for (const [who, name, text] of hidden) {
      await api.db.list.deleteMany({ where: { name } });
      const missing = await api.request("GET", path("olga", name), { token: who.token });
      expect(missing.text).toBe(text);
    }
  });

  it("writes: the owner edits, shares and deletes; an editor changes entries only; a viewer or friend changes nothing (403); a stranger sees a missing list (404)", async () => {
    const name = "Shared watchlist";
    await api.request("POST", "/lists", { token: owner.token, body: { name, visibility: "friends" } });
    await api.request("PUT", `${path("olga", name)}/collaborators/edie`, { token: owner.token, body: { can: "edit" } });
    await api.request("PUT", `${path("olga", name)}/collaborators/vic`, { token: owner.token, body: {} });
    const list = path("olga", name);
    const status = async (who: Account, method: string, url: string, body?: unknown) =>
      (await api.request(method, url, { token: who.token, body })).status;

    expect(await status(editor, "PUT", `${list}/entries/${film}`, { note: "edie's pick" })).toBe(201);
    expect(await status(editor, "PUT", `${list}/entries/${film}`, { note: "changed" })).toBe(200);
    for (const who of [viewer, friend]) {
      expect(await status(who, "PUT", `${list}/entries/${film}`, { note: "mine" })).toBe(403);
      expect(await status(who, "DELETE", `${list}/entries/${film}`)).toBe(403);
    }
    for (const who of [editor, viewer, friend]) {
      expect(await status(who, "PATCH", list, { name: "Taken over" })).toBe(403);
      expect(await status(who, "PUT", `${list}/collaborators/fran`, { can: "edit" })).toBe(403);
      expect(await status(who, "DELETE", `${list}/collaborators/vic`)).toBe(403);
      expect(await status(who, "DELETE", list)).toBe(403);
    }
    const missing = await api.request("PATCH", path("olga", "Never made"), { token: stranger.token, body: { name: "x" } });
    for (const [method, url, body] of [
      ["PATCH", list, { name: "x" }],
      ["DELETE", list, undefined],
      ["PUT", `${list}/entries/${film}`, {}],
      ["DELETE", `${list}/entries/${film}`, undefined],
      ["PUT", `${list}/collaborators/stan`, {}],
    ] as const) {
      const response = await api.request(method, url, { token: stranger.token, body });
      expect(response.status).toBe(404);
      expect(response.text).toBe(missing.text.replace("Never made", name));
    }
    const shown = await show(owner, "olga", name);
    expect(shown.entries).toEqual([expect.objectContaining({ note: "changed", addedBy: "edie" })]);
    expect(shown.collaborators).toEqual([
      { username: "edie", can: "edit" },
      { username: "vic", can: "view" },
    ]);
    expect(await status(owner, "DELETE", list)).toBe(204);
    expect(await status(owner, "GET", list)).toBe(404);
  });

  it("shares only with friends; a list shared with you shows in your lists; ending the friendship ends the collaboration", async () => {
    const name = "Only mine";
    await api.request("POST", "/lists", { token: owner.token, body: { name, visibility: "private" } });
    const refused = await api.request("PUT", `${path("olga", name)}/collaborators/stan`, { token: owner.token, body: { can: "edit" } });
    expect(refused.status).toBe(404);
    expect(refused.json.error.message).toBe("stan is not one of your friends");

    expect(
      (await api.request("PUT", `${path("olga", name)}/collaborators/fran`, { token: owner.token, body: { can: "edit" } })).json,
    ).toEqual({
      username: "fran",
      can: "edit",
    });
    const mine = await api.request("GET", "/lists", { token: friend.token });
    expect(mine.json).toEqual([expect.objectContaining({ name, owner: "olga", access: "edit" })]);

    expect((await api.request("DELETE", "/friends/olga", { token: friend.token })).status).toBe(200);
    expect(await api.db.listCollaborator.count({ where: { userId: friend.user.id } })).toBe(0);
    expect((await api.request("GET", path("olga", name), { token: friend.token })).status).toBe(404);
    expect((await api.request("GET", "/lists", { token: friend.token })).json).toEqual([]);
  });

  it("the owner's own visibility narrows a list's: a private member's server-wide list shows to collaborators only", async () => {
    const name = "Everyone's";
    await api.request("POST", "/lists", { token: owner.token, body: { name, visibility: "server" } });
    await api.request("PUT", `${path("olga", name)}/collaborators/vic`, { token: owner.token, body: {} });
    await api.db.user.update({ where: { id: owner.user.id }, data: { visibility: "PRIVATE" } });
    try {
      expect((await api.request("GET", path("OLGA", name), { token: viewer.token })).status).toBe(200);
      const hiddenList = await api.request("GET", path("olga", name), { token: stranger.token });
      const hiddenOfFriend = await api.request("GET", path("olga", name), { token: editor.token });
      expect([hiddenList.status, hiddenOfFriend.status]).toEqual([404, 404]);
      expect(hiddenList.text).toBe(hiddenOfFriend.text);
      // A member whose lists are all hidden answers as one that does not exist.
      const of = await api.request("GET", "/lists?of=olga", { token: stranger.token });
      const nobody = await api.request("GET", "/lists?of=olgb", { token: stranger.token });
      expect(of.status).toBe(404);
      expect(of.text).toBe(nobody.text.replace("olgb", "olga"));
    } finally {
      await api.db.user.update({ where: { id: owner.user.id }, data: { visibility: "SERVER" } });
    }
  });

  it("lists --of a member who does not exist is a 404", async () => {
    const response = await api.request("GET", "/lists?of=nobody", { token: owner.token });
    expect(response.status).toBe(404);
  });
});

describe("undo takes back every list change", () => {
  it("create, edit, add, move, remove, share, unshare and delete are each undone to the state before", async () => {
    const ula = await api.register("ula");
    const uma = await api.register("uma");
    await befriend(ula, uma);
    const films = await seedFilms(3, 993_001);
    const list = path("ula", "Undoable");
    const undo = async () => {
      const response = await api.request("POST", "/activity/undo", { token: ula.token });
      expect(response.status, response.text).toBe(200);
      return response.json;
    };
    const state = async () => {
      const response = await api.request("GET", list, { token: ula.token });
      return response.status === 404 ? null : { ...response.json, updatedAt: undefined };
    };

    await api.request("POST", "/lists", { token: ula.token, body: { name: "Undoable", ranked: true } });
    expect((await undo()).undone).toMatchObject({ action: "list-create", detail: "ula/Undoable" });
    expect(await state()).toBeNull();

    await api.request("POST", "/lists", { token: ula.token, body: { name: "Undoable", ranked: true } });
    for (const tmdbId of films) await api.request("PUT", `${list}/entries/${tmdbId}`, { token: ula.token, body: {} });
    const steps: Array<[string, () => Promise<unknown>]> = [
      ["list-edit", () => api.request("PATCH", list, { token: ula.token, body: { description: "new", visibility: "server" } })],
      ["list-add", () => api.request("PUT", `${list}/entries/${films[0]}`, { token: ula.token, body: { note: "a note" } })],
      ["list-move", () => api.request("PUT", `${list}/entries/${films[2]}`, { token: ula.token, body: { at: 1 } })],
      ["list-remove", () => api.request("DELETE", `${list}/entries/${films[1]}`, { token: ula.token })],
      ["list-share", () => api.request("PUT", `${list}/collaborators/uma`, { token: ula.token, body: { can: "edit" } })],
    ];
    for (const [action, step] of steps) {
      const before = await state();
      await step();
      expect(await state()).not.toEqual(before);
      expect((await undo()).undone.action).toBe(action);
      expect(await state(), `after undoing ${action}`).toEqual(before);
    }

    await api.request("PUT", `${list}/collaborators/uma`, { token: ula.token, body: { can: "edit" } });
    const shared = await state();
    await api.request("DELETE", `${list}/collaborators/uma`, { token: ula.token });
    expect((await undo()).undone.action).toBe("list-unshare");
    expect(await state()).toEqual(shared);

    // A delete takes entries and collaborators with it; its undo brings them all back.
    expect((await api.request("DELETE", list, { token: ula.token })).status).toBe(204);
    expect(await state()).toBeNull();
    expect((await undo()).undone.action).toBe("list-delete");
    expect(await state()).toEqual(shared);
    expect(positions(shared!)).toEqual([
      [1, films[0]],
      [2, films[1]],
      [3, films[2]],
    ]);
  });

  it("an undo whose positions another editor changed since is refused, positions untouched", async () => {
    const vera = await api.register("vera");
    const walt = await api.register("walt");
    await befriend(vera, walt);
    const films = await seedFilms(3, 994_001);
    const list = path("vera", "Together");
    await api.request("POST", "/lists", { token: vera.token, body: { name: "Together", ranked: true } });
    await api.request("PUT", `${list}/collaborators/walt`, { token: vera.token, body: { can: "edit" } });
    await api.request("PUT", `${list}/entries/${films[0]}`, { token: vera.token, body: {} });
    await api.request("PUT", `${list}/entries/${films[1]}`, { token: walt.token, body: {} });
    await api.request("PUT", `${list}/entries/${films[2]}`, { token: vera.token, body: {} });
    // walt's add (position 2) cannot be undone: vera's add after it touched the list.
    const refused = await api.request("POST", "/activity/undo", { token: walt.token });
    expect(refused.status).toBe(409);
    expect(positions(await show(vera, "vera", "Together"))).toEqual([
      [1, films[0]],
      [2, films[1]],
      [3, films[2]],
    ]);
  });
});

describe("undo of a move, insert or removal in a long list", () => {
  /** The films of a list in order, as the test expects them after a move of `tmdbId` to `to`. */
  const moved = (order: number[], tmdbId: number, to: number) => {
    const rest = order.filter((id) => id !== tmdbId);
    return [...rest.slice(0, to - 1), tmdbId, ...rest.slice(to - 1)];
  };
  const order = async (who: Account, owner: string, name: string) => {
    const shown = positions(await show(who, owner, name));
    expect(shown.map(([position]) => position)).toEqual(shown.map((_, i) => i + 1));
    return shown.map(([, tmdbId]) => tmdbId as number);
  };
  const undo = (who: Account) => api.request("POST", "/activity/undo", { token: who.token });
  /** The rows the caller's last activity recorded. */
  const recorded = async (who: Account) => {
    const [last] = (await api.request("GET", "/activity", { token: who.token })).json;
    return last.changes;
  };

  it("records the one entry it is about (not each entry shifted), and undo puts every film back in its place", async () => {
    const lena = await api.register("lena");
    const films = await seedFilms(13, 999_101);
    const list = path("lena", "Long");
    await api.request("POST", "/lists", { token: lena.token, body: { name: "Long", ranked: true } });
    for (const tmdbId of films.slice(0, 12)) await api.request("PUT", `${list}/entries/${tmdbId}`, { token: lena.token, body: {} });
    const start = await order(lena, "lena", "Long");

    const steps: Array<[string, () => Promise<unknown>, number[]]> = [
      [
        "a move up",
        () => api.request("PUT", `${list}/entries/${films[10]}`, { token: lena.token, body: { at: 2 } }),
        moved(start, films[10], 2),
      ],
      [
        "a move down",
        () => api.request("PUT", `${list}/entries/${films[1]}`, { token: lena.token, body: { at: 11 } }),
        moved(start, films[1], 11),
      ],
      [
        "a move by one",
        () => api.request("PUT", `${list}/entries/${films[5]}`, { token: lena.token, body: { at: 7 } }),
        moved(start, films[5], 7),
      ],
      [
        "an insert",
        () => api.request("PUT", `${list}/entries/${films[12]}`, { token: lena.token, body: { at: 3 } }),
        moved([...start, films[12]], films[12], 3),
      ],
      [
        "a removal",
        () => api.request("DELETE", `${list}/entries/${films[4]}`, { token: lena.token }),
        start.filter((id) => id !== films[4]),
      ],
    ];
    for (const [what, step, expected] of steps) {
      await step();
      expect(await order(lena, "lena", "Long"), what).toEqual(expected);
      // The entry and the List row (touched): not the entries shifted between.
      expect(await recorded(lena), what).toBe(2);
      expect((await undo(lena)).status, what).toBe(200);
      expect(await order(lena, "lena", "Long"), `after undoing ${what}`).toEqual(start);
    }
  });

  it("racing moves: undone newest first, each is exact; the older one first is refused, nothing changed", async () => {
    const rita = await api.register("rita");
    const remy = await api.register("remy");
    await befriend(rita, remy);
    const films = await seedFilms(20, 996_001);
    const list = path("rita", "Raced");
    await api.request("POST", "/lists", { token: rita.token, body: { name: "Raced", ranked: true } });
    for (const tmdbId of films) await api.request("PUT", `${list}/entries/${tmdbId}`, { token: rita.token, body: {} });
    await api.request("PUT", `${list}/collaborators/remy`, { token: rita.token, body: { can: "edit" } });
    const start = await order(rita, "rita", "Raced");

    for (const round of [0, 1]) {
      const moves = [
        { who: rita, tmdbId: films[17 - round], to: 3 },
        { who: remy, tmdbId: films[4 + round], to: 15 },
      ];
      await Promise.all(
        moves.map((move) => api.request("PUT", `${list}/entries/${move.tmdbId}`, { token: move.who.token, body: { at: move.to } })),
      );
      // Which committed first: the older activity.
      const [first] = await api.db.activity.findMany({
        where: { action: "list-move", detail: "rita/Raced", undoneAt: null, undoRefusedAt: null },
        orderBy: { seq: "asc" },
        take: 1,
        include: { user: true },
      });
      const [older, newer] = first.user.username === "rita" ? moves : [moves[1], moves[0]];
      const both = await order(rita, "rita", "Raced");
      expect(both).toEqual(moved(moved(start, older.tmdbId, older.to), newer.tmdbId, newer.to));
      if (round === 0) {
        expect((await undo(newer.who)).status).toBe(200);
        expect(await order(rita, "rita", "Raced")).toEqual(moved(start, older.tmdbId, older.to));
        expect((await undo(older.who)).status).toBe(200);
        expect(await order(rita, "rita", "Raced")).toEqual(start);
      } else {
        expect((await undo(older.who)).status).toBe(409);
        expect(await order(rita, "rita", "Raced")).toEqual(both);
        expect((await undo(newer.who)).status).toBe(200);
        expect(await order(rita, "rita", "Raced")).toEqual(moved(start, older.tmdbId, older.to));
      }
    }
  });
});

describe("pick --from a list", () => {
  it("picks among the list's films only, none rated by anyone in the group; a list one member may not see is a 404", async () => {
    const pia = await api.register("pia");
    const pat = await api.register("pat");
    const films = await seedFilms(3, 995_001);
    await befriend(pia, pat);
    await api.request("POST", "/lists", { token: pia.token, body: { name: "Movie night", visibility: "friends" } });
    for (const tmdbId of films) await api.request("PUT", `${path("pia", "Movie night")}/entries/${tmdbId}`, { token: pia.token, body: {} });
    await api.request("PUT", "/watchlist/27205", { token: pat.token, body: {} }); // queued, not in the list
    await api.request("PUT", `/ratings/${films[1]}`, { token: pat.token, body: { rating: "LIKE" } });

    const picked = await api.request("GET", `/pick?with=pat&from=${encodeURIComponent("pia/movie night")}`, { token: pia.token });
    expect(picked.status, picked.text).toBe(200);
    expect(picked.json.map((entry: any) => entry.movie.tmdbId).sort()).toEqual([films[0], films[2]]);

    await api.request("PATCH", path("pia", "Movie night"), { token: pia.token, body: { visibility: "private" } });
    const hidden = await api.request("GET", `/pick?with=pat&from=${encodeURIComponent("pia/Movie night")}`, { token: pia.token });
    expect(hidden.status).toBe(404);
    expect(hidden.json.error.message).toBe("no list pia/Movie night");
  });
});
