import { Hono } from "hono";
import pLimit from "p-limit";
import { z } from "zod";
import { ImportBodyError, parseImportBody, runImport } from "../../services/import/index.js";
import type { AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { readJsonBody } from "../json-body.js";
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

/**
 * POST /import?dryRun=true: an export document (v1, v2) or a batch of entries (docs/import-wire.md),
 * answered with the import report. Stops (no further TMDB calls) when the client goes away.
 */
export const importRoutes = new Hono<AppEnv>().post("/", validate("query", importQuery), async (c) => {
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
