import { Hono } from "hono";
import { z } from "zod";
import { resolveFilmFilter } from "../../services/film-filters.js";
import { DEFAULT_LIMIT, recommend } from "../../services/recommendations.js";
import { fillInDetails } from "../../services/watch-refresh.js";
import { recommendationAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { FILTER_ERRORS, filmFilterFields, sayDetailsPending, sayRefreshing } from "../film-filter-query.js";
import { describe } from "../openapi.js";
import { limitParam, validate } from "../validation.js";

const recommendQuery = z.object({
  limit: limitParam(100, DEFAULT_LIMIT),
  genre: z.string().trim().min(1).max(100).optional(),
  ...filmFilterFields,
});

const recommendDoc = describe({
  summary: "Films to watch next, from the caller's ratings",
  description: "Best first, each with its score, reasons and sources; works from the cache while TMDB is down.",
  responses: { 200: { description: "best first (empty for a user without ratings)", schema: () => z.array(recommendationAnswer()) } },
  errors: { 422: `an invalid limit, or a genre that no cached film and no TMDB genre has; ${FILTER_ERRORS[422]}` },
});

/** GET /recommendations: the bare array of `recommend --json` (empty for a user without ratings). */
export const recommendationRoutes = new Hono<AppEnv>().get("/", recommendDoc, validate("query", recommendQuery), async (c) => {
  const { limit, genre, on, lang, country, maxCert } = c.req.valid("query");
  const deps = c.get("deps");
  const filter = await resolveFilmFilter(deps, { on, lang, country, maxCert }, [c.get("userId")]);
  const [recommendations, detailsPending] = await Promise.all([
    recommend(deps, c.get("userId"), { limit, genre, filter, onRefreshing: (count) => sayRefreshing(c, count) }),
    fillInDetails(deps, [c.get("userId")]),
  ]);
  sayDetailsPending(c, detailsPending);
  return c.json(recommendations);
});
