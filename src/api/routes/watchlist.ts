import { Hono } from "hono";
import { z } from "zod";
import { refreshStaleQueue, resolveFilmFilter } from "../../services/film-filters.js";
import { markWatched } from "../../services/history.js";
import { listWatchlist, queueMovie, unqueueMovie } from "../../services/watchlist.js";
import { queuedEntryAnswer, queueEntryAnswer, watchedAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { FILTER_ERRORS, filmFilterFields, sayRefreshing } from "../film-filter-query.js";
import { describe, TMDB_ERRORS } from "../openapi.js";
import { PAGE_HEADERS, pageJson, pageQuery } from "../paging.js";
import { priorityValue, ratingValue, tagValue, tmdbIdParam, validate } from "../validation.js";
import { watchDate } from "./history.js";

const listQuery = z.object({
  priority: priorityValue.optional(),
  sort: z.enum(["priority", "added", "title"]).optional(),
  ...pageQuery(10_000),
  ...filmFilterFields,
});

const queueBody = z.object({ priority: priorityValue.optional() });

const watchedBody = z.object({
  rating: ratingValue.optional(),
  watchedOn: watchDate.optional(),
  tags: z.array(tagValue).max(20).optional().describe("tags on this viewing (compared regardless of case, kept as first written)"),
  rewatch: z
    .boolean()
    .optional()
    .describe("true: record the viewing even when the film already has one on that day (without it, 409 same_day_viewing)"),
});
const listDoc = describe({
  summary: "The caller's queue, HIGH to LOW then newest first, a page at a time",
  description:
    "Filtered (on, lang, country, maxCert), it answers from what is stored and refreshes films with stale data in the background: the Watchlist-Refreshing header says how many.",
  responses: { 200: { description: "the queue", schema: () => z.array(queueEntryAnswer()), headers: PAGE_HEADERS } },
  errors: FILTER_ERRORS,
});
const queueDoc = describe({
  summary: "Queue a film, or change its priority",
  responses: {
    200: { description: "the entry, its priority changed (created: false)", schema: queuedEntryAnswer },
    201: { description: "the entry, newly queued (created: true)", schema: queuedEntryAnswer },
  },
  errors: { 404: "TMDB has no such film", 409: "the film is rated: a rated film is not queued (already_rated)", ...TMDB_ERRORS },
});
const unqueueDoc = describe({
  summary: "Take a film off the caller's queue",
  responses: { 204: "removed" },
  errors: { 404: "the film is not queued" },
});
const watchedDoc = describe({
  summary: "Mark a film watched: record a viewing (dated watchedOn, default today), rate it if a rating is given, take it off the queue",
  description:
    "In one transaction. A second viewing is a rewatch; a second on the same day only with rewatch: true. An existing rating is kept when none is given.",
  responses: {
    200: {
      description: "the film's rating (null when it has none), whether it left the queue, and the viewing recorded",
      schema: watchedAnswer,
    },
  },
  errors: {
    404: "TMDB has no such film",
    409: "the film already has a viewing on that day and rewatch is not true (same_day_viewing): nothing recorded",
    ...TMDB_ERRORS,
  },
});

export const watchlistRoutes = new Hono<AppEnv>()
  .get("/", listDoc, validate("query", listQuery), async (c) => {
    const { on, lang, country, maxCert, ...options } = c.req.valid("query");
    const deps = c.get("deps");
    const userId = c.get("userId");
    const filter = await resolveFilmFilter(deps, { on, lang, country, maxCert }, [userId]);
    const [page, refreshing] = await Promise.all([
      listWatchlist(deps.db, userId, { ...options, filter }),
      filter ? refreshStaleQueue(deps, filter, userId) : 0,
    ]);
    sayRefreshing(c, refreshing);
    return pageJson(c, page);
  })
  .put("/:tmdbId", queueDoc, validate("param", tmdbIdParam), validate("json", queueBody), async (c) => {
    const { created, ...entry } = await queueMovie(
      c.get("deps"),
      c.get("userId"),
      c.req.valid("param").tmdbId,
      c.req.valid("json").priority,
    );
    return c.json({ ...entry, created }, created ? 201 : 200);
  })
  .delete("/:tmdbId", unqueueDoc, validate("param", tmdbIdParam), async (c) => {
    await unqueueMovie(c.get("deps").db, c.get("userId"), c.req.valid("param").tmdbId);
    return c.body(null, 204);
  })
  // Mark watched: a viewing recorded, the rating (if given) upserted and the queue entry removed, in one transaction.
  .post("/:tmdbId/watched", watchedDoc, validate("param", tmdbIdParam), validate("json", watchedBody), async (c) => {
    return c.json(await markWatched(c.get("deps"), c.get("userId"), c.req.valid("param").tmdbId, c.req.valid("json")));
  });
