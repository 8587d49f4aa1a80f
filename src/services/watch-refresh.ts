// Keeping films' watch providers (and certifications, languages, countries) current: one details
// call per film, in the TMDB client's bulk lane, never making a person wait.
import type { Db } from "../db/client.js";
import { TmdbError, type TmdbRequestOptions } from "../tmdb/types.js";
import { type MovieDeps, saveMovie } from "./movies.js";

/** Providers change often (JustWatch's data): older than this, a listing filtered by them refreshes the film. */
export const PROVIDERS_TTL_MS = 24 * 60 * 60 * 1000;
export const providersFreshSince = (now = Date.now()) => new Date(now - PROVIDERS_TTL_MS);

/**
 * Fetches each film's details again (one TMDB call each: credits, release dates, watch providers)
 * and stores them. The import calls it for the films it added, in the bulk lane; a film TMDB no
 * longer knows is skipped. Other TMDB failures end the run (TMDB is down: the rest would fail too).
 */
export async function refreshMovieDetails(
  deps: MovieDeps,
  tmdbIds: number[],
  lane: TmdbRequestOptions = { lane: "bulk" },
): Promise<{ refreshed: number; missing: number }> {
  let refreshed = 0;
  let missing = 0;
  await Promise.all(
    tmdbIds.map(async (tmdbId) => {
      try {
        await saveMovie(deps.db, await deps.tmdb.getMovie(tmdbId, lane));
        refreshed++;
      } catch (error) {
        if (error instanceof TmdbError && error.kind === "not_found") missing++;
        else throw error;
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
