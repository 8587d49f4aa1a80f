import { createMiddleware } from "hono/factory";
import type { Db } from "../../db/client.js";
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
 * Each member's profile region, kept in process for a few seconds: read on every request, it would
 * otherwise add a round trip to every one (a rating is one statement). The member's own writes that
 * can change it (profile set, undo, an import) drop it at once; another API process sees a change
 * within PROFILE_REGION_CACHE_MS.
 */
export const PROFILE_REGION_CACHE_MS = 5_000;
const MAX_CACHED_MEMBERS = 10_000;
const profileRegions = new Map<string, { region: Promise<string | null>; until: number }>();
const CHANGES_REGION = /^\/(profile|activity|import)(\/|$)/;

function profileRegion(db: Db, userId: string): Promise<string | null> {
  const now = Date.now();
  const cached = profileRegions.get(userId);
  if (cached && cached.until > now) return cached.region;
  if (profileRegions.size >= MAX_CACHED_MEMBERS) profileRegions.clear();
  const region = db.profile.findUnique({ where: { userId }, select: { region: true } }).then((profile) => profile?.region ?? null);
  profileRegions.set(userId, { region, until: now + PROFILE_REGION_CACHE_MS });
  region.catch(() => profileRegions.delete(userId));
  return region;
}

/**
 * Answers the request in the caller's region (services/region.ts): their profile's region, else the
 * CLI's Watchlist-Region header (WATCHLIST_REGION or the locale's country), else US. The header is
 * checked only when it is used: a profile's region stands whatever the machine's locale says. A route
 * with a `region` parameter overrides it for its own answer.
 */
export const requestRegion = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const userId = c.get("userId");
    const region = regionOf(await profileRegion(c.get("deps").db, userId), c.req.header(REGION_HEADER));
    try {
      await withRegion(region, next);
    } finally {
      if (c.req.method !== "GET" && CHANGES_REGION.test(c.req.path)) profileRegions.delete(userId);
    }
  });

/** The region a request answers in: the profile's, else the Watchlist-Region header's, else US. */
export const regionOf = (profileRegion: string | null, header: string | undefined) =>
  profileRegion ??
  (header ? regionOrInvalid(header, "the region (Watchlist-Region header: WATCHLIST_REGION or the locale's country)") : DEFAULT_REGION);
