import { Hono } from "hono";
import { z } from "zod";
import { listRatings, recordRating, removeRating } from "../../services/ratings.js";
import type { AppEnv } from "../context.js";
import { limitParam, ratingList, ratingValue, tmdbIdParam, validate } from "../validation.js";

const listQuery = z.object({
  rating: ratingList.optional(),
  sort: z.enum(["rated", "title", "year"]).optional(),
  limit: limitParam(10_000),
});

export const ratingBody = z.object({ rating: ratingValue });

export const ratingRoutes = new Hono<AppEnv>()
  .get("/", validate("query", listQuery), async (c) => {
    const { rating, sort, limit } = c.req.valid("query");
    return c.json(await listRatings(c.get("deps").db, c.get("userId"), { ratings: rating, sort, limit }));
  })
  .put("/:tmdbId", validate("param", tmdbIdParam), validate("json", ratingBody), async (c) => {
    const entry = await recordRating(c.get("deps"), c.get("userId"), c.req.valid("param").tmdbId, c.req.valid("json").rating);
    return c.json(entry);
  })
  .delete("/:tmdbId", validate("param", tmdbIdParam), async (c) => {
    await removeRating(c.get("deps").db, c.get("userId"), c.req.valid("param").tmdbId);
    return c.body(null, 204);
  });
