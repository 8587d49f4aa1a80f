import { Hono } from "hono";
import { z } from "zod";
import { toMovieJson } from "../../services/movie-json.js";
import { getMovie, type MovieDetails, searchMovies, userStates } from "../../services/movies.js";
import { currentRegion, REGION_CODES, withRegion } from "../../services/region.js";
import { whereToWatch } from "../../services/where.js";
import { movieDetailsAnswer, searchPageAnswer, whereAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { filmFilterFields } from "../film-filter-query.js";
import { regionOrInvalid } from "../middleware/region.js";
import { describe, TMDB_ERRORS } from "../openapi.js";
import { tmdbIdParam, validate } from "../validation.js";

const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, "q (the search text) is required")
    .max(200)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "q must not contain control characters")
    // TMDB searches words: text without a letter or digit finds nothing (and TMDB refuses it, 422).
    .refine((value) => /[\p{L}\p{N}]/u.test(value), "q must contain a letter or a digit")
    .meta({ pattern: "^[^\\u0000-\\u001f\\u007f]*[\\p{L}\\p{N}][^\\u0000-\\u001f\\u007f]*$" }),
  year: z.coerce.number().int().min(1870).max(2100).optional(),
  // TMDB serves at most 500 pages.
  page: z.coerce.number().int().min(1).max(500).optional(),
  // TMDB's results carry the original language; the other film filters would cost a details call each.
  lang: filmFilterFields.lang,
});

const searchDoc = describe({
  summary: "Search TMDB, marking the caller's ratings and queue",
  description: "With TMDB unreachable or rate-limited, searches the titles of the local cache instead (source: cache).",
  responses: { 200: { description: "one page of results", schema: searchPageAnswer } },
  errors: { 503: "TMDB is not configured" },
});
const movieDoc = describe({
  summary: "One film, from the 30-day cache or TMDB, with the caller's rating and queue state",
  responses: { 200: { description: "the movie", schema: movieDetailsAnswer } },
  errors: { 404: "TMDB has no such film", ...TMDB_ERRORS },
});

const providersQuery = z.object({
  region: z
    .string()
    .max(10)
    // regionOrInvalid() reads it: an assigned code, in any case.
    .meta({ enum: [...REGION_CODES, ...REGION_CODES.map((code) => code.toLowerCase())] })
    .optional()
    .describe("ISO 3166-1 alpha-2 (any case); default: the caller's region"),
});
const providersDoc = describe({
  summary: "Where to watch a film in a region: by subscription, free, free with ads, to rent, to buy",
  description:
    "TMDB's watch providers (JustWatch's data: show the attribution), refreshed when older than a day; empty lists when nothing is listed in the region.",
  responses: { 200: { description: "the film's providers in the region", schema: whereAnswer } },
  errors: { 404: "TMDB has no such film", 422: "region is not an ISO 3166-1 code", ...TMDB_ERRORS },
});

export const movieRoutes = new Hono<AppEnv>()
  .get("/search", searchDoc, validate("query", searchQuery), async (c) => {
    const { q, year, page, lang } = c.req.valid("query");
    const found = await searchMovies(c.get("deps"), c.get("userId"), { query: q, year, page });
    return c.json(lang ? { ...found, results: found.results.filter((movie) => movie.originalLanguage === lang) } : found);
  })
  .get("/:tmdbId", movieDoc, validate("param", tmdbIdParam), async (c) => {
    const deps = c.get("deps");
    const { movie, stale } = await getMovie(deps, c.req.valid("param").tmdbId);
    const state = (await userStates(deps.db, c.get("userId"), [movie.tmdbId])).get(movie.tmdbId);
    const details: MovieDetails = {
      ...toMovieJson(movie),
      myRating: state?.rating ?? null,
      queued: state?.priority ?? null,
      stale,
    };
    return c.json(details);
  })
  .get("/:tmdbId/providers", providersDoc, validate("param", tmdbIdParam), validate("query", providersQuery), async (c) => {
    const { region: asked } = c.req.valid("query");
    const region = asked ? regionOrInvalid(asked, "region") : currentRegion();
    const answer = await withRegion(region, () => whereToWatch(c.get("deps"), c.req.valid("param").tmdbId, region));
    return c.json(answer);
  });
