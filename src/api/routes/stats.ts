import { Hono } from "hono";
import { getStats } from "../../services/stats.js";
import { fillInDetails } from "../../services/watch-refresh.js";
import { statsAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { sayDetailsPending } from "../film-filter-query.js";
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

/** GET /stats: the figures of `stats --json`, from the films as stored (`detailsPending` of them still without runtime and credits). */
export const statsRoutes = new Hono<AppEnv>().get("/", statsDoc, async (c) => {
  const deps = c.get("deps");
  const [stats, detailsPending] = await Promise.all([getStats(deps.db, c.get("userId")), fillInDetails(deps, [c.get("userId")])]);
  sayDetailsPending(c, detailsPending);
  return c.json({ ...stats, detailsPending });
});
