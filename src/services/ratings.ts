import { randomUUID } from "node:crypto";
import type { AppDeps } from "../api/context.js";
import { type Db, Prisma, type Rating } from "../db/client.js";
import { startActivity } from "./activity.js";
import { NotFoundError } from "./errors.js";
import { MOVIE_JSON_COLUMNS, type MovieJson, type MovieJsonColumns, toMovieJson } from "./movie-json.js";
import { getMovie } from "./movies.js";
import { lockUserMovie, TRANSACTION_OPTIONS } from "./user-movie-lock.js";

export interface RatingEntryJson {
  movie: MovieJson;
  rating: Rating;
  watched: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type RatingSort = "rated" | "title" | "year";

const orderBy = {
  rated: Prisma.sql`ORDER BY um."updatedAt" DESC`,
  title: Prisma.sql`ORDER BY m."title" ASC`,
  year: Prisma.sql`ORDER BY m."releaseDate" DESC NULLS LAST, m."title" ASC`,
} as const;

type RatingRow = { rating: Rating; watched: boolean; createdAt: Date; updatedAt: Date; movie: MovieJsonColumns };

export function toRatingJson(row: RatingRow): RatingEntryJson {
  return { movie: toMovieJson(row.movie), rating: row.rating, watched: row.watched, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** The ratings with their movies: one hand-shaped query (a hot path; Prisma's findMany costs twice the CPU). */
export async function listRatings(
  db: Db,
  userId: string,
  options: { ratings?: Rating[]; sort?: RatingSort; limit?: number } = {},
): Promise<RatingEntryJson[]> {
  const rows = await db.$queryRaw<Array<MovieJsonColumns & Omit<RatingRow, "movie">>>`
    SELECT um."rating"::text AS "rating", um."watched", um."createdAt", um."updatedAt", ${MOVIE_JSON_COLUMNS}
    FROM "UserMovie" um JOIN "Movie" m ON m."id" = um."movieId"
    WHERE um."userId" = ${userId} ${options.ratings ? Prisma.sql`AND um."rating"::text = ANY(${options.ratings})` : Prisma.empty}
    ${orderBy[options.sort ?? "rated"]}
    ${options.limit ? Prisma.sql`LIMIT ${options.limit}` : Prisma.empty}`;
  return rows.map((row) => ({
    movie: toMovieJson(row),
    rating: row.rating,
    watched: row.watched,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

/**
 * Rates a movie (upsert) and takes it off the caller's watchlist in the same transaction: this is
 * both `PUT /ratings/:tmdbId` and mark-watched (docs/data-model.md, Invariants). Either both happen or neither.
 * One statement after the lock (Prisma's upsert with an include is four: select, insert or update,
 * select, select the movie; the movie is known already): a hot path, 9 round trips down to 5.
 */
export async function recordRating(
  deps: Pick<AppDeps, "db" | "tmdb">,
  userId: string,
  tmdbId: number,
  rating: Rating,
): Promise<RatingEntryJson & { removedFromQueue: boolean }> {
  const { movie } = await getMovie(deps, tmdbId);
  return deps.db.$transaction(async (tx) => {
    await lockUserMovie(tx, userId, movie.id);
    await startActivity(tx, { userId, action: "rate", movieId: movie.id });
    // The account is checked in the statement: one deleted meanwhile writes nothing (no foreign-key error).
    const [row] = await tx.$queryRaw<Array<Omit<RatingEntryJson, "movie"> & { removedFromQueue: boolean }>>`
      WITH rated AS (
        INSERT INTO "UserMovie" ("id", "userId", "movieId", "rating", "watched", "updatedAt")
        SELECT ${randomUUID()}, u."id", ${movie.id}, ${rating}::"Rating", true, now() FROM "User" u WHERE u."id" = ${userId}
        ON CONFLICT ("userId", "movieId") DO UPDATE SET "rating" = excluded."rating", "watched" = true, "updatedAt" = excluded."updatedAt"
        RETURNING "rating"::text AS "rating", "watched", "createdAt", "updatedAt"
      ),
      unqueued AS (
        DELETE FROM "Watchlist" w USING rated WHERE w."userId" = ${userId} AND w."movieId" = ${movie.id} RETURNING 1
      )
      SELECT rated.*, EXISTS (SELECT 1 FROM unqueued) AS "removedFromQueue" FROM rated`;
    if (!row) throw new NotFoundError("your account no longer exists");
    const { removedFromQueue, ...entry } = row;
    return { ...toRatingJson({ ...entry, movie }), removedFromQueue };
  }, TRANSACTION_OPTIONS);
}

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
