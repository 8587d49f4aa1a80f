import { createMiddleware } from "hono/factory";
import { DEFAULT_REGION, isRegion, REGION_HEADER, withRegion } from "../../services/region.js";
import type { AppEnv } from "../context.js";
import { invalid } from "../errors.js";

/** A region parameter or header: ISO 3166-1 alpha-2, upper or lower case. */
export function regionOrInvalid(value: string, where: string): string {
  const code = value.trim().toUpperCase();
  if (!isRegion(code)) throw invalid(`${where} must be an ISO 3166-1 country code such as GB or US, got '${value.slice(0, 20)}'`);
  return code;
}

/**
 * Answers the request in the caller's region (services/region.ts): their profile's region, else the
 * CLI's Watchlist-Region header (WATCHLIST_REGION or the locale's country), else US. The header is
 * checked only when it is used: a profile's region stands whatever the machine's locale says. A route
 * with a `region` parameter overrides it for its own answer.
 */
export const requestRegion = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    // One lookup by the Profile's unique userId index per request.
    const profile = await c.get("deps").db.profile.findUnique({ where: { userId: c.get("userId") }, select: { region: true } });
    await withRegion(regionOf(profile?.region ?? null, c.req.header(REGION_HEADER)), next);
  });

/** The region a request answers in: the profile's, else the Watchlist-Region header's, else US. */
export const regionOf = (profileRegion: string | null, header: string | undefined) =>
  profileRegion ??
  (header ? regionOrInvalid(header, "the region (Watchlist-Region header: WATCHLIST_REGION or the locale's country)") : DEFAULT_REGION);
