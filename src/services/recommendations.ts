// `watchlist recommend` / GET /recommendations. Candidates come from three places — TMDB's
// recommendation lists of the films the user liked (cached, a few fetched per call), users of this
// server who rate alike (collaborative filtering in SQL) and cached films sharing directors or
// actors with liked ones — and are scored with the rating weights (recommendation-scoring.ts).
// TMDB being down only loses what is not cached yet.
import { completeMovies, gatherCandidates, MAX_SEED_MOVIES, MIN_SCORE } from "./candidate-pool.js";
import { collaborativeCandidates, contentCandidates, sharedFavourites, suggestedCandidates } from "./candidates.js";
import { applyFilmFilter, type FilmFilter } from "./film-filters.js";
import { resolveGenre } from "./genres.js";
import { type MovieJson, toMovieJson } from "./movie-json.js";
import type { MovieDeps } from "./movies.js";
import { recommendationLists } from "./recommendation-lists.js";
import { type Candidate, candidateGenreIds, type Scored, type Source, scoreCandidate } from "./recommendation-scoring.js";
import { loadTasteProfile } from "./taste-profile.js";

export const DEFAULT_LIMIT = 20;
/** Extra candidates completed from TMDB beyond the limit, as their director and cast may change the order. */
const COMPLETION_MARGIN = 5;

export interface RecommendOptions {
  limit?: number;
  /** A genre name, any case. */
  genre?: string;
  /** Only films passing these (as stored); `onRefreshing` hears how many are refreshed in the background. */
  filter?: FilmFilter;
  onRefreshing?: (count: number) => void;
}

export interface RecommendationJson {
  movie: MovieJson;
  score: number;
  reasons: string[];
  sources: Source[];
}

/** Milliseconds spent in each stage, for the debug log (LOG_LEVEL=debug). */
function stageTimer() {
  let last = performance.now();
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(stage: string) {
      const now = performance.now();
      laps[stage] = Math.round(now - last);
      last = now;
    },
  };
}

const byScore = (a: Scored, b: Scored) => b.score - a.score || a.candidate.tmdbId - b.candidate.tmdbId;

export async function recommend(deps: MovieDeps, userId: string, options: RecommendOptions = {}): Promise<RecommendationJson[]> {
  const { db } = deps;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const timer = stageTimer();
  const genre = options.genre ? await resolveGenre(deps, options.genre) : undefined;

  const [taste, collaborative, content, suggested] = await Promise.all([
    loadTasteProfile(db, userId),
    collaborativeCandidates(db, userId, genre?.id, deps.crowd),
    contentCandidates(db, userId, genre?.id),
    suggestedCandidates(db, userId, genre?.id),
  ]);
  if (taste.rated.length === 0 && suggested.length === 0) return [];
  timer.lap("sql");

  const seeds = taste.rated.filter((movie) => movie.rating === "SUPER_LIKE" || movie.rating === "LIKE").slice(0, MAX_SEED_MOVIES);
  const { lists, tmdbError } = await recommendationLists(
    deps,
    seeds.map((seed) => seed.tmdbId),
  );
  timer.lap("tmdbLists");
  const candidates = gatherCandidates(taste, lists, collaborative, content, suggested);

  // TMDB-listed films we already cached get their full record (director, cast) from the cache.
  const listedOnly = [...candidates.values()].filter((c) => !c.movie).map((c) => c.tmdbId);
  if (listedOnly.length > 0) {
    for (const row of await db.movie.findMany({ where: { tmdbId: { in: listedOnly } } }))
      candidates.get(row.tmdbId)!.movie = toMovieJson(row);
  }

  timer.lap("cachedMovies");
  const filtered = options.filter ? await applyFilmFilter(deps, options.filter, [...candidates.keys()]) : undefined;
  if (filtered) options.onRefreshing?.(filtered.refreshing);
  const inGenre = (c: Candidate) => (!genre || candidateGenreIds(c).includes(genre.id)) && (!filtered || filtered.passing.has(c.tmdbId));
  const ranked = [...candidates.values()]
    .filter(inGenre)
    .map((c) => scoreCandidate(c, taste))
    .filter((scored) => scored.score >= MIN_SCORE)
    .sort(byScore)
    .slice(0, limit + COMPLETION_MARGIN);

  timer.lap("scoring");
  await completeMovies(deps, ranked, tmdbError === undefined);
  timer.lap("completion");
  await addSharedFavourites(deps, userId, ranked);
  timer.lap("sharedFavourites");
  deps.logger?.debug("recommend", { userId, candidates: candidates.size, ms: timer.laps });

  return ranked
    .map((scored) => scoreCandidate(scored.candidate, taste))
    .filter((scored) => scored.score >= MIN_SCORE && inGenre(scored.candidate))
    .sort(byScore)
    .slice(0, limit)
    .map(({ candidate, score, reasons, sources }) => ({ movie: candidate.movie!, score, reasons, sources }));
}

async function addSharedFavourites({ db, crowd }: MovieDeps, userId: string, ranked: Scored[]): Promise<void> {
  const collaborative = ranked.map((scored) => scored.candidate).filter((c) => c.collaborative);
  const found = await sharedFavourites(
    db,
    userId,
    collaborative.map((c) => c.tmdbId),
    crowd,
  );
  const byId = new Map(found.map((row) => [row.tmdbId, row]));
  for (const c of collaborative) {
    const shared = byId.get(c.tmdbId);
    if (shared) c.sharedFavourite = { title: shared.title, rating: shared.rating, together: shared.together };
  }
}
