// POST /import through the app: statuses and error shapes of the wire format (docs/import-server.md).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "../../src/api/json-body.js";
import { MAX_IMPORT_ENTRIES } from "../../src/services/import/index.js";
import { fakeMovies } from "../fake-tmdb/index.js";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;

beforeAll(async () => {
  api = await createTestApi();
});

const batch = (entries: unknown[], extra: Record<string, unknown> = {}) => ({
  importId: randomUUID(),
  format: "letterboxd",
  entries,
  ...extra,
});

describe("POST /import", () => {
  it("needs a token", async () => {
    expect((await api.request("POST", "/import", { body: batch([]) })).status).toBe(401);
  });

  it("answers a batch with the contract's report", async () => {
    const { token } = await api.register("import_report");
    const body = batch(
      [
        { ref: "ratings.csv line 2", title: "Arrival", year: 2016, rating: "LIKE", ratedAt: "2020-02-02T00:00:00.000Z" },
        { ref: "watchlist.csv line 2", title: "Sicario", year: 2015, queued: { addedAt: null } },
        { ref: "diary.csv line 4", title: "Memento", year: 2000, viewings: [{ watchedOn: "2021-01-01", rewatch: false }] },
        { ref: "ratings.csv line 9", title: "No Such Film At All", year: 1931, rating: "OK" },
      ],
      { priority: "HIGH" },
    );
    const dry = await api.request("POST", "/import?dryRun=true", { token, body });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, ratings: { added: 1 }, watchlist: { added: 1 }, history: { added: 1 } });
    expect((await api.request("GET", "/ratings", { token })).json).toEqual([]);

    const done = await api.request("POST", "/import", { token, body });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({
      format: "letterboxd",
      dryRun: false,
      importId: body.importId,
      ratings: { added: 1, updated: 0, unchanged: 0 },
      watchlist: { added: 1, updated: 0, unchanged: 0 },
      history: { added: 1, updated: 0, unchanged: 0 },
      skipped: [],
      unmatched: [{ title: "No Such Film At All", year: 1931, source: "ratings.csv line 9" }],
    });
    const queue = (await api.request("GET", "/watchlist", { token })).json;
    expect(queue).toMatchObject([{ movie: { tmdbId: fakeMovies.sicario.id }, priority: "HIGH" }]);
  });

  it("reads a version 2 export document", async () => {
    const { token } = await api.register("import_v2");
    const response = await api.request("POST", "/import", {
      token,
      body: {
        version: 2,
        ratings: [{ tmdbId: fakeMovies.alien.id, rating: "LIKE" }],
        watchlist: [{ tmdbId: fakeMovies.coco.id, priority: "LOW" }],
        history: [{ tmdbId: fakeMovies.alien.id, watchedOn: "2019-10-31", rewatch: false }],
      },
    });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ format: "watchlist", ratings: { added: 1 }, watchlist: { added: 1 }, history: { added: 1 } });
  });

  it("answers 400 for a body that is not JSON, or nested too deep", async () => {
    const { token } = await api.register("import_400");
    const headers = { "Content-Type": "application/json" };
    const notJson = await api.request("POST", "/import", { token, rawBody: "{nope", headers });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error).toMatchObject({ code: "bad_request", message: expect.stringContaining("not JSON") });
    const deep = `{"x":${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}}`;
    const tooDeep = await api.request("POST", "/import", { token, rawBody: deep, headers });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.json.error.message).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    // Brackets inside strings are text, not nesting.
    const text = "[".repeat(1000);
    const inString = await api.request("POST", "/import", { token, body: batch([{ title: text }]) });
    expect(inString.status).toBe(200);
  });

  it("answers 422 naming the formats for JSON that is no known document, and for a bad entry", async () => {
    const { token } = await api.register("import_422");
    const unknown = await api.request("POST", "/import", { token, body: { hello: "world" } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error).toMatchObject({
      code: "invalid",
      message: expect.stringMatching(/version 1, 2 or 3.*letterboxd\|imdb\|watchlist/),
    });
    const version = await api.request("POST", "/import", { token, body: { version: 4, ratings: [] } });
    expect(version.status).toBe(422);
    expect(version.json.error.message).toContain("version");
    const badEntry = await api.request("POST", "/import", { token, body: batch([{ title: "Up", rating: "MEH" }]) });
    expect(badEntry.status).toBe(422);
    expect(badEntry.json.error.message).toContain("entries.0.rating");
    const badFormat = await api.request("POST", "/import", { token, body: batch([], { format: "csv" }) });
    expect(badFormat.status).toBe(422);
  });

  it(`answers 413 naming the limit beyond ${MAX_IMPORT_ENTRIES} entries, before any work`, async () => {
    const { token } = await api.register("import_413");
    const calls = api.fakeTmdb.requests.length;
    const entries = Array.from({ length: MAX_IMPORT_ENTRIES + 1 }, (_, i) => ({ title: `Film ${i}` }));
    const response = await api.request("POST", "/import", { token, body: batch(entries) });
    expect(response.status).toBe(413);
    expect(response.json.error).toMatchObject({ code: "too_many_entries", message: expect.stringContaining(String(MAX_IMPORT_ENTRIES)) });
    const document = { version: 1, ratings: Array.from({ length: MAX_IMPORT_ENTRIES + 1 }, (_, i) => ({ tmdbId: i + 1, rating: "OK" })) };
    expect((await api.request("POST", "/import", { token, body: document })).status).toBe(413);
    expect(api.fakeTmdb.requests.length).toBe(calls);
  });

  it("answers 409 import_running to a second import of the same account while one runs", async () => {
    const { token } = await api.register("import_409");
    const other = await api.register("import_409_other");
    api.fakeTmdb.setLatency(300);
    try {
      const slow = api.request("POST", "/import", { token, body: batch([{ title: "Totoro", year: 1988, rating: "LIKE" }]) });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const second = await api.request("POST", "/import", { token, body: batch([{ title: "Up", year: 2009, rating: "LIKE" }]) });
      expect(second.status).toBe(409);
      expect(second.json.error.code).toBe("import_running");
      // Another account is not held up by it.
      expect((await api.request("POST", "/import", { token: other.token, body: batch([]) })).status).toBe(200);
      expect((await slow).status).toBe(200);
    } finally {
      api.fakeTmdb.setLatency(0);
    }
    expect((await api.request("POST", "/import", { token, body: batch([]) })).status).toBe(200);
  });
});
