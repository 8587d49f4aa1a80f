import { Hono } from "hono";
import { z } from "zod";
import { exportAccount, exportDocumentSchema, importAccount } from "../../services/transfer.js";
import { importReportAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { describe, TMDB_ERRORS } from "../openapi.js";
import { describeIssues, validate } from "../validation.js";

const importQuery = z.object({
  dryRun: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((value) => value === "true" || value === "1" || value === ""),
});

const exportDoc = describe({
  summary: "The caller's whole account as one document",
  responses: { 200: { description: "the export document (version 1), what POST /import reads", schema: exportDocumentSchema } },
});
const importDoc = describe({
  summary: "Import an export document into the caller's account (the file wins), all or nothing",
  description: "dryRun: the same work rolled back, so the counts are exact.",
  body: exportDocumentSchema,
  responses: {
    200: { description: "what was (or, in a dry run, would be) added, updated, unchanged, skipped", schema: importReportAnswer },
  },
  errors: { 400: "the body is not JSON", 413: "the body is larger than 20 MiB", 422: "not a watchlist export", ...TMDB_ERRORS },
});

/** GET /export and POST /import?dryRun=true (mounted behind requireAuth). */
export const transferRoutes = new Hono<AppEnv>()
  .get("/export", exportDoc, async (c) => c.json(await exportAccount(c.get("deps").db, c.get("userId"))))
  .post("/import", importDoc, validate("query", importQuery), async (c) => {
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
