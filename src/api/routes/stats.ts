import { Hono } from "hono";
import { getStats } from "../../services/stats.js";
import { statsAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { describe } from "../openapi.js";

const statsDoc = describe({
  summary: "The caller's figures",
  responses: {
    200: {
      description:
        "counts per rating and priority, top genres, directors, original languages and production countries, time watched, ratings per month, rated films per decade",
      schema: statsAnswer,
    },
  },
});

/** GET /stats: the figures of `stats --json`. */
export const statsRoutes = new Hono<AppEnv>().get("/", statsDoc, async (c) => c.json(await getStats(c.get("deps").db, c.get("userId"))));
