import { Hono } from "hono";
import { exportAccount } from "../../services/transfer.js";
import type { AppEnv } from "../context.js";

/** GET /export (mounted behind requireAuth); POST /import is routes/import.ts. */
export const transferRoutes = new Hono<AppEnv>().get("/export", async (c) =>
  c.json(await exportAccount(c.get("deps").db, c.get("userId"))),
);
