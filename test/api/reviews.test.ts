// Reviews, tags and comments through the HTTP API against real PostgreSQL and the fake TMDB: one review
// per viewing, tags folded but kept as first written, comments by friends who can read the review,
// bad text refused with nothing changed, and undo taking each of them back.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
type Account = Awaited<ReturnType<typeof api.register>>;
let ada: Account;
let ben: Account;
let cy: Account;

const INCEPTION = 27205;
const ARRIVAL = 329865;
const DUNE = 438631;

beforeAll(async () => {
  api = await createTestApi();
  ada = await api.register("ada");
  ben = await api.register("ben");
  cy = await api.register("cy");
  await api.request("PUT", "/friends/ben", { token: ada.token });
  await api.request("PUT", "/friends/ada", { token: ben.token });
});

const call = (account: Account, method: string, path: string, body?: unknown) => api.request(method, path, { token: account.token, body });
const undo = async (account: Account) => expect((await call(account, "POST", "/activity/undo")).status).toBe(200);

describe("reviews", () => {
  it("a review without a viewing records one today and answers every field", async () => {
    await call(ada, "PUT", `/watchlist/${INCEPTION}`, {});
    const text = 'Dreams in dreams.\nA "top", a kick, 🌀 — and, yes, commas.';
    const written = await call(ada, "PUT", `/reviews/${INCEPTION}`, { text, spoilers: true });
    expect(written.status).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    expect(written.json).toEqual({
      movie: expect.objectContaining({ tmdbId: INCEPTION, title: "Inception" }),
      author: "ada",
      text,
      spoilers: true,
      watchedOn: today,
      tags: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      comments: [],
    });
    expect(await api.db.viewing.count({ where: { userId: ada.user.id } })).toBe(1);
    // The film was watched: it left the queue.
    expect((await call(ada, "GET", "/watchlist")).json).toEqual([]);
  });

  it("reviewing again replaces the text of the same viewing's review; CRLF becomes LF", async () => {
    const again = await call(ada, "PUT", `/reviews/${INCEPTION}`, { text: "Better the second time.\r\nReally." });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ text: "Better the second time.\nReally.", spoilers: false });
    expect(await api.db.review.count({ where: { userId: ada.user.id } })).toBe(1);
  });

  it("watchedOn reviews that day's viewing; each viewing has its own review", async () => {
    await call(ada, "POST", `/watchlist/${ARRIVAL}/watched`, { watchedOn: "2020-01-01" });
    await call(ada, "POST", `/watchlist/${ARRIVAL}/watched`, { watchedOn: "2024-05-01" });
    expect((await call(ada, "PUT", `/reviews/${ARRIVAL}`, { text: "latest" })).json.watchedOn).toBe("2024-05-01");
    expect((await call(ada, "PUT", `/reviews/${ARRIVAL}`, { text: "first", watchedOn: "2020-01-01" })).json.watchedOn).toBe("2020-01-01");
    const mine = (await call(ada, "GET", `/reviews?tmdbId=${ARRIVAL}`)).json;
    expect(mine.map((review: { text: string; watchedOn: string }) => [review.text, review.watchedOn]).sort()).toEqual([
      ["first", "2020-01-01"],
      ["latest", "2024-05-01"],
    ]);
    const history = (await call(ada, "GET", "/history")).json;
    expect(history.find((entry: { watchedOn: string }) => entry.watchedOn === "2020-01-01").review).toBe("first");
  });

  it.each([
    ["empty", "   \n ", "review is empty"],
    ["over 20,000 characters", "é".repeat(20_001), "review is 20001 characters long: at most 20000"],
    ["a control character", "fine\u0007bell", "review contains a control character"],
    ["an escape sequence", "\u001b[31mred", "review contains a control character"],
    ["a bidi override", "abc\u202Edcba", "review contains a bidi control character"],
  ])("refuses a review that is %s with 422, and changes nothing", async (_label, text, message) => {
    const before = await api.db.review.findMany({ orderBy: { id: "asc" } });
    const refused = await call(ada, "PUT", `/reviews/${INCEPTION}`, { text });
    expect(refused.status).toBe(422);
    expect(refused.json.error.message).toBe(`text: ${message}`);
    expect(await api.db.review.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("20,000 characters exactly are fine", async () => {
    expect((await call(cy, "PUT", `/reviews/${DUNE}`, { text: "x".repeat(20_000) })).status).toBe(201);
  });

  it("undo takes a review back: a replaced text returns, a new review and its viewing go", async () => {
    await call(cy, "PUT", `/reviews/${DUNE}`, { text: "second thoughts" });
    await undo(cy);
    expect((await call(cy, "GET", "/reviews")).json[0].text).toBe("x".repeat(20_000));
    await undo(cy);
    expect((await call(cy, "GET", "/reviews")).json).toEqual([]);
    expect(await api.db.viewing.count({ where: { userId: cy.user.id } })).toBe(0);
  });
});

describe("tags", () => {
  it("watched --tag: folded for comparison, kept as first written; counted by GET /tags; history filters by tag", async () => {
    const first = await call(ben, "POST", `/watchlist/${ARRIVAL}/watched`, { watchedOn: "2023-01-01", tags: ["IMAX", "with Sam"] });
    expect(first.json.viewing).toEqual({ watchedOn: "2023-01-01", rewatch: false, tags: ["IMAX", "with Sam"] });
    const second = await call(ben, "POST", `/watchlist/${INCEPTION}/watched`, { watchedOn: "2023-02-01", tags: ["imax", "ＩＭＡＸ"] });
    expect(second.json.viewing.tags).toEqual(["IMAX"]);
    expect((await call(ben, "GET", "/tags")).json).toEqual([
      { tag: "IMAX", viewings: 2 },
      { tag: "with Sam", viewings: 1 },
    ]);
    const tagged = (await call(ben, "GET", "/history?tag=With%20SAM")).json;
    expect(tagged.map((entry: { movie: { tmdbId: number }; tags: string[] }) => [entry.movie.tmdbId, entry.tags])).toEqual([
      [ARRIVAL, ["IMAX", "with Sam"]],
    ]);
  });

  it("refuses a tag with a comma, a newline or 51 characters (422), recording no viewing", async () => {
    const before = await api.db.viewing.count();
    for (const tag of ["a,b", "a\nb", "t".repeat(51), ""]) {
      expect((await call(ben, "POST", `/watchlist/${DUNE}/watched`, { tags: [tag] })).status).toBe(422);
    }
    expect(await api.db.viewing.count()).toBe(before);
  });

  it("undoing a watched takes its tags with the viewing", async () => {
    await call(ben, "POST", `/watchlist/${DUNE}/watched`, { tags: ["rainy day"] });
    await undo(ben);
    expect((await call(ben, "GET", "/tags")).json.map((tag: { tag: string }) => tag.tag)).not.toContain("rainy day");
  });
});

describe("comments", () => {
  let reviewPath: string;
  beforeAll(async () => {
    await call(ben, "PUT", `/reviews/${ARRIVAL}`, { text: "Heptapods!" });
    reviewPath = `/reviews/ben/${ARRIVAL}/comments`;
  });

  it("a friend comments on a review they can read; it shows under the review, oldest first", async () => {
    const comment = await call(ada, "POST", reviewPath, { text: "Loved the score." });
    expect(comment.status).toBe(201);
    expect(comment.json).toEqual({ id: expect.any(String), author: "ada", text: "Loved the score.", at: expect.any(String) });
    const own = await call(ben, "POST", reviewPath, { text: "Thanks!" });
    expect(own.status).toBe(201);
    const [review] = (await call(ben, "GET", `/reviews?tmdbId=${ARRIVAL}`)).json;
    expect(review.comments.map((c: { author: string; text: string }) => [c.author, c.text])).toEqual([
      ["ada", "Loved the score."],
      ["ben", "Thanks!"],
    ]);
  });

  it("a stranger cannot comment; a friend cannot when the author is private; both as if there were no such user", async () => {
    const missing = await call(cy, "POST", `/reviews/nobody/${ARRIVAL}/comments`, { text: "hi" });
    const stranger = await call(cy, "POST", reviewPath, { text: "hi" });
    expect([stranger.status, stranger.text]).toEqual([404, missing.text.replace("nobody", "ben")]);
    await api.db.user.update({ where: { id: ben.user.id }, data: { visibility: "PRIVATE" } });
    try {
      const hidden = await call(ada, "POST", reviewPath, { text: "hi" });
      expect([hidden.status, hidden.text]).toEqual([404, missing.text.replace("nobody", "ben")]);
    } finally {
      await api.db.user.update({ where: { id: ben.user.id }, data: { visibility: "FRIENDS" } });
    }
  });

  it("refuses a comment of two lines, 1,001 characters or a bidi override (422)", async () => {
    for (const text of ["one\ntwo", "c".repeat(1_001), "\u2066x"]) expect((await call(ada, "POST", reviewPath, { text })).status).toBe(422);
  });

  it("the commenter deletes theirs; the review's author deletes any under it; nobody else can", async () => {
    const mine = (await call(ada, "POST", reviewPath, { text: "to delete" })).json.id;
    const theirs = (await call(ada, "POST", reviewPath, { text: "author deletes" })).json.id;
    expect((await call(cy, "DELETE", `/comments/${mine}`)).status).toBe(404);
    expect((await call(ada, "DELETE", `/comments/${mine}`)).status).toBe(204);
    expect((await call(ben, "DELETE", `/comments/${theirs}`)).status).toBe(204);
    const texts = (await call(ben, "GET", `/reviews?tmdbId=${ARRIVAL}`)).json[0].comments.map((c: { text: string }) => c.text);
    expect(texts).toEqual(["Loved the score.", "Thanks!"]);
  });

  it("undo brings back a deleted comment and takes back a new one", async () => {
    const id = (await call(ada, "POST", reviewPath, { text: "undo me" })).json.id;
    await undo(ada);
    expect(await api.db.reviewComment.count({ where: { id } })).toBe(0);
    const kept = (await call(ada, "POST", reviewPath, { text: "deleted then restored" })).json.id;
    await call(ben, "DELETE", `/comments/${kept}`);
    await undo(ben);
    expect(await api.db.reviewComment.findUnique({ where: { id: kept } })).toMatchObject({ text: "deleted then restored" });
  });

  it("friends=true lists the caller's reviews and friends' readable ones, not strangers'", async () => {
    await call(cy, "PUT", `/reviews/${ARRIVAL}`, { text: "a stranger's review" });
    const shown = (await call(ada, "GET", `/reviews?tmdbId=${ARRIVAL}&friends=true`)).json;
    expect(shown.map((review: { author: string }) => review.author).sort()).toEqual(["ada", "ada", "ben"]);
  });
});
