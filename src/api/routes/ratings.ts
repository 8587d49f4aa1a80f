import { Hono } from "hono";
import { z } from "zod";
import { listRatings, recordRating, removeRating } from "../../services/ratings.js";
import { requireVisibleOwner } from "../../services/visibility.js";
import { ratedEntryAnswer, ratingEntryAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { describe, TMDB_ERRORS } from "../openapi.js";
import { PAGE_HEADERS, pageJson, pageQuery } from "../paging.js";
import { ratingList, ratingValue, tmdbIdParam, usernameValue, validate } from "../validation.js";

const listQuery = z.object({
  rating: ratingList.optional(),
  sort: z.enum(["rated", "title", "year"]).optional(),
  ...pageQuery(10_000),
  of: usernameValue.optional().describe("another member's ratings, as their visibility allows"),
});

export const ratingBody = z.object({ rating: ratingValue });

const listDoc = describe({
  summary: "The caller's ratings, or another member's (`of`) as their visibility allows, a page at a time",
  responses: {
    200: { description: "newest rating first unless sorted otherwise", schema: () => z.array(ratingEntryAnswer()), headers: PAGE_HEADERS },
  },
  errors: { 404: "`of` names no member whose ratings the caller may see (the same answer as for no such member)" },
});
const rateDoc = describe({
  summary: "Rate a film (and take it off the caller's queue, in one transaction)",
  responses: { 200: { description: "the rating, and whether it left the queue", schema: ratedEntryAnswer } },
  errors: { 404: "TMDB has no such film", ...TMDB_ERRORS },
});
const unrateDoc = describe({
  summary: "Remove the caller's rating of a film",
  responses: { 204: "removed" },
  errors: { 404: "the film is not rated" },
});

export const ratingRoutes = new Hono<AppEnv>()
  .get("/", listDoc, validate("query", listQuery), async (c) => {
    const { rating, sort, limit, cursor, of } = c.req.valid("query");
    const { db } = c.get("deps");
    const ownerId = of === undefined ? c.get("userId") : (await requireVisibleOwner(db, c.get("userId"), of)).id;
    return pageJson(c, await listRatings(db, ownerId, { ratings: rating, sort, limit, cursor }));
  })
  .put("/:tmdbId", rateDoc, validate("param", tmdbIdParam), validate("json", ratingBody), async (c) => {
    const entry = await recordRating(c.get("deps"), c.get("userId"), c.req.valid("param").tmdbId, c.req.valid("json").rating);
    return c.json(entry);
  })
  .delete("/:tmdbId", unrateDoc, validate("param", tmdbIdParam), async (c) => {
    await removeRating(c.get("deps").db, c.get("userId"), c.req.valid("param").tmdbId);
    return c.body(null, 204);
  });
