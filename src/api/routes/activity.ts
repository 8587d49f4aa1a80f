import { Hono } from "hono";
import { z } from "zod";
import { listActivity, undoLastActivity } from "../../services/activity.js";
import { activityAnswer, undoAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { describe } from "../openapi.js";
import { PAGE_HEADERS, pageJson, pageQuery } from "../paging.js";
import { validate } from "../validation.js";

const listQuery = z.object(pageQuery(1_000, 50));

const listDoc = describe({
  summary: "The caller's changes, newest first (undone ones and undos included), each with its effect, a page at a time",
  responses: { 200: { description: "the activities", schema: () => z.array(activityAnswer()), headers: PAGE_HEADERS } },
});
const undoDoc = describe({
  summary: "Undo the caller's last change not yet undone (an import as a whole), in one transaction",
  responses: { 200: { description: "the activity undone, and the undo itself", schema: undoAnswer } },
  errors: {
    404: "nothing to undo",
    409: "a row the change wrote has changed since, or a later change took its place: nothing was undone (undo_conflict)",
  },
});

/** GET /activity (newest first, paged as /friends is) and POST /activity/undo (the caller's last change not yet undone). */
export const activityRoutes = new Hono<AppEnv>()
  .get("/", listDoc, validate("query", listQuery), async (c) =>
    pageJson(c, await listActivity(c.get("deps").db, c.get("userId"), c.req.valid("query"))),
  )
  .post("/undo", undoDoc, async (c) => c.json(await undoLastActivity(c.get("deps").db, c.get("userId"))));
