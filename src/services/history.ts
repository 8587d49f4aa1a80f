// The viewing history (the spec's "Viewing History" enhancement): every viewing of a film, separate
// from its rating, dated or not, a second viewing of a film being a rewatch.
import { type Db, Prisma, type Rating } from "../db/client.js";
import { startActivity } from "./activity.js";
import { ConflictError } from "./errors.js";
import { type MovieJson, toMovieJson, yearOf } from "./movie-json.js";
import { getMovie, type MovieDeps } from "./movies.js";
import { decodeCursor, type Page, type PageRequest, toPage } from "./paging.js";
import { type RatingEntryJson, toRatingJson } from "./ratings.js";
import { tagViewing } from "./tags.js";
import { tagKey } from "./text.js";
import { lockUserMovie, TRANSACTION_OPTIONS } from "./user-movie-lock.js";

export interface ViewingJson {
  /** YYYY-MM-DD, or null: watched, date unknown. */
  watchedOn: string | null;
  rewatch: boolean;
}

export interface HistoryEntryJson extends ViewingJson {
  movie: MovieJson;
  /** The film's current rating, if it has one. */
  rating: Rating | null;
  /** The viewing's tags, as first written, alphabetically. */
  tags: string[];
  /** The viewing's review text, if it has one. */
  review: string | null;
}

/** A YYYY-MM-DD day as the Date PostgreSQL's DATE column takes (midnight UTC), and back. */
export const dayToDate = (day: string) => new Date(`${day}T00:00:00.000Z`);
export const dateToDay = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

/** Today on the server's clock (UTC): the default date of a viewing. */
export const today = (now = new Date()) => now.toISOString().slice(0, 10);

/** The viewings, newest first, undated ones (date unknown) after every dated one, a page at a time. */
export async function listHistory(
  db: Db,
  userId: string,
  options: { year?: number; tag?: string; tmdbId?: number } & PageRequest = {},
): Promise<Page<HistoryEntryJson>> {
  const inYear =
    options.year === undefined
      ? {}
      : // The year's last day, not the next year's first: year 9999 has no next year in a four-digit date.
        { watchedOn: { gte: dayToDate(`${options.year}-01-01`), lte: dayToDate(`${options.year}-12-31`) } };
  const tagged = options.tag === undefined ? {} : { tags: { some: { key: tagKey(options.tag) } } };
  const rows = await db.viewing.findMany({
    where: {
      userId,
      ...inYear,
      ...tagged,
      ...(options.tmdbId === undefined ? {} : { movie: { tmdbId: options.tmdbId } }),
      ...afterViewing(options.cursor),
    },
    // Newest first; undated viewings after every dated one; the latest recorded first; the id settles ties.
    orderBy: [{ watchedOn: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }, { id: "desc" }],
    take: options.limit === undefined ? undefined : options.limit + 1,
    include: {
      movie: { include: { userMovies: { where: { userId }, select: { rating: true } } } },
      tags: { orderBy: { key: "asc" }, select: { tag: true } },
      review: { select: { text: true } },
    },
  });
  return toPage(
    rows,
    options.limit,
    (row) => [dateToDay(row.watchedOn), row.createdAt.toISOString(), row.id],
    (row) => ({
      movie: toMovieJson(row.movie),
      watchedOn: dateToDay(row.watchedOn),
      rewatch: row.rewatch,
      rating: row.movie.userMovies[0]?.rating ?? null,
      tags: row.tags.map((tag) => tag.tag),
      review: row.review?.text ?? null,
    }),
  );
}

/** The viewings after a page's last one in the history's order (undated ones last: after an undated one, only undated ones). */
function afterViewing(cursor: string | undefined): Prisma.ViewingWhereInput {
  if (cursor === undefined) return {};
  const [day, recorded, id] = decodeCursor(cursor, ["day?", "instant", "string"] as const);
  const createdAt = new Date(recorded);
  const watchedOn = day === null ? null : dayToDate(day);
  const sameDay = { watchedOn, OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
  return watchedOn === null ? sameDay : { OR: [{ watchedOn: { lt: watchedOn } }, { watchedOn: null }, sameDay] };
}

export type WatchedJson = (RatingEntryJson | (Pick<RatingEntryJson, "movie" | "watched"> & { rating: null })) & {
  removedFromQueue: boolean;
  viewing: ViewingJson & { tags: string[] };
};

const viewingTags = async (tx: Prisma.TransactionClient, viewingId: string) =>
  (await tx.viewingTag.findMany({ where: { viewingId }, orderBy: { key: "asc" }, select: { tag: true } })).map((row) => row.tag);

/**
 * Marks a film watched, in one transaction: records a viewing (a rewatch when the film already has
 * one), rates it when a rating is given (an existing rating is kept otherwise) and takes it off the
 * watchlist. Either all of it happens or none. A second viewing on a day the film already has one is
 * refused (409 same_day_viewing) unless `rewatch` says it is meant: the same command run twice is the
 * likelier story. Imports write their viewings elsewhere (import/write.ts) and are not refused.
 */
export async function markWatched(
  deps: MovieDeps,
  userId: string,
  tmdbId: number,
  {
    rating,
    watchedOn = today(),
    tags = [],
    rewatch = false,
  }: { rating?: Rating; watchedOn?: string; tags?: string[]; rewatch?: boolean } = {},
): Promise<WatchedJson> {
  const { movie } = await getMovie(deps, tmdbId);
  return deps.db.$transaction(async (tx) => {
    // The lock makes the check and the insert one step: of two requests at once, the second sees the first's viewing.
    await lockUserMovie(tx, userId, movie.id);
    if (!rewatch && (await tx.viewing.count({ where: { userId, movieId: movie.id, watchedOn: dayToDate(watchedOn) } })) > 0) {
      const year = yearOf(movie.releaseDate);
      throw new ConflictError(
        "same_day_viewing",
        `you already recorded ${movie.title}${year ? ` (${year})` : ""} on ${watchedOn}; rewatch: true records another viewing that day`,
      );
    }
    await startActivity(tx, { userId, action: "watched", movieId: movie.id });
    const seenBefore = await tx.viewing.findFirst({ where: { userId, movieId: movie.id }, select: { id: true } });
    const viewing = await tx.viewing.create({
      data: { userId, movieId: movie.id, watchedOn: dayToDate(watchedOn), rewatch: seenBefore !== null },
    });
    await tagViewing(tx, userId, viewing.id, tags);
    const where = { userId_movieId: { userId, movieId: movie.id } };
    const existing = await tx.userMovie.findUnique({ where, include: { movie: true } });
    let rated = existing;
    if (rating) {
      rated = await tx.userMovie.upsert({
        where,
        create: { userId, movieId: movie.id, rating, watched: true },
        update: { rating, watched: true },
        include: { movie: true },
      });
    } else if (existing && !existing.watched) {
      // A rating kept as "not watched" (an import can say so) is watched now.
      rated = await tx.userMovie.update({ where, data: { watched: true }, include: { movie: true } });
    }
    const removed = await tx.watchlist.deleteMany({ where: { userId, movieId: movie.id } });
    return {
      ...(rated ? toRatingJson(rated) : { movie: toMovieJson(movie), rating: null, watched: true }),
      removedFromQueue: removed.count > 0,
      viewing: { watchedOn: dateToDay(viewing.watchedOn), rewatch: viewing.rewatch, tags: await viewingTags(tx, viewing.id) },
    };
  }, TRANSACTION_OPTIONS);
}

/**
 * The ids (Movie.id) of the films in a user's history, as a subquery: recommendations exclude them,
 * and a household pick can leave out what anyone of the group has seen.
 */
export const viewedMovieIdsSql = (userId: string) => Prisma.sql`SELECT "movieId" FROM "Viewing" WHERE "userId" = ${userId}`;

/** The TMDB ids of the films in any of these users' histories ("films anyone has seen"). */
export async function viewedTmdbIds(db: Db, userIds: string[]): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.$queryRaw<{ tmdbId: number }[]>`
    SELECT DISTINCT m."tmdbId" AS "tmdbId" FROM "Viewing" v JOIN "Movie" m ON m."id" = v."movieId"
    WHERE v."userId" = ANY(${userIds}::text[])`;
  return new Set(rows.map((row) => row.tmdbId));
}
