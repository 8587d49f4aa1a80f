import { Hono } from "hono";
import { z } from "zod";
import { DEFAULT_LIMIT, recommend } from "../../services/recommendations.js";
import { recommendationAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { describe } from "../openapi.js";
import { limitParam, validate } from "../validation.js";

const recommendQuery = z.object({
  limit: limitParam(100, DEFAULT_LIMIT),
  genre: z.string().trim().min(1).max(100).optional(),
});

const recommendDoc = describe({
  summary: "Films to watch next, from the caller's ratings",
  description: "Best first, each with its score, reasons and sources; works from the cache while TMDB is down.",
  responses: { 200: { description: "best first (empty for a user without ratings)", schema: () => z.array(recommendationAnswer()) } },
  errors: { 422: "an invalid limit, or a genre that no cached film and no TMDB genre has" },
});

/** GET /recommendations: the bare array of `recommend --json` (empty for a user without ratings). */
export const recommendationRoutes = new Hono<AppEnv>().get("/", recommendDoc, validate("query", recommendQuery), async (c) => {
  const { limit, genre } = c.req.valid("query");
  return c.json(await recommend(c.get("deps"), c.get("userId"), { limit, genre }));
});
