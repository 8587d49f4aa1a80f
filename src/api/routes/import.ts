import { Hono } from "hono";
import pLimit from "p-limit";
import { z } from "zod";
import {
  batchEntrySchema,
  batchEnvelope,
  exportDocumentSchema,
  ImportBodyError,
  MAX_IMPORT_ENTRIES,
  parseImportBody,
  runImport,
} from "../../services/import/index.js";
import { importReportAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { readJsonBody } from "../json-body.js";
import { describe, TMDB_ERRORS } from "../openapi.js";
import { validate } from "../validation.js";

/** An import's body: 20,000 entries of a batch with every field stay well under it. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/**
 * Import bodies read, parsed and validated at once, process-wide: the others wait (unread, held back
 * by TCP) so that many large bodies cost bounded memory and leave the event loop to other requests.
 */
const bodiesAtOnce = pLimit(2);

async function readImport(request: Request) {
  const json = await readJsonBody(request, { maxBytes: MAX_IMPORT_BYTES });
  try {
    return await parseImportBody(json);
  } catch (error) {
    if (!(error instanceof ImportBodyError)) throw error;
    throw error.tooLarge ? new ApiError(413, "too_many_entries", error.message) : new ApiError(422, "invalid", error.message);
  }
}

const importQuery = z.object({
  dryRun: z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((value) => value === "true" || value === "1" || value === ""),
  /** Names the import an export document (or a slice of one) belongs to, as a batch's importId does. */
  importId: z.uuid().optional(),
});

const importDoc = describe({
  summary: "Import an export document (version 1 or 2) or a batch of entries into the caller's account",
  description:
    "A batch (docs/import-server.md) is matched through TMDB (IMDb id, title search) and written in one transaction. " +
    "dryRun: the same work rolled back, so the counts are exact. One import at a time per account.",
  body: () => z.union([exportDocumentSchema, batchEnvelope.extend({ entries: z.array(batchEntrySchema).max(MAX_IMPORT_ENTRIES) })]),
  responses: {
    200: { description: "what was (or, in a dry run, would be) added, updated, unchanged, skipped, unmatched", schema: importReportAnswer },
  },
  errors: {
    400: "the body is not JSON, or is nested too deeply",
    408: "the client went away: the import stopped where it was (nobody reads this answer)",
    409: "another import of this account is running (import_running)",
    413: `the body is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB, or has more than ${MAX_IMPORT_ENTRIES} entries`,
    422: "neither an export document nor a batch, or an invalid entry",
    ...TMDB_ERRORS,
  },
});

/**
 * POST /import?dryRun=true: an export document (v1, v2) or a batch of entries (docs/import-server.md),
 * answered with the import report. Stops (no further TMDB calls) when the client goes away.
 */
export const importRoutes = new Hono<AppEnv>().post("/", importDoc, validate("query", importQuery), async (c) => {
  const body = await bodiesAtOnce(() => readImport(c.req.raw));
  const signal = c.req.raw.signal;
  try {
    const { dryRun, importId } = c.req.valid("query");
    return c.json(await runImport(c.get("deps"), c.get("userId"), body, { dryRun, importId, signal }));
  } catch (error) {
    if (!signal.aborted) throw error;
    // Nobody reads this answer: the client went away and the import stopped where it was.
    throw new ApiError(408, "cancelled", "the client went away; the import stopped");
  }
});
