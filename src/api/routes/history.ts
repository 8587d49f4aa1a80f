import { Hono } from "hono";
import { z } from "zod";
import { listHistory, today } from "../../services/history.js";
import { requireVisibleOwner } from "../../services/visibility.js";
import { historyEntryAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { describe } from "../openapi.js";
import { PAGE_HEADERS, pageJson, pageQuery } from "../paging.js";
import { tagValue, tmdbIdParam, usernameValue, validate } from "../validation.js";

/** Viewings before the first films, or after tomorrow (a client a timezone ahead of UTC), are typos. */
const EARLIEST_DAY = "1870-01-01";
const DAY_MS = 86_400_000;

/** A viewing date: YYYY-MM-DD, a day of the calendar (no 2023-02-30), not in the future. */
export const watchDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((day) => {
    const date = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  }, "is not a day of the calendar")
  .refine((day) => day >= EARLIEST_DAY, `must be ${EARLIEST_DAY} or later`)
  .refine((day) => day <= today(new Date(Date.now() + DAY_MS)), "is in the future")
  .meta({ format: "date", formatMinimum: EARLIEST_DAY, description: `a day from ${EARLIEST_DAY} to today (tomorrow in UTC at most)` });

const historyQuery = z.object({
  year: z.coerce.number().int().min(1870).max(9999).optional(),
  ...pageQuery(10_000),
  of: usernameValue.optional().describe("another member's viewings, as their visibility allows"),
  tag: tagValue.optional().describe("only viewings with this tag (compared regardless of case)"),
  tmdbId: tmdbIdParam.shape.tmdbId.optional().describe("only viewings of this film (`show`)"),
});

const historyDoc = describe({
  summary:
    "The caller's viewings, or another member's (`of`) as their visibility allows; newest first, undated ones last; a page at a time",
  responses: {
    200: {
      description: "the viewings, each with the film's current rating",
      schema: () => z.array(historyEntryAnswer()),
      headers: PAGE_HEADERS,
    },
  },
  errors: { 404: "`of` names no member whose history the caller may see (the same answer as for no such member)" },
});

/** GET /history: the caller's viewings (or a visible member's), newest first, undated ones last. */
export const historyRoutes = new Hono<AppEnv>().get("/", historyDoc, validate("query", historyQuery), async (c) => {
  const { of, ...options } = c.req.valid("query");
  const { db } = c.get("deps");
  const ownerId = of === undefined ? c.get("userId") : (await requireVisibleOwner(db, c.get("userId"), of)).id;
  return pageJson(c, await listHistory(db, ownerId, options));
});
