// Keeping films' watch providers (and certifications, languages, countries) current, and filling in
// the details of films an import stored from a search answer alone (Movie.detailsPending): one details
// call per film, in the TMDB client's background lane (behind imports' lookups), never making a person wait.
import type { Db } from "../db/client.js";
import { TmdbError, type TmdbRequestOptions } from "../tmdb/types.js";
import { type MovieDeps, saveMovie } from "./movies.js";

/** Providers change often (JustWatch's data): older than this, a listing filtered by them refreshes the film. */
export const PROVIDERS_TTL_MS = 24 * 60 * 60 * 1000;
export const providersFreshSince = (now = Date.now()) => new Date(now - PROVIDERS_TTL_MS);

/**
 * Fetches each film's details again (one TMDB call each: credits, release dates, watch providers)
 * and stores them. A film TMDB no longer knows is skipped (and no longer waits for details it will
 * never get). Other TMDB failures end the run (TMDB is down: the rest would fail too).
 */
export async function refreshMovieDetails(
  deps: MovieDeps,
  tmdbIds: number[],
  lane: TmdbRequestOptions = { lane: "background" },
): Promise<{ refreshed: number; missing: number }> {
  let refreshed = 0;
  let missing = 0;
  await Promise.all(
    tmdbIds.map(async (tmdbId) => {
      try {
        await saveMovie(deps.db, await deps.tmdb.getMovie(tmdbId, lane));
        refreshed++;
      } catch (error) {
        if (!(error instanceof TmdbError && error.kind === "not_found")) throw error;
        missing++;
        await deps.db.movie.updateMany({ where: { tmdbId, detailsPending: true }, data: { detailsPending: false } });
      }
    }),
  );
  return { refreshed, missing };
}

// The films being refreshed in the background, per database: asking again while one is under way
// adds nothing to TMDB's queue.
const inFlight = new WeakMap<Db, Set<number>>();
const idle = new WeakMap<Db, Promise<void>>();

/**
 * Refreshes these films in the background (bulk lane) and answers at once with how many are being
 * refreshed (those already under way included). Failures are logged, never thrown.
 */
export function refreshInBackground(deps: MovieDeps, tmdbIds: number[]): number {
  let running = inFlight.get(deps.db);
  if (!running) {
    running = new Set();
    inFlight.set(deps.db, running);
  }
  const set = running;
  const added = [...new Set(tmdbIds)].filter((id) => !set.has(id));
  for (const id of added) set.add(id);
  if (added.length > 0) {
    const work = Promise.all(
      added.map((tmdbId) =>
        refreshMovieDetails(deps, [tmdbId])
          .catch((error: unknown) => deps.logger?.warn("background refresh failed", { tmdbId, error: (error as Error).message }))
          .finally(() => set.delete(tmdbId)),
      ),
    ).then(() => undefined);
    idle.set(
      deps.db,
      Promise.all([idle.get(deps.db), work]).then(() => undefined),
    );
  }
  return new Set(tmdbIds.filter((id) => set.has(id))).size;
}

/** Resolves once the background refreshes started so far are done (tests, shutdown). */
export function backgroundRefreshesDone(db: Db): Promise<void> {
  return idle.get(db) ?? Promise.resolve();
}

/**
 * How many films of these members still wait for their details (stored by an import from a search
 * answer alone), and sets them being filled in: a film left pending when a process stopped is taken up
 * again by the next read that meets it (stats, recommend, pick, an import). `alsoTmdbIds`: films counted
 * with theirs when still pending (an import's films, not written in a dry run).
 */
export async function fillInDetails(deps: MovieDeps, userIds: string[], alsoTmdbIds: number[] = []): Promise<number> {
  const rows = await deps.db.$queryRaw<{ tmdbId: number }[]>`
    SELECT m."tmdbId" FROM "Movie" m
    WHERE m."detailsPending" AND (
      m."tmdbId" = ANY(${alsoTmdbIds}::int[])
      OR EXISTS (SELECT 1 FROM "UserMovie" um WHERE um."movieId" = m."id" AND um."userId" = ANY(${userIds}::text[]))
      OR EXISTS (SELECT 1 FROM "Watchlist" w WHERE w."movieId" = m."id" AND w."userId" = ANY(${userIds}::text[]))
      OR EXISTS (SELECT 1 FROM "Viewing" v WHERE v."movieId" = m."id" AND v."userId" = ANY(${userIds}::text[])))`;
  refreshInBackground(
    deps,
    rows.map((row) => row.tmdbId),
  );
  return rows.length;
}
