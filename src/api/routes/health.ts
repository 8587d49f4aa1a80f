import { Hono } from "hono";
import { healthAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { describe } from "../openapi.js";

const healthDoc = describe({
  summary: "Whether the API and its database answer (no token needed)",
  responses: {
    200: { description: "up", schema: healthAnswer },
    503: '`{ status: "unavailable", database: "unreachable", error: { code: "database_unavailable", message } }`',
  },
});

export const healthRoutes = new Hono<AppEnv>().get("/", healthDoc, async (c) => {
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
