import { type Db, type Priority, Prisma } from "../db/client.js";
import { startActivity } from "./activity.js";
import { ConflictError, NotFoundError } from "./errors.js";
import { type FilmFilter, filmFilterSql } from "./film-filters.js";
import { MOVIE_JSON_COLUMNS, type MovieJson, type MovieJsonColumns, toMovieJson, yearOf } from "./movie-json.js";
import { getMovie, type MovieDeps } from "./movies.js";
import { lockUserMovie, TRANSACTION_OPTIONS } from "./user-movie-lock.js";

export interface WatchlistEntryJson {
  movie: MovieJson;
  priority: Priority;
  addedAt: Date;
}

export type WatchlistSort = "priority" | "added" | "title";

// Priority is a PostgreSQL enum declared LOW, MEDIUM, HIGH: descending order is HIGH first.
const orderBy = {
  priority: Prisma.sql`ORDER BY w."priority" DESC, w."addedAt" DESC`,
  added: Prisma.sql`ORDER BY w."addedAt" DESC`,
  title: Prisma.sql`ORDER BY m."title" ASC`,
} as const;

type WatchlistRow = { priority: Priority; addedAt: Date; movie: MovieJsonColumns };

export function toWatchlistJson(row: WatchlistRow): WatchlistEntryJson {
  return { movie: toMovieJson(row.movie), priority: row.priority, addedAt: row.addedAt };
}

/** The watchlist with its movies: one hand-shaped query (a hot path; Prisma's findMany costs twice the CPU). */
export async function listWatchlist(
  db: Db,
  userId: string,
  options: { priority?: Priority; sort?: WatchlistSort; limit?: number; filter?: FilmFilter } = {},
): Promise<WatchlistEntryJson[]> {
  const rows = await db.$queryRaw<Array<MovieJsonColumns & { priority: Priority; addedAt: Date }>>`
    SELECT w."priority"::text AS "priority", w."addedAt", ${MOVIE_JSON_COLUMNS}
    FROM "Watchlist" w JOIN "Movie" m ON m."id" = w."movieId"
    WHERE w."userId" = ${userId} ${options.priority ? Prisma.sql`AND w."priority" = ${options.priority}::"Priority"` : Prisma.empty}
    ${filmFilterSql(options.filter)}
    ${orderBy[options.sort ?? "priority"]}
    ${options.limit ? Prisma.sql`LIMIT ${options.limit}` : Prisma.empty}`;
  return rows.map((row) => ({ movie: toMovieJson(row), priority: row.priority, addedAt: row.addedAt }));
}

/**
 * Adds a movie to the watchlist or changes its priority (without one: MEDIUM for a new entry, the
 * old priority kept). A rated movie is refused: a movie is never both rated and queued.
 */
export async function queueMovie(
  deps: MovieDeps,
  userId: string,
  tmdbId: number,
  priority?: Priority,
): Promise<WatchlistEntryJson & { created: boolean }> {
  const { movie } = await getMovie(deps, tmdbId);
  return deps.db.$transaction(async (tx) => {
    await lockUserMovie(tx, userId, movie.id);
    const rated = await tx.userMovie.findUnique({ where: { userId_movieId: { userId, movieId: movie.id } }, select: { rating: true } });
    if (rated) {
      const year = yearOf(movie.releaseDate);
      throw new ConflictError(
        "already_rated",
        `${movie.title}${year ? ` (${year})` : ""} is already rated ${rated.rating}; remove the rating to queue it again`,
      );
    }
    await startActivity(tx, { userId, action: "queue", movieId: movie.id });
    const existing = await tx.watchlist.findUnique({ where: { userId_movieId: { userId, movieId: movie.id } }, select: { id: true } });
    const entry = await tx.watchlist.upsert({
      where: { userId_movieId: { userId, movieId: movie.id } },
      create: { userId, movieId: movie.id, priority: priority ?? "MEDIUM" },
      update: priority ? { priority } : {},
      include: { movie: true },
    });
    return { ...toWatchlistJson(entry), created: !existing };
  }, TRANSACTION_OPTIONS);
}

export async function unqueueMovie(db: Db, userId: string, tmdbId: number): Promise<void> {
  const notQueued = () => new NotFoundError(`movie ${tmdbId} is not on your watchlist`);
  await db.$transaction(async (tx) => {
    const row = await tx.watchlist.findFirst({ where: { userId, movie: { tmdbId } }, select: { id: true, movieId: true } });
    if (!row) throw notQueued();
    await lockUserMovie(tx, userId, row.movieId);
    await startActivity(tx, { userId, action: "unqueue", movieId: row.movieId });
    const { count } = await tx.watchlist.deleteMany({ where: { id: row.id } });
    if (count === 0) throw notQueued(); // removed meanwhile
  }, TRANSACTION_OPTIONS);
}
