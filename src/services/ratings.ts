import type { AppDeps } from "../api/context.js";
import type { Db, Rating } from "../db/client.js";
import { startActivity } from "./activity.js";
import { NotFoundError } from "./errors.js";
import { type MovieJson, toMovieJson } from "./movie-json.js";
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
  rated: [{ updatedAt: "desc" }],
  title: [{ movie: { title: "asc" } }],
  year: [{ movie: { releaseDate: { sort: "desc", nulls: "last" } } }, { movie: { title: "asc" } }],
} as const;

type RatingRow = { rating: Rating; watched: boolean; createdAt: Date; updatedAt: Date; movie: Parameters<typeof toMovieJson>[0] };

export function toRatingJson(row: RatingRow): RatingEntryJson {
  return { movie: toMovieJson(row.movie), rating: row.rating, watched: row.watched, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

export async function listRatings(
  db: Db,
  userId: string,
  options: { ratings?: Rating[]; sort?: RatingSort; limit?: number } = {},
): Promise<RatingEntryJson[]> {
  const rows = await db.userMovie.findMany({
    where: { userId, ...(options.ratings ? { rating: { in: options.ratings } } : {}) },
    include: { movie: true },
    orderBy: [...orderBy[options.sort ?? "rated"]],
    take: options.limit,
  });
  return rows.map(toRatingJson);
}

/**
 * Rates a movie (upsert) and takes it off the caller's watchlist in the same transaction: this is
 * both `PUT /ratings/:tmdbId` and mark-watched (docs/data-model.md, Invariants). Either both happen or neither.
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
    const entry = await tx.userMovie.upsert({
      where: { userId_movieId: { userId, movieId: movie.id } },
      create: { userId, movieId: movie.id, rating, watched: true },
      update: { rating, watched: true },
      include: { movie: true },
    });
    const removed = await tx.watchlist.deleteMany({ where: { userId, movieId: movie.id } });
    return { ...toRatingJson(entry), removedFromQueue: removed.count > 0 };
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
