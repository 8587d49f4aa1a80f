import { Hono } from "hono";
import type { AppEnv } from "../context.js";

export const healthRoutes = new Hono<AppEnv>().get("/", async (c) => {
  try {
    await c.get("deps").db.$queryRaw`SELECT 1`;
    return c.json({ status: "ok", database: "ok" });
  } catch {
    return c.json(
      { status: "unavailable", database: "unreachable", error: { code: "database_unavailable", message: "the database does not answer" } },
      503,
    );
  }
});
