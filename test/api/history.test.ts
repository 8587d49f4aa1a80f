// POST /watchlist/:tmdbId/watched {rating?, watchedOn?} and GET /history?year=&limit= over HTTP.
import { beforeAll, describe, expect, it } from "vitest";
import { today } from "../../src/services/history.js";
import { fakeMovies as m } from "../fake-tmdb/index.js";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});

const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("POST /watchlist/:tmdbId/watched", () => {
  it("records a viewing with its date, rates, and answers both", async () => {
    const { token } = await api.register("watched_api_a");
    await api.request("PUT", `/watchlist/${m.arrival.id}`, { token, body: { priority: "HIGH" } });
    const first = await api.request("POST", `/watchlist/${m.arrival.id}/watched`, {
      token,
      body: { rating: "like", watchedOn: "2023-06-01" },
    });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      movie: { tmdbId: m.arrival.id },
      rating: "LIKE",
      removedFromQueue: true,
      viewing: { watchedOn: "2023-06-01", rewatch: false },
    });
    const second = await api.request("POST", `/watchlist/${m.arrival.id}/watched`, { token, body: {} });
    expect(second.json).toMatchObject({ rating: "LIKE", removedFromQueue: false, viewing: { watchedOn: today(), rewatch: true } });
    expect((await api.request("GET", "/watchlist", { token })).json).toEqual([]);
  });

  it("refuses a date that is not a day, malformed, or in the future with 422, and records nothing", async () => {
    const { token } = await api.register("watched_api_b");
    for (const watchedOn of ["2023-02-30", "2023-13-01", "2023-6-1", "yesterday", daysFromNow(2), "1850-01-01"]) {
      const answer = await api.request("POST", `/watchlist/${m.inception.id}/watched`, { token, body: { rating: "LIKE", watchedOn } });
      expect(answer.status, watchedOn).toBe(422);
      expect(answer.json.error.code).toBe("invalid");
      expect(answer.json.error.message).toMatch(/^watchedOn: /);
    }
    const leapDay = await api.request("POST", `/watchlist/${m.inception.id}/watched`, { token, body: { watchedOn: "2024-02-29" } });
    expect(leapDay.status).toBe(200);
    expect((await api.request("GET", "/history", { token })).json.map((entry: { watchedOn: string }) => entry.watchedOn)).toEqual([
      "2024-02-29",
    ]);
    const badRating = await api.request("POST", `/watchlist/${m.inception.id}/watched`, { token, body: { rating: "meh" } });
    expect(badRating.status).toBe(422);
  });

  it("needs a token", async () => {
    expect((await api.request("POST", `/watchlist/${m.inception.id}/watched`, { body: {} })).status).toBe(401);
  });
});

describe("a second viewing on the same day (issue 17, item 18)", () => {
  const viewingsOf = (userId: string) => api.db.viewing.count({ where: { userId } });
  const activitiesOf = (userId: string) => api.db.activity.count({ where: { userId } });

  it("is refused (409 same_day_viewing, one line, nothing stored) unless rewatch: true says it is meant", async () => {
    const { token, user } = await api.register("same_day_a");
    const watch = (body: object) => api.request("POST", `/watchlist/${m.arrival.id}/watched`, { token, body });
    expect((await watch({ rating: "LIKE", watchedOn: "2023-06-01" })).status).toBe(200);
    const [viewings, activities] = [await viewingsOf(user.id), await activitiesOf(user.id)];

    const again = await watch({ rating: "SUPER_LIKE", watchedOn: "2023-06-01", tags: ["imax"] });
    expect(again.status).toBe(409);
    expect(again.json.error).toEqual({
      code: "same_day_viewing",
      message: "you already recorded Arrival (2016) on 2023-06-01; rewatch: true records another viewing that day",
    });
    expect([await viewingsOf(user.id), await activitiesOf(user.id)]).toEqual([viewings, activities]);
    expect((await api.request("GET", "/ratings", { token })).json[0].rating).toBe("LIKE");

    const meant = await watch({ watchedOn: "2023-06-01", rewatch: true });
    expect(meant.status).toBe(200);
    expect(meant.json.viewing).toEqual({ watchedOn: "2023-06-01", rewatch: true, tags: [] });
    // Another day needs no word; neither does a first viewing with rewatch: true.
    expect((await watch({ watchedOn: "2023-06-02" })).status).toBe(200);
    const first = await api.request("POST", `/watchlist/${m.tenet.id}/watched`, { token, body: { rewatch: true } });
    expect([first.status, first.json.viewing.rewatch]).toEqual([200, false]);
    expect(await viewingsOf(user.id)).toBe(viewings + 3);
  });

  it("today's default date counts as a day; a viewing with no date (an import's) is no day's", async () => {
    const { token, user } = await api.register("same_day_b");
    const movie = await api.db.movie.findUniqueOrThrow({ where: { tmdbId: m.arrival.id } });
    await api.db.viewing.create({ data: { userId: user.id, movieId: movie.id, watchedOn: null } });
    const watch = () => api.request("POST", `/watchlist/${m.arrival.id}/watched`, { token, body: {} });
    expect((await watch()).status).toBe(200);
    expect((await watch()).json.error.code).toBe("same_day_viewing");
  });

  it("of two requests at once, one records the viewing and the other is refused", async () => {
    const { token, user } = await api.register("same_day_c");
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        api.request("POST", `/watchlist/${m.inception.id}/watched`, { token, body: { watchedOn: "2024-01-05" } }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409, 409]);
    expect(await viewingsOf(user.id)).toBe(1);
  });
});

describe("GET /history", () => {
  let token: string;
  beforeAll(async () => {
    ({ token } = await api.register("history_api"));
    const watch = (tmdbId: number, body: object) => api.request("POST", `/watchlist/${tmdbId}/watched`, { token, body });
    await watch(m.inception.id, { rating: "SUPER_LIKE", watchedOn: "2021-07-04" });
    await watch(m.tenet.id, { watchedOn: "2023-01-15" });
    await watch(m.inception.id, { watchedOn: "2023-12-31" });
  });

  it("answers the contract's entries, newest first, field by field", async () => {
    const answer = await api.request("GET", "/history", { token });
    expect(answer.status).toBe(200);
    expect(answer.json).toHaveLength(3);
    const [latest] = answer.json;
    expect(Object.keys(latest).sort()).toEqual(["movie", "rating", "review", "rewatch", "tags", "watchedOn"]);
    expect(latest).toEqual({
      movie: expect.objectContaining({ tmdbId: m.inception.id, title: "Inception", year: 2010, runtime: m.inception.runtime }),
      watchedOn: "2023-12-31",
      rewatch: true,
      rating: "SUPER_LIKE",
      tags: [],
      review: null,
    });
    expect(
      answer.json.map((entry: { movie: { title: string }; watchedOn: string; rewatch: boolean; rating: string | null }) => [
        entry.movie.title,
        entry.watchedOn,
        entry.rewatch,
        entry.rating,
      ]),
    ).toEqual([
      ["Inception", "2023-12-31", true, "SUPER_LIKE"],
      ["Tenet", "2023-01-15", false, null],
      ["Inception", "2021-07-04", false, "SUPER_LIKE"],
    ]);
  });

  it("filters by year and limits", async () => {
    const in2023 = await api.request("GET", "/history?year=2023", { token });
    expect(in2023.json.map((entry: { watchedOn: string }) => entry.watchedOn)).toEqual(["2023-12-31", "2023-01-15"]);
    expect((await api.request("GET", "/history?year=2022", { token })).json).toEqual([]);
    const limited = await api.request("GET", "/history?limit=1", { token });
    expect(limited.json.map((entry: { watchedOn: string }) => entry.watchedOn)).toEqual(["2023-12-31"]);
  });

  // The OpenAPI fuzzer's find: the filter's upper bound was "10000-01-01", an invalid date (a 422).
  it("answers year=9999, the last year it takes, with an empty list rather than a 422", async () => {
    const response = await api.request("GET", "/history?year=9999", { token });
    expect(response.status, response.text).toBe(200);
    expect(response.json).toEqual([]);
  });

  it("refuses a bad year or limit with 422 and needs a token", async () => {
    for (const query of ["year=abc", "year=1500", "limit=0", "limit=10001"]) {
      expect((await api.request("GET", `/history?${query}`, { token })).status, query).toBe(422);
    }
    expect((await api.request("GET", "/history")).status).toBe(401);
  });
});
