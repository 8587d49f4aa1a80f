import { type Db, type Priority, Prisma } from "../db/client.js";
import { startActivity } from "./activity.js";
import { ConflictError, NotFoundError } from "./errors.js";
import { type FilmFilter, filmFilterSql } from "./film-filters.js";
import { MOVIE_JSON_COLUMNS, type MovieJson, type MovieJsonColumns, toMovieJson, yearOf } from "./movie-json.js";
import { getMovie, type MovieDeps } from "./movies.js";
import { decodeCursor, notACursor, type Page, type PageRequest, toPage } from "./paging.js";
import { lockUserMovie, TRANSACTION_OPTIONS } from "./user-movie-lock.js";

export interface WatchlistEntryJson {
  movie: MovieJson;
  priority: Priority;
  addedAt: Date;
}

export type WatchlistSort = "priority" | "added" | "title";

// Priority is a PostgreSQL enum declared LOW, MEDIUM, HIGH: descending order is HIGH first. Each
// order ends on the row's id, so that a page's last row is a position no other row shares.
const orderBy = {
  priority: Prisma.sql`ORDER BY w."priority" DESC, w."addedAt" DESC, w."id" DESC`,
  added: Prisma.sql`ORDER BY w."addedAt" DESC, w."id" DESC`,
  title: Prisma.sql`ORDER BY m."title" ASC, w."id" ASC`,
} as const;

const PRIORITIES: readonly string[] = ["LOW", "MEDIUM", "HIGH"] satisfies Priority[];

/** The rows after a page's last one, in each order (the cursor names its order: one order's cursor is refused by another). */
function afterCursor(sort: WatchlistSort, cursor: string | undefined): Prisma.Sql {
  if (cursor === undefined) return Prisma.empty;
  if (sort === "priority") {
    const [priority, addedAt, id] = decodeCursor(cursor, ["string", "instant", "string"] as const, sort);
    if (!PRIORITIES.includes(priority)) throw notACursor();
    return Prisma.sql`AND (w."priority", w."addedAt", w."id") < (${priority}::"Priority", ${addedAt}::timestamptz AT TIME ZONE 'UTC', ${id})`;
  }
  if (sort === "added") {
    const [addedAt, id] = decodeCursor(cursor, ["instant", "string"] as const, sort);
    return Prisma.sql`AND (w."addedAt", w."id") < (${addedAt}::timestamptz AT TIME ZONE 'UTC', ${id})`;
  }
  const [title, id] = decodeCursor(cursor, ["string", "string"] as const, sort);
  return Prisma.sql`AND (m."title", w."id") > (${title}, ${id})`;
}

const sortKey: Record<WatchlistSort, (row: { id: string; priority: Priority; addedAt: Date; title: string }) => string[]> = {
  priority: (row) => [row.priority, row.addedAt.toISOString(), row.id],
  added: (row) => [row.addedAt.toISOString(), row.id],
  title: (row) => [row.title, row.id],
};

type WatchlistRow = { priority: Priority; addedAt: Date; movie: MovieJsonColumns };

export function toWatchlistJson(row: WatchlistRow): WatchlistEntryJson {
  return { movie: toMovieJson(row.movie), priority: row.priority, addedAt: row.addedAt };
}

/** The watchlist with its movies, a page at a time: one hand-shaped query (a hot path; Prisma's findMany costs twice the CPU). */
export async function listWatchlist(
  db: Db,
  userId: string,
  options: { priority?: Priority; sort?: WatchlistSort; filter?: FilmFilter } & PageRequest = {},
): Promise<Page<WatchlistEntryJson>> {
  const sort = options.sort ?? "priority";
  const rows = await db.$queryRaw<Array<MovieJsonColumns & { id: string; priority: Priority; addedAt: Date }>>`
    SELECT w."id", w."priority"::text AS "priority", w."addedAt", ${MOVIE_JSON_COLUMNS}
    FROM "Watchlist" w JOIN "Movie" m ON m."id" = w."movieId"
    WHERE w."userId" = ${userId} ${options.priority ? Prisma.sql`AND w."priority" = ${options.priority}::"Priority"` : Prisma.empty}
    ${filmFilterSql(options.filter)}
    ${afterCursor(sort, options.cursor)}
    ${orderBy[sort]}
    ${options.limit ? Prisma.sql`LIMIT ${options.limit + 1}` : Prisma.empty}`;
  return toPage(
    rows,
    options.limit,
    (row) => [sort, ...sortKey[sort](row)],
    (row) => ({ movie: toMovieJson(row), priority: row.priority, addedAt: row.addedAt }),
  );
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
