// TMDB's recommendation lists (/movie/{id}/recommendations, first page) for the user's liked
// movies: read from the cache, missing or old ones fetched from TMDB a few at a time, so a
// `recommend` never fires hundreds of TMDB requests and keeps working while TMDB is down.
import pLimit from "p-limit";
import type { Db, Prisma } from "../db/client.js";
import type { Logger } from "../logger.js";
import { type TmdbClient, TmdbError, type TmdbMovieSummary } from "../tmdb/types.js";
import { finishedWithin } from "./deadline.js";

export const LIST_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
/** New TMDB requests one `recommend` may make; the remaining lists come on later calls. */
export const MAX_FETCHES_PER_CALL = 12;
const FETCH_CONCURRENCY = 3;
/** A slow TMDB does not hold `recommend` longer than this (per stage): late answers are cached for next time. */
export const TMDB_DEADLINE_MS = 3000;

export interface CachedList {
  results: TmdbMovieSummary[];
  fetchedAt: Date;
}

export async function readCachedLists(db: Db, tmdbIds: number[]): Promise<Map<number, CachedList>> {
  if (tmdbIds.length === 0) return new Map();
  const rows = await db.tmdbRecommendationList.findMany({ where: { tmdbId: { in: tmdbIds } } });
  return new Map(rows.map((row) => [row.tmdbId, { results: row.results as unknown as TmdbMovieSummary[], fetchedAt: row.fetchedAt }]));
}

export async function writeCachedList(db: Db, tmdbId: number, results: TmdbMovieSummary[], fetchedAt = new Date()): Promise<void> {
  const columns = { results: results as unknown as Prisma.InputJsonValue, fetchedAt };
  await db.tmdbRecommendationList.upsert({ where: { tmdbId }, create: { tmdbId, ...columns }, update: columns });
}

/** TMDB failures after which asking again in the same call is pointless. */
const gaveUp = (error: unknown) => error instanceof TmdbError && error.kind !== "not_found" && error.kind !== "bad_response";

export interface ListsResult {
  lists: Map<number, TmdbMovieSummary[]>;
  /** Set when TMDB could not be asked: the lists are what the cache had. */
  tmdbError?: TmdbError;
}

/**
 * The recommendation lists of `sources` (most important first). Fresh cached lists are used as
 * they are; missing and stale ones are fetched, the first MAX_FETCHES_PER_CALL of them; a stale
 * list stays in use when its refresh fails.
 */
export async function recommendationLists(
  deps: { db: Db; tmdb: TmdbClient; logger?: Logger },
  sources: number[],
  { now = Date.now(), deadlineMs = TMDB_DEADLINE_MS } = {},
): Promise<ListsResult> {
  const cached = await readCachedLists(deps.db, sources);
  const lists = new Map<number, TmdbMovieSummary[]>();
  for (const [id, list] of cached) lists.set(id, list.results);

  const toFetch = sources.filter((id) => {
    const list = cached.get(id);
    return !list || now - list.fetchedAt.getTime() > LIST_MAX_AGE_MS;
  });
  // Writes may finish after the deadline answered: a failed write only costs a later refetch.
  const remember = (id: number, results: TmdbMovieSummary[]) =>
    writeCachedList(deps.db, id, results).catch((error: Error) =>
      deps.logger?.warn("recommendation list not cached", { error: error.message }),
    );
  let tmdbError: TmdbError | undefined;
  const limit = pLimit(FETCH_CONCURRENCY);
  const fetches = Promise.all(
    toFetch.slice(0, MAX_FETCHES_PER_CALL).map((id) =>
      limit(async () => {
        if (tmdbError) return;
        try {
          const page = await deps.tmdb.getRecommendations(id);
          lists.set(id, page.results);
          await remember(id, page.results);
        } catch (error) {
          if (!gaveUp(error)) {
            // An unknown movie has no list: remember that, not to ask again. An unreadable one is skipped.
            if (error instanceof TmdbError && error.kind === "not_found") await remember(id, []);
            return;
          }
          tmdbError = error as TmdbError;
          deps.logger?.warn("tmdb recommendations unavailable, using cached lists", { error: tmdbError.message });
        }
      }),
    ),
  );
  if (!(await finishedWithin(fetches, deadlineMs))) {
    deps.logger?.warn("tmdb recommendations slow, answering with cached lists", { deadlineMs });
    // Copy: lists still arriving must not change the answer being built.
    return { lists: new Map(lists), tmdbError: tmdbError ?? new TmdbError("unavailable", "TMDB is too slow") };
  }
  return { lists, tmdbError };
}
