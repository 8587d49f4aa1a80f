import { Hono } from "hono";
import { z } from "zod";
import { DEFAULT_LIMIT, recommend, UnknownGenreError } from "../../services/recommendations.js";
import type { AppEnv } from "../context.js";
import { invalid } from "../errors.js";
import { limitParam, validate } from "../validation.js";

const recommendQuery = z.object({
  limit: limitParam(100, DEFAULT_LIMIT),
  genre: z.string().trim().min(1).max(100).optional(),
});

/** GET /recommendations: the bare array of `recommend --json` (empty for a user without ratings). */
export const recommendationRoutes = new Hono<AppEnv>().get("/", validate("query", recommendQuery), async (c) => {
  const { limit, genre } = c.req.valid("query");
  try {
    return c.json(await recommend(c.get("deps"), c.get("userId"), { limit, genre }));
  } catch (error) {
    if (error instanceof UnknownGenreError) throw invalid(error.message);
    throw error;
  }
});
