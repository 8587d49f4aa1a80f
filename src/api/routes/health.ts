import { Hono } from "hono";
import type { AppEnv } from "../context.js";

export const healthRoutes = new Hono<AppEnv>().get("/", async (c) => {
  try {
    // $executeRaw runs on the primary, also when reads go to replicas: the server that must answer.
    await c.get("deps").db.$executeRaw`SELECT 1`;
    return c.json({ status: "ok", database: "ok" });
  } catch {
    return c.json(
      { status: "unavailable", database: "unreachable", error: { code: "database_unavailable", message: "the database does not answer" } },
      503,
    );
  }
});
