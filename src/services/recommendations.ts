// `watchlist recommend` / GET /recommendations. Candidates come from three places — TMDB's
// recommendation lists of the films the user liked (cached, a few fetched per call), users of this
// server who rate alike (collaborative filtering in SQL) and cached films sharing directors or
// actors with liked ones — and are scored with the rating weights (recommendation-scoring.ts).
// TMDB being down only loses what is not cached yet.
import pLimit from "p-limit";
import type { Db } from "../db/client.js";
import type { Movie } from "../generated/prisma/client.js";
import { type Genre, TmdbError, type TmdbMovieSummary } from "../tmdb/types.js";
import { collaborativeCandidates, contentCandidates, sharedFavourites, suggestedCandidates } from "./candidates.js";
import { finishedWithin } from "./deadline.js";
import { InvalidRequestError } from "./errors.js";
import { type MovieJson, toMovieJson, yearOf } from "./movie-json.js";
import { getMovie, type MovieDeps } from "./movies.js";
import { recommendationLists, TMDB_DEADLINE_MS } from "./recommendation-lists.js";
import { type Candidate, candidateGenreIds, type Scored, type Source, scoreCandidate } from "./recommendation-scoring.js";
import { loadTasteProfile, type TasteProfile } from "./taste-profile.js";

export const DEFAULT_LIMIT = 20;
/** Liked films whose TMDB lists are used: super-likes first, then the most recent likes. */
export const MAX_SEED_MOVIES = 40;
/** Extra candidates completed from TMDB beyond the limit, as their director and cast may change the order. */
const COMPLETION_MARGIN = 5;
const COMPLETION_CONCURRENCY = 3;
/** Films fetched from TMDB per call at most (a cold `--limit 100` must not fire 100 requests). */
const MAX_COMPLETIONS_PER_CALL = 30;
/** Below this a film is a guess, not a recommendation: fewer, better results are trusted more. */
export const MIN_SCORE = 0.5;

export interface RecommendOptions {
  limit?: number;
  /** A genre name, any case. */
  genre?: string;
}

export interface RecommendationJson {
  movie: MovieJson;
  score: number;
  reasons: string[];
  sources: Source[];
}

export class UnknownGenreError extends InvalidRequestError {
  constructor(
    readonly genre: string,
    readonly known: string[],
  ) {
    super(`unknown genre "${genre}"; known genres: ${known.join(", ")}`);
  }
}

/**
 * Every genre met in the cached movies, from the MovieFeature lookup: a skip scan of its
 * (kind, key) index, one probe per distinct genre, instead of expanding every cached film's JSON.
 */
function knownGenres(deps: MovieDeps): Promise<Genre[]> {
  return deps.db.$queryRaw<Genre[]>`
    WITH RECURSIVE genre AS (
      (SELECT key FROM "MovieFeature" WHERE kind = 'genre' ORDER BY key LIMIT 1)
      UNION ALL
      SELECT (SELECT f.key FROM "MovieFeature" f WHERE f.kind = 'genre' AND f.key > genre.key ORDER BY f.key LIMIT 1)
      FROM genre WHERE genre.key IS NOT NULL
    ),
    named AS (
      SELECT genre.key::int AS id,
             (SELECT f.name FROM "MovieFeature" f WHERE f.kind = 'genre' AND f.key = genre.key AND f.name IS NOT NULL LIMIT 1) AS name
      FROM genre WHERE genre.key IS NOT NULL
    )
    SELECT id, name FROM named WHERE name IS NOT NULL`;
}

/** The genre of that name, from the cached movies or else TMDB's genre list. */
export async function resolveGenre(deps: MovieDeps, name: string): Promise<Genre> {
  const wanted = name.trim().toLowerCase();
  const matching = (genres: Genre[]) => genres.find((genre) => genre.name.toLowerCase() === wanted);
  const cached = await knownGenres(deps);
  const found = matching(cached);
  if (found) return found;
  let all = cached;
  try {
    all = await deps.tmdb.getGenres();
  } catch {
    // Without TMDB the cached genres are all we know.
  }
  const fromTmdb = matching(all);
  if (fromTmdb) return fromTmdb;
  throw new UnknownGenreError(name, [...new Set(all.map((genre) => genre.name))].sort());
}

/** A movie TMDB listed but that could not be fetched: what the list said (no director, cast, runtime). */
function summaryMovieJson(summary: TmdbMovieSummary, genreNames: Map<number, string>): MovieJson {
  return {
    tmdbId: summary.tmdbId,
    title: summary.title,
    year: yearOf(summary.releaseDate),
    releaseDate: summary.releaseDate,
    overview: summary.overview,
    posterPath: summary.posterPath,
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
    collaborativeCandidates(db, userId, genre?.id),
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
  const inGenre = (c: Candidate) => !genre || candidateGenreIds(c).includes(genre.id);
  const ranked = [...candidates.values()]
    .filter(inGenre)
    .map((c) => scoreCandidate(c, taste))
    .filter((scored) => scored.score >= MIN_SCORE)
    .sort(byScore)
    .slice(0, limit + COMPLETION_MARGIN);

  timer.lap("scoring");
  await completeMovies(deps, ranked, tmdbError === undefined);
  timer.lap("completion");
  await addSharedFavourites(db, userId, ranked);
  timer.lap("sharedFavourites");
  deps.logger?.debug("recommend", { userId, candidates: candidates.size, ms: timer.laps });

  return ranked
    .map((scored) => scoreCandidate(scored.candidate, taste))
    .filter((scored) => scored.score >= MIN_SCORE && inGenre(scored.candidate))
    .sort(byScore)
    .slice(0, limit)
    .map(({ candidate, score, reasons, sources }) => ({ movie: candidate.movie!, score, reasons, sources }));
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

async function addSharedFavourites(db: Db, userId: string, ranked: Scored[]): Promise<void> {
  const collaborative = ranked.map((scored) => scored.candidate).filter((c) => c.collaborative);
  const found = await sharedFavourites(
    db,
    userId,
    collaborative.map((c) => c.tmdbId),
  );
  const byId = new Map(found.map((row) => [row.tmdbId, row]));
  for (const c of collaborative) {
    const shared = byId.get(c.tmdbId);
    if (shared) c.sharedFavourite = { title: shared.title, rating: shared.rating, together: shared.together };
  }
}
