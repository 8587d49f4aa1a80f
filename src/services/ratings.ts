import { type Db, Prisma, type Rating } from "../db/client.js";
import { primaryOf } from "../db/replicas.js";
import { startActivity } from "./activity.js";
import { NotFoundError } from "./errors.js";
import { MOVIE_JSON_COLUMNS, type MovieJson, type MovieJsonColumns, toMovieJson } from "./movie-json.js";
import { freshSince, getMovie, type MovieDeps } from "./movies.js";
import { decodeCursor, type Page, type PageRequest, toPage } from "./paging.js";
import { lockUserMovie, TRANSACTION_OPTIONS } from "./user-movie-lock.js";

export interface RatingEntryJson {
  movie: MovieJson;
  rating: Rating;
  watched: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type RatingSort = "rated" | "title" | "year";

// Each order ends on the row's id, so that a page's last row is a position no other row shares.
const orderBy = {
  rated: Prisma.sql`ORDER BY um."updatedAt" DESC, um."id" DESC`,
  title: Prisma.sql`ORDER BY m."title" ASC, um."id" ASC`,
  year: Prisma.sql`ORDER BY m."releaseDate" DESC NULLS LAST, m."title" ASC, um."id" ASC`,
} as const;

/** The rows after a page's last one, in each order (the cursor names its order: one order's cursor is refused by another). */
function afterCursor(sort: RatingSort, cursor: string | undefined): Prisma.Sql {
  if (cursor === undefined) return Prisma.empty;
  if (sort === "rated") {
    const [updatedAt, id] = decodeCursor(cursor, ["instant", "string"] as const, sort);
    return Prisma.sql`AND (um."updatedAt", um."id") < (${updatedAt}::timestamptz AT TIME ZONE 'UTC', ${id})`;
  }
  if (sort === "title") {
    const [title, id] = decodeCursor(cursor, ["string", "string"] as const, sort);
    return Prisma.sql`AND (m."title", um."id") > (${title}, ${id})`;
  }
  const [releaseDate, title, id] = decodeCursor(cursor, ["string?", "string", "string"] as const, sort);
  const sameDateAfter = Prisma.sql`(m."title", um."id") > (${title}, ${id})`;
  // Undated films come last (NULLS LAST): after an undated row only undated ones follow.
  return releaseDate === null
    ? Prisma.sql`AND m."releaseDate" IS NULL AND ${sameDateAfter}`
    : Prisma.sql`AND (m."releaseDate" < ${releaseDate} OR m."releaseDate" IS NULL OR (m."releaseDate" = ${releaseDate} AND ${sameDateAfter}))`;
}

type RatingRow = { rating: Rating; watched: boolean; createdAt: Date; updatedAt: Date; movie: MovieJsonColumns };

export function toRatingJson(row: RatingRow): RatingEntryJson {
  return { movie: toMovieJson(row.movie), rating: row.rating, watched: row.watched, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** The ratings with their movies, a page at a time: one hand-shaped query (a hot path; Prisma's findMany costs twice the CPU). */
export async function listRatings(
  db: Db,
  userId: string,
  options: { ratings?: Rating[]; sort?: RatingSort } & PageRequest = {},
): Promise<Page<RatingEntryJson>> {
  const sort = options.sort ?? "rated";
  const rows = await db.$queryRaw<Array<MovieJsonColumns & Omit<RatingRow, "movie"> & { id: string }>>`
    SELECT um."id", um."rating"::text AS "rating", um."watched", um."createdAt", um."updatedAt", ${MOVIE_JSON_COLUMNS}
    FROM "UserMovie" um JOIN "Movie" m ON m."id" = um."movieId"
    WHERE um."userId" = ${userId} ${options.ratings ? Prisma.sql`AND um."rating"::text = ANY(${options.ratings})` : Prisma.empty}
    ${afterCursor(sort, options.cursor)}
    ${orderBy[sort]}
    ${options.limit ? Prisma.sql`LIMIT ${options.limit + 1}` : Prisma.empty}`;
  return toPage(
    rows,
    options.limit,
    (row) => [sort, ...sortKey[sort](row)],
    (row) => ({ movie: toMovieJson(row), rating: row.rating, watched: row.watched, createdAt: row.createdAt, updatedAt: row.updatedAt }),
  );
}

const sortKey: Record<RatingSort, (row: MovieJsonColumns & { id: string; updatedAt: Date }) => (string | null)[]> = {
  rated: (row) => [row.updatedAt.toISOString(), row.id],
  title: (row) => [row.title, row.id],
  year: (row) => [row.releaseDate, row.title, row.id],
};

/**
 * Rates a movie (upsert) and takes it off the caller's watchlist in the same transaction: this is
 * `PUT /ratings/:tmdbId` (docs/data-model.md, Invariants). Either both happen or neither.
 * A hot path: with the film cached and fresh it is one statement, rate_movie (the lock, the activity,
 * the unqueue and the upsert; migration `rating_in_one_statement`) joined to the film's row. An
 * interactive transaction took six round trips and Prisma's work for each.
 */
export async function recordRating(
  deps: MovieDeps,
  userId: string,
  tmdbId: number,
  rating: Rating,
): Promise<RatingEntryJson & { removedFromQueue: boolean }> {
  // A write: never on a read replica, which takes raw queries outside a transaction for reads.
  const db = primaryOf(deps.db);
  const rate = (film: Prisma.Sql) => db.$queryRaw<Array<MovieJsonColumns & RatedColumns>>`
    SELECT ${MOVIE_JSON_COLUMNS}, r.*
    FROM "Movie" m LEFT JOIN LATERAL rate_movie(${userId}, m."id", ${rating}::"Rating") r ON true
    WHERE ${film}`;
  let [row] = await rate(Prisma.sql`m."tmdbId" = ${tmdbId} AND m."lastUpdated" > ${freshSince()}::timestamptz AT TIME ZONE 'UTC'`);
  if (!row) {
    // Not cached, or older than CACHE_TTL_DAYS: TMDB first (a stale row when TMDB cannot answer).
    const { movie } = await getMovie(deps, tmdbId);
    [row] = await rate(Prisma.sql`m."id" = ${movie.id}`);
  }
  if (!row?.rating) throw new NotFoundError("your account no longer exists");
  const { rating: rated, watched, createdAt, updatedAt, removedFromQueue } = row;
  return { ...toRatingJson({ rating: rated, watched, createdAt, updatedAt, movie: row }), removedFromQueue };
}

/** What rate_movie answers; all null when the account no longer exists. */
type RatedColumns = { rating: Rating | null; watched: boolean; createdAt: Date; updatedAt: Date; removedFromQueue: boolean };

export async function removeRating(db: Db, userId: string, tmdbId: number): Promise<void> {
  const notRated = () => new NotFoundError(`no rating for movie ${tmdbId}`);
  await db.$transaction(async (tx) => {
    const row = await tx.userMovie.findFirst({ where: { userId, movie: { tmdbId } }, select: { id: true, movieId: true } });
    if (!row) throw notRated();
    await lockUserMovie(tx, userId, row.movieId);
    await startActivity(tx, { userId, action: "unrate", movieId: row.movieId });
    const { count } = await tx.userMovie.deleteMany({ where: { id: row.id } });
    if (count === 0) throw notRated(); // removed meanwhile
  }, TRANSACTION_OPTIONS);
}
