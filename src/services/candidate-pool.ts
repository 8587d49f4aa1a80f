// The candidate pool recommendations and pick share: candidates gathered from TMDB's lists of liked
// films and the SQL sources, the score below which a film is not worth showing, and the completion
// from TMDB of the listed-only films about to be shown.
import pLimit from "p-limit";
import type { Movie } from "../generated/prisma/client.js";
import { TmdbError, type TmdbMovieSummary } from "../tmdb/types.js";
import type { collaborativeCandidates, contentCandidates, suggestedCandidates } from "./candidates.js";
import { finishedWithin } from "./deadline.js";
import { knownGenres } from "./genres.js";
import { imageUrl, POSTER_SIZE } from "./images.js";
import { type MovieJson, toMovieJson, yearOf } from "./movie-json.js";
import { getMovie, type MovieDeps } from "./movies.js";
import { TMDB_DEADLINE_MS } from "./recommendation-lists.js";
import type { Candidate, Scored } from "./recommendation-scoring.js";
import type { TasteProfile } from "./taste-profile.js";

/** Liked films whose TMDB lists are used: super-likes first, then the most recent likes. */
export const MAX_SEED_MOVIES = 40;
/** Below this a film is a guess, not a recommendation: fewer, better results are trusted more. */
export const MIN_SCORE = 0.5;
const COMPLETION_CONCURRENCY = 3;
/** Films fetched from TMDB per call at most (a cold `--limit 100` must not fire 100 requests). */
const MAX_COMPLETIONS_PER_CALL = 30;

/** A movie TMDB listed but that could not be fetched: what the list said (no director, cast, runtime). */
function summaryMovieJson(summary: TmdbMovieSummary, genreNames: Map<number, string>): MovieJson {
  return {
    tmdbId: summary.tmdbId,
    title: summary.title,
    year: yearOf(summary.releaseDate),
    releaseDate: summary.releaseDate,
    overview: summary.overview,
    posterPath: summary.posterPath,
    posterUrl: imageUrl(summary.posterPath, POSTER_SIZE),
    genres: summary.genreIds.filter((id) => genreNames.has(id)).map((id) => ({ id, name: genreNames.get(id)! })),
    director: null,
    directors: [],
    cast: [],
    runtime: null,
    originalLanguage: summary.originalLanguage ?? null,
    countries: [],
    certification: null,
  };
}

export function gatherCandidates(
  taste: TasteProfile,
  lists: Map<number, TmdbMovieSummary[]>,
  collaborative: Awaited<ReturnType<typeof collaborativeCandidates>>,
  content: Awaited<ReturnType<typeof contentCandidates>>,
  suggested: Awaited<ReturnType<typeof suggestedCandidates>> = [],
): Map<number, Candidate> {
  const candidates = new Map<number, Candidate>();
  const candidate = (tmdbId: number) => {
    let found = candidates.get(tmdbId);
    if (!found) {
      found = { tmdbId, seeds: [], fromContent: false };
      candidates.set(tmdbId, found);
    }
    return found;
  };
  const withMovie = (row: Movie) => {
    const found = candidate(row.tmdbId);
    found.movie ??= toMovieJson(row);
    return found;
  };

  for (const seed of taste.rated) {
    lists.get(seed.tmdbId)?.forEach((summary, rank) => {
      if (taste.excluded.has(summary.tmdbId)) return;
      const found = candidate(summary.tmdbId);
      found.summary ??= summary;
      found.seeds.push({ title: seed.title, rating: seed.rating, rank });
    });
  }
  const best = collaborative[0]?.similarity ?? 0;
  for (const row of collaborative) withMovie(row).collaborative = { relative: best > 0 ? row.similarity / best : 0, fans: row.fans };
  for (const row of content) withMovie(row).fromContent = true;
  for (const row of suggested) withMovie(row).suggestedBy = row.suggestedBy;
  return candidates;
}

/**
 * Fetches (and caches) the listed-only films about to be shown, a bounded number and within the
 * TMDB deadline; the others are shown with what TMDB's list said.
 */
export async function completeMovies(deps: MovieDeps, ranked: Scored[], tmdbUp: boolean): Promise<void> {
  const missing = ranked.map((scored) => scored.candidate).filter((c) => !c.movie);
  if (missing.length === 0) return;
  const limit = pLimit(COMPLETION_CONCURRENCY);
  let up = tmdbUp;
  const fetched = new Map<number, MovieJson>();
  const fetches = Promise.all(
    missing.slice(0, MAX_COMPLETIONS_PER_CALL).map((c) =>
      limit(async () => {
        if (!up) return;
        try {
          fetched.set(c.tmdbId, toMovieJson((await getMovie(deps, c.tmdbId)).movie));
        } catch (error) {
          deps.logger?.warn("recommended movie not fetched", { tmdbId: c.tmdbId, error: (error as Error).message });
          // TMDB not knowing one film says nothing about the others; any other failure does.
          if (!(error instanceof TmdbError && error.kind === "not_found")) up = false;
        }
      }),
    ),
  );
  // Past the deadline, films still queued are not asked for any more.
  if (!(await finishedWithin(fetches, TMDB_DEADLINE_MS))) up = false;
  const unfetched = missing.filter((c) => !fetched.has(c.tmdbId));
  const genreNames = new Map(unfetched.length ? (await knownGenres(deps)).map((g) => [g.id, g.name]) : []);
  for (const c of missing) c.movie = fetched.get(c.tmdbId) ?? summaryMovieJson(c.summary!, genreNames);
}
