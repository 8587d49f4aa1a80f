import { Hono } from "hono";
import { z } from "zod";
import {
  CSV_COLUMNS,
  EXPORT_CONTENT_TYPES,
  EXPORT_FORMATS,
  exportChunks,
  exportCounts,
  LETTERBOXD_COLUMNS,
} from "../../services/export.js";
import { exportDocumentAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { describe } from "../openapi.js";
import { validate } from "../validation.js";

const exportQuery = z.object({ format: z.enum(EXPORT_FORMATS).default("json") });

const exportDoc = describe({
  summary: "The caller's whole account as one file, streamed",
  description:
    "format=json (default): the document POST /import reads back. format=csv: one row per rating, queue entry and viewing, " +
    `columns ${CSV_COLUMNS.join(",")}. format=letterboxd: Letterboxd's import CSV, one row per viewing then one per rated film never viewed, ` +
    `columns ${LETTERBOXD_COLUMNS.join(",")}.`,
  responses: {
    200: {
      description: "the file (Content-Disposition: attachment)",
      schema: exportDocumentAnswer,
      content: { "text/csv": () => z.string().describe("format=csv or format=letterboxd, with a header row") },
      headers: {
        "X-Export-Ratings": "ratings in the file",
        "X-Export-Watchlist": "queue entries in the file",
        "X-Export-History": "viewings in the file",
      },
    },
  },
  errors: { 404: "the account was deleted meanwhile" },
});

const FILE_NAMES = { json: "watchlist-export.json", csv: "watchlist-export.csv", letterboxd: "letterboxd-import.csv" } as const;

/**
 * GET /export?format=json|csv|letterboxd: streamed as it is read from the database, a batch at a
 * time, so memory stays flat whatever the size of the account. The counts go in headers first.
 */
export const exportRoutes = new Hono<AppEnv>().get("/", exportDoc, validate("query", exportQuery), async (c) => {
  const { db, logger } = c.get("deps");
  const userId = c.get("userId");
  const { format } = c.req.valid("query");
  const counts = await exportCounts(db, userId);
  const chunks = exportChunks(db, userId, format);
  // The first chunk is read before answering: a failure there (no account, no database) is still a
  // proper error response. A failure later can only cut the stream, which the client notices.
  const first = await chunks.next();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(encoder.encode(first.value));
    },
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        logger.error("export cut short", { userId, message: (error as Error).message });
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return c.body(body, 200, {
    "Content-Type": EXPORT_CONTENT_TYPES[format],
    "Content-Disposition": `attachment; filename="${FILE_NAMES[format]}"`,
    "X-Export-Ratings": String(counts.ratings),
    "X-Export-Watchlist": String(counts.watchlist),
    "X-Export-History": String(counts.history),
  });
});
