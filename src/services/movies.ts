// Movies: the local cache of TMDB (the Movie table) and TMDB search marked with the caller's state.
import type { CrowdRules } from "../config.js";
import { type Db, type Priority, Prisma, type Rating } from "../db/client.js";
import type { Movie } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import { PROVIDER_KINDS, type TmdbClient, TmdbError, type TmdbMovieDetails, type TmdbRequestOptions } from "../tmdb/types.js";
import { imageUrl, POSTER_SIZE } from "./images.js";
import { DIRECTOR_SEPARATOR, type MovieJson, toMovieJson, yearOf } from "./movie-json.js";

export const CACHE_TTL_DAYS = 30;
const CACHE_TTL_MS = CACHE_TTL_DAYS * 24 * 60 * 60 * 1000;
const LOCAL_PAGE_SIZE = 20;

/**
 * What the services need from the outside world (a movie is loaded through the cache and TMDB).
 * The services own this type; the API composes its own from it (src/api/context.ts).
 */
export interface MovieDeps {
  db: Db;
  tmdb: TmdbClient;
  logger?: Logger;
  /** Who may shape others' collaborative recommendations; DEFAULT_CROWD_RULES when not given. */
  crowd?: CrowdRules;
}

export interface CachedMovie {
  movie: Movie;
  /** True when TMDB could not be asked and the row is older than CACHE_TTL_DAYS. */
  stale: boolean;
}

/** A movie with the caller's rating and queue state, as search results and GET /movies/:tmdbId answer it. */
export type MovieWithState = MovieJson & { myRating: Rating | null; queued: Priority | null };

export type SearchResult = MovieWithState & {
  originalTitle: string | null;
  popularity: number | null;
  /** TMDB's vote count; null for results from the local cache. */
  voteCount: number | null;
};

/** GET /movies/:tmdbId: `stale` when TMDB could not be asked and the cached row is past 30 days. */
export type MovieDetails = MovieWithState & { stale: boolean };

export interface SearchPage {
  page: number;
  totalPages: number;
  totalResults: number;
  /** "cache": TMDB was unavailable and the results come from the local Movie table. */
  source: "tmdb" | "cache";
  results: SearchResult[];
}

/** Cached rows updated after this are fresh. */
export const freshSince = (now = Date.now()) => new Date(now - CACHE_TTL_MS);
export const isFresh = (movie: Pick<Movie, "lastUpdated">, now = Date.now()) => movie.lastUpdated > freshSince(now);

function movieColumns(details: TmdbMovieDetails, fetchedAt: Date) {
  const withWatchData = details.certifications !== null && details.watchProviders !== null;
  return {
    title: details.title,
    overview: details.overview,
    posterPath: details.posterPath,
    releaseDate: details.releaseDate,
    genres: details.genres as unknown as Prisma.InputJsonValue,
    director: details.directors.length > 0 ? details.directors.join(DIRECTOR_SEPARATOR) : null,
    cast: details.cast as unknown as Prisma.InputJsonValue,
    runtime: details.runtime,
    lastUpdated: fetchedAt,
    originalLanguage: details.originalLanguage ?? null,
    countries: details.countries,
    detailsPending: false,
    // An answer without them (a stand-in client) leaves what is stored as it was.
    ...(withWatchData ? { certifications: details.certifications as Prisma.InputJsonValue, providersFetchedAt: fetchedAt } : {}),
  };
}

/** The film's certifications and watch providers of every region, replaced by these (one transaction, the film's row locked). */
async function saveWatchData(db: Db, movieId: string, details: TmdbMovieDetails, fetchedAt: Date): Promise<void> {
  if (!details.certifications || !details.watchProviders) return;
  const certifications = Object.entries(details.certifications).map(([region, certification]) => ({ region, certification }));
  const regions = Object.entries(details.watchProviders).map(([region, providers]) => ({ region, link: providers.link }));
  const offers = Object.entries(details.watchProviders).flatMap(([region, providers]) =>
    PROVIDER_KINDS.flatMap((kind) =>
      providers[kind].map((offer) => ({
        region,
        kind: kind.toUpperCase(),
        providerId: offer.id,
        providerName: offer.name,
        displayPriority: offer.displayPriority,
      })),
    ),
  );
  await db.$transaction([
    db.$executeRaw`SELECT 1 FROM "Movie" WHERE "id" = ${movieId} FOR UPDATE`,
    db.$executeRaw`DELETE FROM "MovieCertification" WHERE "movieId" = ${movieId}`,
    db.$executeRaw`DELETE FROM "MovieWatchRegion" WHERE "movieId" = ${movieId}`,
    db.$executeRaw`DELETE FROM "MovieProvider" WHERE "movieId" = ${movieId}`,
    db.$executeRaw`INSERT INTO "MovieCertification" ("movieId", "region", "certification", "fetchedAt")
      SELECT ${movieId}, r.region, r.certification, ${fetchedAt}
      FROM jsonb_to_recordset(${JSON.stringify(certifications)}::jsonb) AS r(region text, certification text)`,
    db.$executeRaw`INSERT INTO "MovieWatchRegion" ("movieId", "region", "link", "fetchedAt")
      SELECT ${movieId}, r.region, r.link, ${fetchedAt}
      FROM jsonb_to_recordset(${JSON.stringify(regions)}::jsonb) AS r(region text, link text)`,
    db.$executeRaw`INSERT INTO "MovieProvider" ("movieId", "region", "kind", "providerId", "providerName", "displayPriority")
      SELECT ${movieId}, r.region, r.kind::"ProviderKind", r."providerId", r."providerName", r."displayPriority"
      FROM jsonb_to_recordset(${JSON.stringify(offers)}::jsonb)
        AS r(region text, kind text, "providerId" int, "providerName" text, "displayPriority" int)`,
  ]);
}

/**
 * Caches a film's details with its certifications and watch providers. The row is one INSERT … ON
 * CONFLICT ("tmdbId") (Prisma's upsert): racing API processes cannot duplicate or fail.
 */
export async function saveMovie(db: Db, details: TmdbMovieDetails): Promise<Movie> {
  const fetchedAt = new Date();
  const movie = await saveMovieRow(db, details, fetchedAt);
  await saveWatchData(db, movie.id, details, fetchedAt);
  return movie;
}

async function saveMovieRow(db: Db, details: TmdbMovieDetails, fetchedAt: Date): Promise<Movie> {
  const columns = movieColumns(details, fetchedAt);
  const save = (imdbId: string | null) =>
    db.movie.upsert({
      where: { tmdbId: details.tmdbId },
      create: { tmdbId: details.tmdbId, imdbId, ...columns },
      update: { imdbId, ...columns },
    });
  try {
    return await save(details.imdbId);
  } catch (error) {
    // TMDB merged two entries and both still claim one IMDb id: the movie is cached without it.
    if (details.imdbId && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return save(null);
    throw error;
  }
}

async function loadMovie({ db, tmdb, logger }: MovieDeps, tmdbId: number, lane?: TmdbRequestOptions): Promise<CachedMovie> {
  const cached = await db.movie.findUnique({ where: { tmdbId } });
  // A film stored from a search answer alone (an import) has its details fetched when a person asks for it.
  if (cached && isFresh(cached) && !cached.detailsPending) return { movie: cached, stale: false };
  try {
    return { movie: await saveMovie(db, await tmdb.getMovie(tmdbId, lane)), stale: false };
  } catch (error) {
    // Without TMDB, an old row is still better than nothing; a movie TMDB no longer knows is not.
    if (cached && error instanceof TmdbError && error.kind !== "not_found") {
      logger?.warn("serving a stale cached movie", { tmdbId, reason: error.message });
      return { movie: cached, stale: true };
    }
    throw error;
  }
}

// Concurrent requests for one movie share one load (one TMDB request, one upsert), per database. Loads
// of an import (bulk lane, cancellable) are shared only with each other: a person never waits behind one.
const loading = new WeakMap<Db, Map<string, Promise<CachedMovie>>>();

/** The cached movie, fetched from TMDB when missing or older than CACHE_TTL_DAYS. */
export function getMovie(deps: MovieDeps, tmdbId: number, lane?: TmdbRequestOptions): Promise<CachedMovie> {
  let inFlight = loading.get(deps.db);
  if (!inFlight) {
    inFlight = new Map();
    loading.set(deps.db, inFlight);
  }
  const key = lane?.lane === "bulk" ? `bulk:${tmdbId}` : String(tmdbId);
  const existing = inFlight.get(key);
  if (existing && !lane?.signal) return existing;
  const load = loadMovie(deps, tmdbId, lane).finally(() => {
    if (inFlight.get(key) === load) inFlight.delete(key);
  });
  inFlight.set(key, load);
  return load;
}

/** The caller's rating and queue priority for each of these movies (those with either), in one query. */
export async function userStates(db: Db, userId: string, tmdbIds: number[]) {
  if (tmdbIds.length === 0) return new Map<number, { rating: Rating | null; priority: Priority | null }>();
  const rows = await db.$queryRaw<Array<{ tmdbId: number; rating: Rating | null; priority: Priority | null }>>`
    SELECT m."tmdbId", um."rating"::text AS "rating", w."priority"::text AS "priority"
    FROM "Movie" m
    LEFT JOIN "UserMovie" um ON um."movieId" = m."id" AND um."userId" = ${userId}
    LEFT JOIN "Watchlist" w ON w."movieId" = m."id" AND w."userId" = ${userId}
    WHERE m."tmdbId" = ANY(${tmdbIds}::int[]) AND (um."id" IS NOT NULL OR w."id" IS NOT NULL)`;
  return new Map(rows.map((row) => [row.tmdbId, { rating: row.rating, priority: row.priority }]));
}

type ResultWithoutState = Omit<SearchResult, "myRating" | "queued">;

async function markStates(db: Db, userId: string, results: ResultWithoutState[]): Promise<SearchResult[]> {
  const states = await userStates(
    db,
    userId,
    results.map((result) => result.tmdbId),
  );
  return results.map((result) => {
    const state = states.get(result.tmdbId);
    return { ...result, myRating: state?.rating ?? null, queued: state?.priority ?? null };
  });
}

async function genreNames(tmdb: TmdbClient): Promise<Map<number, string>> {
  try {
    return new Map((await tmdb.getGenres()).map((genre) => [genre.id, genre.name]));
  } catch {
    // The search results still stand without genre names.
    return new Map();
  }
}

/** Lower case without accents, as the SQL fallback below compares titles. */
function foldText(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}
const ACCENTED = "àáâãäåāăąçćčďèéêëēėęěìíîïīįñńňòóôõöōőŕřśšşťùúûüūůűýÿžźż";
// SQL's translate() folds the accents (upper case too: lower() may only know ASCII in a "C" database).
const FOLD_FROM = ACCENTED + ACCENTED.toUpperCase();
const FOLD_TO = [...FOLD_FROM].map(foldText).join("");

/** Title search in the local cache (used when TMDB is unavailable): every word, any case, any accent. */
async function searchCache(db: Db, query: string, year: number | undefined, page: number) {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  const foldedTitle = Prisma.sql`lower(translate("title", ${FOLD_FROM}, ${FOLD_TO}))`;
  const conditions = words.map((word) => Prisma.sql`${foldedTitle} LIKE ${`%${word.replace(/[\\%_]/g, "\\$&")}%`}`);
  if (year) conditions.push(Prisma.sql`"releaseDate" LIKE ${`${year}-%`}`);
  const where = conditions.length > 0 ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
  const [rows, [{ count }]] = await Promise.all([
    db.$queryRaw<Movie[]>`SELECT * FROM "Movie" WHERE ${where}
      ORDER BY (${foldedTitle} = ${words.join(" ")}) DESC, "title", "releaseDate" DESC
      LIMIT ${LOCAL_PAGE_SIZE} OFFSET ${(page - 1) * LOCAL_PAGE_SIZE}`,
    db.$queryRaw<Array<{ count: number }>>`SELECT count(*)::int AS count FROM "Movie" WHERE ${where}`,
  ]);
  return { rows, count };
}

function cachedResult(movie: Movie): ResultWithoutState {
  return { ...toMovieJson(movie), originalTitle: null, popularity: null, voteCount: null };
}

/**
 * TMDB search, each result marked with the caller's rating and queue priority. When TMDB is
 * unavailable or rate-limited, searches the titles of the local cache instead (source "cache").
 */
export async function searchMovies(
  deps: MovieDeps,
  userId: string,
  { query, year, page = 1 }: { query: string; year?: number; page?: number },
): Promise<SearchPage> {
  try {
    const [found, genres] = await Promise.all([deps.tmdb.searchMovies(query, { year, page }), genreNames(deps.tmdb)]);
    const results = found.results.map(
      (movie): ResultWithoutState => ({
        tmdbId: movie.tmdbId,
        title: movie.title,
        originalTitle: movie.originalTitle,
        year: yearOf(movie.releaseDate),
        releaseDate: movie.releaseDate,
        overview: movie.overview,
        posterPath: movie.posterPath,
        posterUrl: imageUrl(movie.posterPath, POSTER_SIZE),
        genres: movie.genreIds.flatMap((id) => (genres.has(id) ? [{ id, name: genres.get(id)! }] : [])),
        director: null,
        directors: [],
        cast: [],
        runtime: null,
        originalLanguage: movie.originalLanguage ?? null,
        // Search results carry no countries or certifications (that would be a details call each).
        countries: [],
        certification: null,
        popularity: movie.popularity,
        voteCount: movie.voteCount ?? null,
      }),
    );
    return {
      page: found.page,
      totalPages: found.totalPages,
      totalResults: found.totalResults,
      source: "tmdb",
      results: await markStates(deps.db, userId, results),
    };
  } catch (error) {
    if (!(error instanceof TmdbError) || (error.kind !== "unavailable" && error.kind !== "rate_limited")) throw error;
    deps.logger?.warn("TMDB unavailable, searching the local cache", { query, reason: error.message });
    const { rows, count } = await searchCache(deps.db, query, year, page);
    return {
      page,
      totalPages: Math.max(1, Math.ceil(count / LOCAL_PAGE_SIZE)),
      totalResults: count,
      source: "cache",
      results: await markStates(deps.db, userId, rows.map(cachedResult)),
    };
  }
}
