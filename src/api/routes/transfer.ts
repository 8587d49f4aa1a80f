import { Hono } from "hono";
import { z } from "zod";
import { exportAccount, exportDocumentSchema, importAccount } from "../../services/transfer.js";
import type { AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { describeIssues, validate } from "../validation.js";

const importQuery = z.object({
  dryRun: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((value) => value === "true" || value === "1" || value === ""),
});

/** GET /export and POST /import?dryRun=true (mounted behind requireAuth). */
export const transferRoutes = new Hono<AppEnv>()
  .get("/export", async (c) => c.json(await exportAccount(c.get("deps").db, c.get("userId"))))
  .post("/import", validate("query", importQuery), async (c) => {
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
