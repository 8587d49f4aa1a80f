// Reviews of viewings and the comments under them. A review belongs to one viewing (a rewatch can have
// its own); who may read one is the author's visibility (the gate, src/services/visibility.ts), and
// who may comment is the author and their friends among those who can read it.
import { type Db, Prisma } from "../db/client.js";
import { startActivity } from "./activity.js";
import { NotFoundError } from "./errors.js";
import { dateToDay, dayToDate, today } from "./history.js";
import { type MovieJson, toMovieJson } from "./movie-json.js";
import { getMovie, type MovieDeps } from "./movies.js";
import { lockUserMovie, TRANSACTION_OPTIONS } from "./user-movie-lock.js";
import { requireVisibleOwner, visibleToSql } from "./visibility.js";

export interface CommentJson {
  id: string;
  author: string;
  text: string;
  at: Date;
}

export interface ReviewJson {
  movie: MovieJson;
  author: string;
  text: string;
  spoilers: boolean;
  watchedOn: string | null;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  comments: CommentJson[];
}

const reviewInclude = {
  movie: true,
  user: { select: { username: true } },
  viewing: { select: { watchedOn: true, tags: { orderBy: { key: "asc" }, select: { tag: true } } } },
  comments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { author: { select: { username: true } } } },
} as const satisfies Prisma.ReviewInclude;

type ReviewRow = Prisma.ReviewGetPayload<{ include: typeof reviewInclude }>;

function toReviewJson(row: ReviewRow): ReviewJson {
  return {
    movie: toMovieJson(row.movie),
    author: row.user.username,
    text: row.text,
    spoilers: row.spoilers,
    watchedOn: dateToDay(row.viewing.watchedOn),
    tags: row.viewing.tags.map((tag) => tag.tag),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    comments: row.comments.map((comment) => ({
      id: comment.id,
      author: comment.author.username,
      text: comment.text,
      at: comment.createdAt,
    })),
  };
}

/**
 * Writes the review of a viewing of the film: the viewing of `watchedOn` (the latest of that day), else
 * the latest viewing; with none, a viewing is recorded (that day, or today) and the film leaves the
 * queue, as `watched` does. Reviewing the same viewing again replaces the text and the spoilers flag.
 */
export async function writeReview(
  deps: MovieDeps,
  userId: string,
  tmdbId: number,
  input: { text: string; spoilers?: boolean; watchedOn?: string },
): Promise<ReviewJson & { created: boolean }> {
  const { movie } = await getMovie(deps, tmdbId);
  return deps.db.$transaction(async (tx) => {
    await lockUserMovie(tx, userId, movie.id);
    await startActivity(tx, { userId, action: "review", movieId: movie.id });
    const onDay = input.watchedOn === undefined ? {} : { watchedOn: dayToDate(input.watchedOn) };
    let viewing = await tx.viewing.findFirst({
      where: { userId, movieId: movie.id, ...onDay },
      orderBy: [{ watchedOn: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    if (!viewing) {
      const seenBefore = await tx.viewing.count({ where: { userId, movieId: movie.id } });
      viewing = await tx.viewing.create({
        data: { userId, movieId: movie.id, watchedOn: dayToDate(input.watchedOn ?? today()), rewatch: seenBefore > 0 },
        select: { id: true },
      });
      await tx.watchlist.deleteMany({ where: { userId, movieId: movie.id } });
    }
    const existing = await tx.review.findUnique({ where: { viewingId: viewing.id }, select: { id: true } });
    const review = await tx.review.upsert({
      where: { viewingId: viewing.id },
      create: { viewingId: viewing.id, userId, movieId: movie.id, text: input.text, spoilers: input.spoilers ?? false },
      update: { text: input.text, spoilers: input.spoilers ?? false },
      include: reviewInclude,
    });
    return { ...toReviewJson(review), created: existing === null };
  }, TRANSACTION_OPTIONS);
}

/**
 * Reviews, newest first: the caller's own; with `of`, that member's as their visibility allows (else
 * the gate's 404); with `friends`, the caller's and those of friends whose visibility lets the caller
 * read them. `tmdbId` narrows to one film.
 */
export async function listReviews(
  db: Db,
  viewerId: string,
  options: { of?: string; tmdbId?: number; friends?: boolean; limit?: number } = {},
): Promise<ReviewJson[]> {
  let authors: Prisma.ReviewWhereInput;
  if (options.of !== undefined) {
    authors = { userId: (await requireVisibleOwner(db, viewerId, options.of)).id };
  } else if (options.friends) {
    authors = { userId: { in: [viewerId, ...(await readableFriendIds(db, viewerId))] } };
  } else {
    authors = { userId: viewerId };
  }
  const rows = await db.review.findMany({
    where: { ...authors, ...(options.tmdbId === undefined ? {} : { movie: { tmdbId: options.tmdbId } }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit,
    include: reviewInclude,
  });
  return rows.map(toReviewJson);
}

/** Accepted friends of the viewer whose visibility lets the viewer read their reviews. */
async function readableFriendIds(db: Db, viewerId: string): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT CASE WHEN f."requesterId" = ${viewerId} THEN f."addresseeId" ELSE f."requesterId" END AS "id"
    FROM "Friendship" f
    WHERE f."status" = 'ACCEPTED' AND (f."requesterId" = ${viewerId} OR f."addresseeId" = ${viewerId})
      AND ${visibleToSql(viewerId, Prisma.sql`CASE WHEN f."requesterId" = ${viewerId} THEN f."addresseeId" ELSE f."requesterId" END`)}`;
  return rows.map((row) => row.id);
}

/**
 * A comment under `author`'s latest review of the film. Only the author and friends who can read the
 * review may comment; anyone else, and a missing review, get the same 404.
 */
export async function addComment(db: Db, userId: string, author: string, tmdbId: number, text: string): Promise<CommentJson> {
  const owner = await requireVisibleOwner(db, userId, author);
  const noReview = new NotFoundError(`${author} has no review of this film you may comment on`);
  if (owner.relation !== "self" && owner.relation !== "friend") throw noReview;
  return db.$transaction(async (tx) => {
    const review = await tx.review.findFirst({
      where: { userId: owner.id, movie: { tmdbId } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, movieId: true },
    });
    if (!review) throw noReview;
    await startActivity(tx, { userId, action: "comment", movieId: review.movieId, detail: owner.username });
    const comment = await tx.reviewComment.create({
      data: { reviewId: review.id, authorId: userId, text },
      include: { author: { select: { username: true } } },
    });
    return { id: comment.id, author: comment.author.username, text: comment.text, at: comment.createdAt };
  }, TRANSACTION_OPTIONS);
}

/** Deletes a comment: its writer may, and so may the author of the review it is under. */
export async function deleteComment(db: Db, userId: string, commentId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const comment = await tx.reviewComment.findFirst({
      where: { id: commentId, OR: [{ authorId: userId }, { review: { userId } }] },
      select: { id: true, review: { select: { movieId: true, user: { select: { username: true } } } } },
    });
    if (!comment) throw new NotFoundError(`no comment ${commentId} that you may delete`);
    await startActivity(tx, { userId, action: "uncomment", movieId: comment.review.movieId, detail: comment.review.user.username });
    await tx.reviewComment.delete({ where: { id: comment.id } });
  }, TRANSACTION_OPTIONS);
}
