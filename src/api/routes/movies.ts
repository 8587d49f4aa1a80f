import { Hono } from "hono";
import { z } from "zod";
import { toMovieJson } from "../../services/movie-json.js";
import { getMovie, searchMovies, userStates } from "../../services/movies.js";
import type { AppEnv } from "../context.js";
import { tmdbIdParam, validate } from "../validation.js";

const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1, "q (the search text) is required")
    .max(200)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "q must not contain control characters"),
  year: z.coerce.number().int().min(1870).max(2100).optional(),
  // TMDB serves at most 500 pages.
  page: z.coerce.number().int().min(1).max(500).optional(),
});

export const movieRoutes = new Hono<AppEnv>()
  .get("/search", validate("query", searchQuery), async (c) => {
    const { q, year, page } = c.req.valid("query");
    return c.json(await searchMovies(c.get("deps"), c.get("userId"), { query: q, year, page }));
  })
  .get("/:tmdbId", validate("param", tmdbIdParam), async (c) => {
    const deps = c.get("deps");
    const { movie, stale } = await getMovie(deps, c.req.valid("param").tmdbId);
    const state = (await userStates(deps.db, c.get("userId"), [movie.tmdbId])).get(movie.tmdbId);
    return c.json({
      ...toMovieJson(movie),
      myRating: state?.rating ?? null,
      queued: state?.priority ?? null,
      stale,
      lastUpdated: movie.lastUpdated,
    });
  });
