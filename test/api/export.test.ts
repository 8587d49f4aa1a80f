// GET /export?format=json|csv|letterboxd over HTTP: content types, counts in headers, bad input.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { fakeMovies as m } from "../fake-tmdb/index.js";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
let token: string;
beforeAll(async () => {
  api = await createTestApi();
  ({ token } = await api.register("export_api"));
  await api.request("POST", `/watchlist/${m.inception.id}/watched`, { token, body: { rating: "OK", watchedOn: "2022-03-04" } });
  await api.request("PUT", `/watchlist/${m.arrival.id}`, { token, body: { priority: "LOW" } });
});

describe("GET /export", () => {
  it("is JSON version 3 without a format, with the counts in headers", async () => {
    const answer = await api.request("GET", "/export", { token });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect([
      answer.headers.get("x-export-ratings"),
      answer.headers.get("x-export-watchlist"),
      answer.headers.get("x-export-history"),
    ]).toEqual(["1", "1", "1"]);
    expect(answer.json).toMatchObject({
      version: 3,
      ratings: [{ tmdbId: m.inception.id, rating: "OK" }],
      watchlist: [{ tmdbId: m.arrival.id, priority: "LOW" }],
      history: [{ tmdbId: m.inception.id, title: "Inception", year: 2010, watchedOn: "2022-03-04", rewatch: false }],
    });
  });

  it("answers CSV for csv and letterboxd, as attachments", async () => {
    const csv = await api.request("GET", "/export?format=csv", { token });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="watchlist-export.csv"');
    expect((parse(csv.text, { columns: true }) as { list: string }[]).map((row) => row.list)).toEqual(["ratings", "watchlist", "history"]);
    const letterboxd = await api.request("GET", "/export?format=letterboxd", { token });
    expect(parse(letterboxd.text, { columns: true })).toEqual([
      {
        tmdbID: String(m.inception.id),
        imdbID: "tt1375666", // learnt from TMDB when the film was cached
        Title: "Inception",
        Year: "2010",
        Rating: "3",
        WatchedDate: "2022-03-04",
        Rewatch: "false",
        Tags: "",
        Review: "",
      },
    ]);
  });

  it("refuses an unknown format with 422 and needs a token", async () => {
    const bad = await api.request("GET", "/export?format=xml", { token });
    expect(bad.status).toBe(422);
    expect(bad.json.error.message).toMatch(/^format: /);
    expect((await api.request("GET", "/export?format=csv")).status).toBe(401);
  });
});
