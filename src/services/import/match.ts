// Matching import entries to movies: a known TMDB id or IMDb id, or a title and year, resolved from the
// Movie cache and the TmdbLookup memory first, and from TMDB (bulk lane, paced, cancellable) only for
// films never seen. One TMDB call per new film: a film found by /find or a search is stored from that
// answer (title, original language, year, genres, poster, overview) and its details (runtime, credits,
// certifications, providers: one more call) are filled in afterwards in the bulk lane, in the background
// (watch-refresh.ts), so an import waits for half the calls it used to. A film named by its TMDB id
// is fetched with its details: that call is its only one.
import pLimit from "p-limit";
import type { Db } from "../../db/client.js";
import { Prisma } from "../../db/client.js";
import type { Movie, TmdbLookup } from "../../generated/prisma/client.js";
import { foldTitle } from "../../shared/titles.cjs";
import { type Genre, type TmdbClient, TmdbError, type TmdbMovieSummary } from "../../tmdb/types.js";
import { yearOf } from "../movie-json.js";
import { CACHE_TTL_DAYS, getMovie, type MovieDeps } from "../movies.js";
import { refreshInBackground } from "../watch-refresh.js";

/** What a source row says about its film. */
export interface MatchTarget {
  tmdbId?: number | null;
  imdbId?: string | null;
  title?: string | null;
  year?: number | null;
  originalTitle?: string | null;
}

const MISS_TTL_MS = 24 * 60 * 60 * 1000;
const HIT_TTL_MS = CACHE_TTL_DAYS * 24 * 60 * 60 * 1000;
/** Lookups waiting on TMDB at once per import: the pacer meters the rate, this bounds what queues up. */
const LOOKUPS_AT_ONCE = 8;

/** The key under which a lookup is remembered (TmdbLookup.key), shared by every account. */
export function lookupKey(target: MatchTarget): string | null {
  if (target.tmdbId) return `tmdb:${target.tmdbId}`;
  if (target.imdbId) return `imdb:${target.imdbId}`;
  const folded = target.title ? foldTitle(target.title) : "";
  if (!folded) return null;
  return `title:${folded}|${target.year ?? ""}|${target.originalTitle ? foldTitle(target.originalTitle) : ""}`;
}

/**
 * The search result a title and year mean: the exact folded title in that year, else the original
 * title in that year, else either title one year off (release dates differ by country). Without a
 * year: the first result (TMDB's relevance order) whose title or original title is exact.
 */
export function pickResult(results: TmdbMovieSummary[], target: MatchTarget): TmdbMovieSummary | null {
  const wanted = foldTitle(target.title ?? "");
  const wantedOriginal = target.originalTitle ? foldTitle(target.originalTitle) : wanted;
  const titleIs = (movie: TmdbMovieSummary) => foldTitle(movie.title) === wanted;
  const originalIs = (movie: TmdbMovieSummary) =>
    !!movie.originalTitle && [wanted, wantedOriginal].includes(foldTitle(movie.originalTitle));
  if (!target.year) return results.find((movie) => titleIs(movie) || originalIs(movie)) ?? null;
  const yearOff = (movie: TmdbMovieSummary) => {
    const released = yearOf(movie.releaseDate);
    return released === null ? Number.POSITIVE_INFINITY : Math.abs(released - target.year!);
  };
  return (
    results.find((movie) => titleIs(movie) && yearOff(movie) === 0) ??
    results.find((movie) => originalIs(movie) && yearOff(movie) === 0) ??
    results
      .filter((movie) => (titleIs(movie) || originalIs(movie)) && yearOff(movie) === 1)
      .sort((a, b) => Number(titleIs(b)) - Number(titleIs(a)))[0] ??
    null
  );
}

export interface MatchStats {
  /** TMDB requests this matching made (each lookup counts its calls; the background fill-in is not counted). */
  tmdbCalls: number;
  /** TMDB ids of the matched films whose details are being filled in in the background. */
  detailsPending?: number[];
}

/**
 * When a new film found by a search or /find gets its details: "later" (stored from that answer, its
 * details filled in in the background) or "now" (the details call before the film is matched, two calls
 * per film: how imports worked before, kept as the reference bench/import.mjs measures).
 */
export type DetailsTiming = "later" | "now";

// TMDB's genre names, asked once per client (the search and /find answers carry genre ids only).
const genreLists = new WeakMap<TmdbClient, Promise<Map<number, string>>>();

/** Genre id → name; the first call of a client asks TMDB (counted), later ones share that answer. */
function genreNames(tmdb: TmdbClient, count: () => void): Promise<Map<number, string>> {
  let names = genreLists.get(tmdb);
  if (!names) {
    count();
    names = tmdb.getGenres().then((genres: Genre[]) => new Map(genres.map((genre) => [genre.id, genre.name])));
    genreLists.set(tmdb, names);
    // Without the list the films are stored without genres (their details bring them); asked again next time.
    names.catch(() => genreLists.delete(tmdb));
  }
  return names.catch(() => new Map<number, string>());
}

/**
 * The Movie row of each target, in order (null: unmatched). Misses and title hits are remembered in
 * TmdbLookup, including those found before a cancellation, so a repeat asks TMDB nothing.
 */
export async function matchMovies(
  deps: MovieDeps,
  targets: MatchTarget[],
  { signal, stats, details = "later" }: { signal?: AbortSignal; stats?: MatchStats; details?: DetailsTiming } = {},
): Promise<(Movie | null)[]> {
  const count = () => {
    if (stats) stats.tmdbCalls++;
  };
  const { db } = deps;
  // Counted where the requests leave: a movie cached meanwhile costs nothing.
  const counting =
    <Args extends unknown[], Result>(call: (...args: Args) => Promise<Result>) =>
    (...args: Args) => {
      count();
      return call(...args);
    };
  const tmdb: TmdbClient = {
    ...deps.tmdb,
    searchMovies: counting(deps.tmdb.searchMovies),
    getMovie: counting(deps.tmdb.getMovie),
    findByImdbId: counting(deps.tmdb.findByImdbId),
  };
  const counted = { ...deps, tmdb };
  const keys = targets.map(lookupKey);
  const uniqueKeys = [...new Set(keys.filter((key): key is string => key !== null))];

  const now = Date.now();
  const remembered = new Map<string, number | null>();
  const lookups = await db.$queryRaw<TmdbLookup[]>`SELECT * FROM "TmdbLookup" WHERE "key" = ANY(${uniqueKeys}::text[])`;
  for (const row of lookups) {
    const age = now - row.checkedAt.getTime();
    if (age < (row.tmdbId === null ? MISS_TTL_MS : HIT_TTL_MS)) remembered.set(row.key, row.tmdbId);
  }
  const wantedTmdbIds = new Set<number>();
  const wantedImdbIds = new Set<string>();
  for (const target of targets) {
    if (target.tmdbId) wantedTmdbIds.add(target.tmdbId);
    else if (target.imdbId) wantedImdbIds.add(target.imdbId);
  }
  for (const tmdbId of remembered.values()) if (tmdbId !== null) wantedTmdbIds.add(tmdbId);
  // Array parameters (= ANY), not thousands of IN parameters.
  const known = await db.$queryRaw<Movie[]>`SELECT * FROM "Movie"
    WHERE "tmdbId" = ANY(${[...wantedTmdbIds]}::int[]) OR "imdbId" = ANY(${[...wantedImdbIds]}::text[])`;
  const byTmdbId = new Map(known.map((movie) => [movie.tmdbId, movie]));
  const byImdbId = new Map(known.filter((movie) => movie.imdbId).map((movie) => [movie.imdbId!, movie]));

  const resolved = new Map<string, Movie | null>();
  const learnt = new Map<string, number | null>();
  const lane = { lane: "bulk" as const, signal };

  /** The cached row, else TMDB's details (one call), saved with the IMDb id when the details carry it. */
  async function movieFor(tmdbId: number, imdbId?: string): Promise<Movie | null> {
    let movie = byTmdbId.get(tmdbId);
    if (!movie) {
      try {
        movie = (await getMovie(counted, tmdbId, lane)).movie;
      } catch (error) {
        if (error instanceof TmdbError && error.kind === "not_found") return null;
        throw error;
      }
      byTmdbId.set(tmdbId, movie);
    }
    if (imdbId && !movie.imdbId) movie = await rememberImdbId(db, movie, imdbId);
    return movie;
  }

  /** Films stored here whose details were asked for then (this run's rows still say pending: not to be asked again). */
  const askedForDetails = new Set<number>();

  /**
   * The film a search or /find answered: cached, else stored from that answer (details "later": asked
   * for at once in the background lane, which takes a share of the slots while the lookups go on) or
   * fetched with its details ("now").
   */
  async function movieFound(found: TmdbMovieSummary, imdbId?: string): Promise<Movie | null> {
    if (details === "now" || byTmdbId.has(found.tmdbId)) return movieFor(found.tmdbId, imdbId);
    const movie = await saveFromSummary(db, found, await genreNames(deps.tmdb, count), imdbId ?? null);
    byTmdbId.set(found.tmdbId, movie);
    if (movie.detailsPending) {
      askedForDetails.add(movie.tmdbId);
      refreshInBackground(deps, [movie.tmdbId]);
    }
    return movie;
  }

  async function resolve(key: string, target: MatchTarget): Promise<Movie | null> {
    if (target.tmdbId) {
      if (!byTmdbId.has(target.tmdbId) && remembered.get(key) === null) return null;
      const movie = await movieFor(target.tmdbId);
      if (!movie) learnt.set(key, null);
      return movie;
    }
    if (target.imdbId) {
      const cached = byImdbId.get(target.imdbId);
      if (cached) return cached;
      if (remembered.get(key) === null) return null;
      const found = await tmdb.findByImdbId(target.imdbId, lane);
      const movie = found ? await movieFound(found, target.imdbId) : null;
      if (!movie) learnt.set(key, null);
      return movie;
    }
    const hit = remembered.get(key);
    if (hit === null) return null;
    if (hit !== undefined) return movieFor(hit);
    const page = await tmdb.searchMovies(target.title!, lane);
    const picked = pickResult(page.results, target);
    const movie = picked ? await movieFound(picked) : null;
    learnt.set(key, movie ? movie.tmdbId : null);
    return movie;
  }

  const limit = pLimit(LOOKUPS_AT_ONCE);
  const firstTargets = new Map<string, MatchTarget>();
  keys.forEach((key, index) => {
    if (key && !firstTargets.has(key)) firstTargets.set(key, targets[index]!);
  });
  /** The movie when the cache alone knows it (no TMDB call, no need to queue). */
  const knownNow = (key: string, target: MatchTarget) => {
    if (target.tmdbId) return byTmdbId.get(target.tmdbId);
    if (target.imdbId) return byImdbId.get(target.imdbId);
    const hit = remembered.get(key);
    return hit ? byTmdbId.get(hit) : undefined;
  };
  for (const [key, target] of firstTargets) {
    const movie = knownNow(key, target);
    if (movie) {
      resolved.set(key, movie);
      firstTargets.delete(key);
    }
  }
  try {
    await Promise.all(
      [...firstTargets].map(([key, target]) =>
        limit(async () => {
          signal?.throwIfAborted();
          resolved.set(key, await resolve(key, target));
        }),
      ),
    );
  } finally {
    limit.clearQueue();
    await remember(db, learnt);
  }
  // Films left pending by an earlier import (a process stopped before filling them in) join those
  // stored above, whose details were asked for as they were stored.
  const pending = [...new Set([...resolved.values()].filter((movie) => movie?.detailsPending).map((movie) => movie!.tmdbId))];
  refreshInBackground(
    deps,
    pending.filter((tmdbId) => !askedForDetails.has(tmdbId)),
  );
  if (stats) stats.detailsPending = pending;
  return keys.map((key) => (key ? (resolved.get(key) ?? null) : null));
}

/**
 * Stores a film from a search or /find answer, marked `detailsPending` until its details come. A row
 * already there (another import, another process) is kept as it is; one IMDb id claimed by another row
 * (TMDB merged two entries) is left off, as saveMovie does.
 */
async function saveFromSummary(db: Db, found: TmdbMovieSummary, genreNames: Map<number, string>, imdbId: string | null): Promise<Movie> {
  const genres = found.genreIds.flatMap((id) => (genreNames.has(id) ? [{ id, name: genreNames.get(id)! }] : []));
  const insert = (withImdbId: string | null) =>
    db.movie.createMany({
      skipDuplicates: true,
      data: {
        tmdbId: found.tmdbId,
        title: found.title,
        overview: found.overview,
        posterPath: found.posterPath,
        releaseDate: found.releaseDate,
        originalLanguage: found.originalLanguage ?? null,
        genres,
        imdbId: withImdbId,
        detailsPending: true,
      },
    });
  await insert(imdbId);
  let movie = await db.movie.findUnique({ where: { tmdbId: found.tmdbId } });
  if (!movie && imdbId) {
    await insert(null);
    movie = await db.movie.findUnique({ where: { tmdbId: found.tmdbId } });
  }
  if (!movie) throw new Error(`movie ${found.tmdbId} could not be stored`);
  return movie;
}

/** Stores what TMDB said about an IMDb id on the movie; another row already holding it keeps it. */
async function rememberImdbId(db: Db, movie: Movie, imdbId: string): Promise<Movie> {
  try {
    return await db.movie.update({ where: { id: movie.id }, data: { imdbId } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return movie;
    throw error;
  }
}

/** Upserts the lookups learnt, and forgets those past their time. */
async function remember(db: Db, learnt: Map<string, number | null>) {
  if (learnt.size === 0) return;
  const keys = [...learnt.keys()];
  const tmdbIds = keys.map((key) => learnt.get(key) ?? null);
  // Timestamps from here, not now(): the columns hold UTC without a zone, whatever the session's zone.
  const now = Date.now();
  await db.$executeRaw`INSERT INTO "TmdbLookup" ("key", "tmdbId", "checkedAt")
    SELECT key, "tmdbId", ${new Date(now)}::timestamp FROM unnest(${keys}::text[], ${tmdbIds}::int[]) AS learnt(key, "tmdbId")
    ON CONFLICT ("key") DO UPDATE SET "tmdbId" = EXCLUDED."tmdbId", "checkedAt" = EXCLUDED."checkedAt"`;
  await db.$executeRaw`DELETE FROM "TmdbLookup" WHERE "checkedAt" < ${new Date(now - HIT_TTL_MS)}::timestamp
    OR ("tmdbId" IS NULL AND "checkedAt" < ${new Date(now - MISS_TTL_MS)}::timestamp)`;
}
