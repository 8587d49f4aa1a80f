import { Hono } from "hono";
import { z } from "zod";
import { addComment, deleteComment, listReviews, writeReview } from "../../services/reviews.js";
import { listTags } from "../../services/tags.js";
import { COMMENT_TEXT, REVIEW_TEXT } from "../../services/text.js";
import { commentAnswer, reviewAnswer, tagAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { describe, TMDB_ERRORS } from "../openapi.js";
import { limitParam, memberText, tmdbIdParam, usernameValue, validate } from "../validation.js";
import { watchDate } from "./history.js";

const reviewBody = z.object({
  text: memberText(REVIEW_TEXT),
  spoilers: z.boolean().optional(),
  watchedOn: watchDate.optional().describe("the day of the viewing reviewed (default: the latest viewing)"),
});
const listQuery = z.object({
  of: usernameValue.optional().describe("another member's reviews, as their visibility allows"),
  tmdbId: tmdbIdParam.shape.tmdbId.optional(),
  friends: z.enum(["true", "false"]).optional().describe("true: the caller's and their friends' readable reviews"),
  limit: limitParam(10_000),
});
const commentParam = z.object({ author: usernameValue, tmdbId: tmdbIdParam.shape.tmdbId });
const commentBody = z.object({ text: memberText(COMMENT_TEXT) });
const commentIdParam = z.object({ id: z.uuid() });

const writeDoc = describe({
  summary: "Write (or replace) the review of a viewing of a film; with no viewing yet, one is recorded",
  responses: {
    200: { description: "the review, replaced", schema: reviewAnswer },
    201: { description: "the review, new", schema: reviewAnswer },
  },
  errors: { 404: "TMDB has no such film", ...TMDB_ERRORS },
});
const listDoc = describe({
  summary: "Reviews, newest first: the caller's, another member's (`of`) or the caller's and friends' (`friends`)",
  responses: { 200: { description: "the reviews with their tags and comments", schema: () => z.array(reviewAnswer()) } },
  errors: { 404: "`of` names no member whose reviews the caller may see (the same answer as for no such member)" },
});
const commentDoc = describe({
  summary: "Comment under a member's latest review of a film (the author, or a friend who can read it)",
  responses: { 201: { description: "the comment", schema: commentAnswer } },
  errors: { 404: "no review of this film by this member that the caller may comment on" },
});
const uncommentDoc = describe({
  summary: "Delete a comment: its writer may, and so may the author of the review it is under",
  responses: { 204: "deleted" },
  errors: { 404: "no comment of this id that the caller may delete" },
});
const tagsDoc = describe({
  summary: "The caller's tags, each with its number of viewings, most used first",
  responses: { 200: { description: "the tags", schema: () => z.array(tagAnswer()) } },
});

export const reviewRoutes = new Hono<AppEnv>()
  .put("/:tmdbId", writeDoc, validate("param", tmdbIdParam), validate("json", reviewBody), async (c) => {
    const { created, ...review } = await writeReview(c.get("deps"), c.get("userId"), c.req.valid("param").tmdbId, c.req.valid("json"));
    return c.json(review, created ? 201 : 200);
  })
  .get("/", listDoc, validate("query", listQuery), async (c) => {
    const { friends, ...options } = c.req.valid("query");
    return c.json(await listReviews(c.get("deps").db, c.get("userId"), { ...options, friends: friends === "true" }));
  })
  .post("/:author/:tmdbId/comments", commentDoc, validate("param", commentParam), validate("json", commentBody), async (c) => {
    const { author, tmdbId } = c.req.valid("param");
    return c.json(await addComment(c.get("deps").db, c.get("userId"), author, tmdbId, c.req.valid("json").text), 201);
  });

export const commentRoutes = new Hono<AppEnv>().delete("/:id", uncommentDoc, validate("param", commentIdParam), async (c) => {
  await deleteComment(c.get("deps").db, c.get("userId"), c.req.valid("param").id);
  return c.body(null, 204);
});

export const tagRoutes = new Hono<AppEnv>().get("/", tagsDoc, async (c) => c.json(await listTags(c.get("deps").db, c.get("userId"))));
