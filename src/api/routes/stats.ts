import { Hono } from "hono";
import { getStats } from "../../services/stats.js";
import type { AppEnv } from "../context.js";

/** GET /stats: the figures of `stats --json`. */
export const statsRoutes = new Hono<AppEnv>().get("/", async (c) => c.json(await getStats(c.get("deps").db, c.get("userId"))));
