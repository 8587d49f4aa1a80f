// The query parameters of the film filters (`on`, `lang`, `country`, `maxCert`) every listing a
// person chooses a film from accepts, and the header telling the CLI how many films are refreshing.
import type { Context } from "hono";
import { z } from "zod";
import { isRegion, REGION_CODES } from "../services/region.js";

export const filmFilterFields = {
  on: z
    .string()
    .max(500)
    .transform((value) =>
      value
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(100)).min(1, "on: name at least one service, or mine"))
    .optional()
    .describe(
      "streaming services (names or TMDB provider ids, comma-separated) or `mine`: films on them by subscription, free or with ads",
    ),
  lang: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2}$/, "lang must be a two-letter ISO 639-1 code such as en or ko")
    .optional()
    .describe("original language, ISO 639-1"),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isRegion, "country must be an ISO 3166-1 country code such as KR or GB")
    .meta({ enum: [...REGION_CODES, ...REGION_CODES.map((code) => code.toLowerCase())] })
    .optional()
    .describe("a production country, ISO 3166-1 alpha-2"),
  maxCert: z.string().trim().min(1).max(20).optional().describe("the highest certification on the caller's region's scale"),
};

/** The answer header saying how many films of a filtered listing are being refreshed in the background. */
export const REFRESHING_HEADER = "Watchlist-Refreshing";

export function sayRefreshing(c: Context, count: number): void {
  if (count > 0) c.header(REFRESHING_HEADER, String(count));
}

/** The answer header saying how many films the answer had without their details: an import's, still being filled in. */
export const DETAILS_PENDING_HEADER = "Watchlist-Details-Pending";

export function sayDetailsPending(c: Context, count: number): void {
  if (count > 0) c.header(DETAILS_PENDING_HEADER, String(count));
}

export const FILTER_ERRORS = {
  422: "an invalid filter: an unknown service (with the closest names), certification or code, or `mine` without services",
};
