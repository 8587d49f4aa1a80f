import { Hono } from "hono";
import { z } from "zod";
import { exportDocumentSchema, importAccount } from "../../services/transfer.js";
import type { AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { describeIssues, validate } from "../validation.js";

const importQuery = z.object({
  dryRun: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((value) => value === "true" || value === "1" || value === ""),
});

/** POST /import?dryRun=true (mounted behind requireAuth; GET /export is in export.ts). */
export const transferRoutes = new Hono<AppEnv>().post("/import", validate("query", importQuery), async (c) => {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, "bad_request", "the body is not JSON: send a file written by `watchlist export --json`");
  }
  const parsed = exportDocumentSchema.safeParse(body);
  if (!parsed.success) throw new ApiError(422, "invalid", `not a watchlist export: ${describeIssues(parsed.error)}`);
  return c.json(await importAccount(c.get("deps"), c.get("userId"), parsed.data, { dryRun: c.req.valid("query").dryRun }));
});
