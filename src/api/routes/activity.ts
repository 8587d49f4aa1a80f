import { Hono } from "hono";
import { z } from "zod";
import { listActivity, undoLastActivity } from "../../services/activity.js";
import type { AppEnv } from "../context.js";
import { limitParam, validate } from "../validation.js";

const listQuery = z.object({ limit: limitParam(1_000, 50) });

/** GET /activity (newest first) and POST /activity/undo (the caller's last change not yet undone). */
export const activityRoutes = new Hono<AppEnv>()
  .get("/", validate("query", listQuery), async (c) => {
    return c.json(await listActivity(c.get("deps").db, c.get("userId"), c.req.valid("query")));
  })
  .post("/undo", async (c) => c.json(await undoLastActivity(c.get("deps").db, c.get("userId"))));
