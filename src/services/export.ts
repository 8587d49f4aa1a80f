// `watchlist export` / GET /export: the whole account, written as it is read. Rows come from the
// database a batch at a time (keyset pagination) and leave as text chunks, so an account of any size
// exports in bounded memory: the API streams the chunks into the response.
import { type Db, type Priority, Prisma, type Rating } from "../db/client.js";
import { csvText } from "../shared/csv.cjs";
import { CSV_COLUMNS, LETTERBOXD_COLUMNS } from "../shared/export-columns.cjs";
import { NotFoundError } from "./errors.js";
import type { ExportDocument } from "./import/document.js";
import { yearOf } from "./movie-json.js";
import { tagsOfViewings } from "./tags.js";
import { visibilityOf } from "./visibility.js";

/** Version 2 = version 1 + `history`; version 3 + `lists`, each viewing's `tags`, `reviews`, `comments` and `profile`. */
export const EXPORT_VERSION = 3;
export const EXPORT_FORMATS = ["json", "csv", "letterboxd"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** Rows read per query. */
export const EXPORT_BATCH_SIZE = 1_000;

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  letterboxd: "text/csv; charset=utf-8",
};

/**
 * Our four levels as Letterboxd stars, each inside the contract's import range of its level
 * (0.5–2 → DISLIKE, 2.5–3 → OK, 3.5–4 → LIKE, 4.5–5 → SUPER_LIKE): a round trip keeps the level.
 */
export const LETTERBOXD_STARS: Record<Rating, number> = { DISLIKE: 1.5, OK: 3, LIKE: 4, SUPER_LIKE: 5 };

export interface ExportCounts {
  ratings: number;
  watchlist: number;
  history: number;
}

// Rows as the queries below answer them: dates already as the text the export writes.
interface FilmColumns {
  id: string;
  tmdbId: number;
  imdbId: string | null;
  title: string;
  releaseDate: string | null;
}
interface RatingRow extends FilmColumns {
  rating: Rating;
  watched: boolean;
  createdAt: string;
  updatedAt: string;
}
interface QueueRow extends FilmColumns {
  priority: Priority;
  addedAt: string;
}
interface ViewingRow extends FilmColumns {
  watchedOn: string | null;
  rewatch: boolean;
  /** The film's rating now, if any (Letterboxd rows carry it). */
  rating: Rating | null;
  /** The viewing's review, if any (Letterboxd rows carry it). */
  review: string | null;
  /** The sort key's date part: the date, or -infinity for an undated viewing (listed first). */
  sortDay: string;
  createdAt: string;
}

interface ReviewRow extends FilmColumns {
  viewingId: string;
  watchedOn: string | null;
  rewatch: boolean;
  text: string;
  spoilers: boolean;
  createdAt: string;
  updatedAt: string;
}
interface CommentRow extends FilmColumns {
  author: string;
  text: string;
  createdAt: string;
}

/** Timestamps (UTC, stored without a zone) as toISOString() writes them. */
const iso = (column: string) => Prisma.raw(`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
const film = Prisma.sql`m."tmdbId" AS "tmdbId", m."imdbId" AS "imdbId", m."title", m."releaseDate" AS "releaseDate"`;

/** The rows after `after`, the last row of the previous batch (keyset pagination): by `alias.time`, then id. */
function afterRow<Row extends { id: string }>(alias: string, time: keyof Row & string, after: Row | undefined): Prisma.Sql {
  if (!after) return Prisma.empty;
  return Prisma.sql`AND (${Prisma.raw(`${alias}."${time}", ${alias}."id"`)}) > (${after[time]}::timestamp, ${after.id})`;
}

// Each query picks its batch from the user's rows alone (narrow rows, a top-N sort), then joins the
// films of that batch only: joining first would read every film of the account for every batch.

/** Ratings, oldest first. `after` is the last row of the previous batch (keyset pagination). */
function ratingBatch(db: Db, userId: string, after: RatingRow | undefined) {
  const next = afterRow("um", "createdAt", after);
  return db.$queryRaw<RatingRow[]>`
    WITH page AS (
      SELECT * FROM "UserMovie" um WHERE um."userId" = ${userId} ${next}
      ORDER BY um."createdAt", um."id" LIMIT ${EXPORT_BATCH_SIZE}
    )
    SELECT um."id", ${film}, um."rating"::text AS rating, um."watched",
           ${iso('um."createdAt"')} AS "createdAt", ${iso('um."updatedAt"')} AS "updatedAt"
    FROM page um JOIN "Movie" m ON m."id" = um."movieId"
    ORDER BY um."createdAt", um."id"`;
}

/** Watchlist entries, oldest first. */
function queueBatch(db: Db, userId: string, after: QueueRow | undefined) {
  const next = afterRow("w", "addedAt", after);
  return db.$queryRaw<QueueRow[]>`
    WITH page AS (
      SELECT * FROM "Watchlist" w WHERE w."userId" = ${userId} ${next} ORDER BY w."addedAt", w."id" LIMIT ${EXPORT_BATCH_SIZE}
    )
    SELECT w."id", ${film}, w."priority"::text AS priority, ${iso('w."addedAt"')} AS "addedAt"
    FROM page w JOIN "Movie" m ON m."id" = w."movieId"
    ORDER BY w."addedAt", w."id"`;
}

/** Viewings in the order they happened: undated ones first (at some unknown time), then by date. */
function viewingBatch(db: Db, userId: string, after: ViewingRow | undefined) {
  const sortDay = Prisma.sql`coalesce(v."watchedOn", '-infinity'::date)`;
  const next = after
    ? Prisma.sql`AND (${sortDay}, v."createdAt", v."id") > (${after.sortDay}::date, ${after.createdAt}::timestamp, ${after.id})`
    : Prisma.empty;
  return db.$queryRaw<ViewingRow[]>`
    WITH page AS (
      SELECT * FROM "Viewing" v WHERE v."userId" = ${userId} ${next} ORDER BY ${sortDay}, v."createdAt", v."id" LIMIT ${EXPORT_BATCH_SIZE}
    )
    SELECT v."id", ${film}, to_char(v."watchedOn", 'YYYY-MM-DD') AS "watchedOn", v."rewatch",
           um."rating"::text AS rating, rv."text" AS review, ${sortDay}::text AS "sortDay", ${iso('v."createdAt"')} AS "createdAt"
    FROM page v JOIN "Movie" m ON m."id" = v."movieId"
      LEFT JOIN "UserMovie" um ON um."userId" = v."userId" AND um."movieId" = v."movieId"
      LEFT JOIN "Review" rv ON rv."viewingId" = v."id"
    ORDER BY ${sortDay}, v."createdAt", v."id"`;
}

/** Rated films with no viewing at all (rated before the history existed, or imported so). */
function ratedNeverViewedBatch(db: Db, userId: string, after: RatingRow | undefined) {
  const next = afterRow("um", "createdAt", after);
  return db.$queryRaw<RatingRow[]>`
    WITH page AS (
      SELECT * FROM "UserMovie" um WHERE um."userId" = ${userId} ${next}
        AND NOT EXISTS (SELECT 1 FROM "Viewing" v WHERE v."userId" = um."userId" AND v."movieId" = um."movieId")
      ORDER BY um."createdAt", um."id" LIMIT ${EXPORT_BATCH_SIZE}
    )
    SELECT um."id", ${film}, um."rating"::text AS rating, um."watched",
           ${iso('um."createdAt"')} AS "createdAt", ${iso('um."updatedAt"')} AS "updatedAt"
    FROM page um JOIN "Movie" m ON m."id" = um."movieId"
    ORDER BY um."createdAt", um."id"`;
}

/** The account's reviews, oldest first, each with its viewing's day and rewatch flag. */
function reviewBatch(db: Db, userId: string, after: ReviewRow | undefined) {
  const next = afterRow("r", "createdAt", after);
  return db.$queryRaw<ReviewRow[]>`
    WITH page AS (
      SELECT * FROM "Review" r WHERE r."userId" = ${userId} ${next} ORDER BY r."createdAt", r."id" LIMIT ${EXPORT_BATCH_SIZE}
    )
    SELECT r."id", ${film}, r."viewingId", to_char(v."watchedOn", 'YYYY-MM-DD') AS "watchedOn", v."rewatch", r."text", r."spoilers",
           ${iso('r."createdAt"')} AS "createdAt", ${iso('r."updatedAt"')} AS "updatedAt"
    FROM page r JOIN "Movie" m ON m."id" = r."movieId" JOIN "Viewing" v ON v."id" = r."viewingId"
    ORDER BY r."createdAt", r."id"`;
}

/** The comments the account wrote, oldest first, with the review (its author and film) each is under. */
function commentBatch(db: Db, userId: string, after: CommentRow | undefined) {
  const next = afterRow("c", "createdAt", after);
  return db.$queryRaw<CommentRow[]>`
    WITH page AS (
      SELECT * FROM "ReviewComment" c WHERE c."authorId" = ${userId} ${next} ORDER BY c."createdAt", c."id" LIMIT ${EXPORT_BATCH_SIZE}
    )
    SELECT c."id", ${film}, u."username" AS "author", c."text", ${iso('c."createdAt"')} AS "createdAt"
    FROM page c JOIN "Review" r ON r."id" = c."reviewId" JOIN "User" u ON u."id" = r."userId" JOIN "Movie" m ON m."id" = r."movieId"
    ORDER BY c."createdAt", c."id"`;
}

/** Every row of a query, a batch at a time. */
async function* batches<Row>(read: (after: Row | undefined) => Promise<Row[]>): AsyncGenerator<Row[]> {
  let after: Row | undefined;
  for (;;) {
    const rows = await read(after);
    if (rows.length > 0) yield rows;
    if (rows.length < EXPORT_BATCH_SIZE) return;
    after = rows.at(-1);
  }
}

const ratingEntry = (row: RatingRow) => ({
  tmdbId: row.tmdbId,
  title: row.title,
  year: yearOf(row.releaseDate),
  rating: row.rating,
  watched: row.watched,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
const queueEntry = (row: QueueRow) => ({
  tmdbId: row.tmdbId,
  title: row.title,
  year: yearOf(row.releaseDate),
  priority: row.priority,
  addedAt: row.addedAt,
});
const historyEntry = (row: ViewingRow | ReviewRow, tags: string[]) => ({
  tmdbId: row.tmdbId,
  title: row.title,
  year: yearOf(row.releaseDate),
  watchedOn: row.watchedOn,
  rewatch: row.rewatch,
  tags,
});
const reviewEntry = (row: ReviewRow, tags: string[]) => ({
  ...historyEntry(row, tags),
  text: row.text,
  spoilers: row.spoilers,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
const commentEntry = (row: CommentRow) => ({
  review: { author: row.author, tmdbId: row.tmdbId, title: row.title, year: yearOf(row.releaseDate) },
  text: row.text,
  at: row.createdAt,
});

/** A batch's lines, each with its viewing's tags (one query a batch). */
const withTags =
  <Row, Line>(db: Db, viewingOf: (row: Row) => string, line: (row: Row, tags: string[]) => Line) =>
  async (rows: Row[]): Promise<Line[]> => {
    const tags = await tagsOfViewings(db, rows.map(viewingOf));
    return rows.map((row) => line(row, tags.get(viewingOf(row)) ?? []));
  };

async function accountOf(db: Db, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { username: true, email: true } });
  if (!user) throw new NotFoundError("account not found");
  return user;
}

export async function exportCounts(db: Db, userId: string): Promise<ExportCounts> {
  const [ratings, watchlist, history] = await Promise.all([
    db.userMovie.count({ where: { userId } }),
    db.watchlist.count({ where: { userId } }),
    db.viewing.count({ where: { userId } }),
  ]);
  return { ratings, watchlist, history };
}

/** The export in `format`, as text chunks (a few hundred kB each at most). */
export function exportChunks(db: Db, userId: string, format: ExportFormat, now = new Date()): AsyncGenerator<string> {
  if (format === "csv") return csvChunks(db, userId);
  if (format === "letterboxd") return letterboxdChunks(db, userId);
  return jsonChunks(db, userId, now);
}

/** One JSON array of the document, an entry per line, its rows read a batch at a time. */
async function* jsonArray<Row>(
  name: string,
  rows: AsyncGenerator<Row[]>,
  lines: (batch: Row[]) => unknown[] | Promise<unknown[]>,
): AsyncGenerator<string> {
  let first = true;
  yield `  "${name}": [`;
  for await (const batch of rows) {
    yield `${first ? "\n" : ",\n"}${(await lines(batch)).map((line) => `    ${JSON.stringify(line)}`).join(",\n")}`;
    first = false;
  }
  yield `${first ? "" : "\n  "}],\n`;
}

/**
 * The JSON document (version 3), one entry per line: the shape `watchlist import` reads.
 * `{ version, exportedAt, user, ratings, watchlist, history, lists, reviews, comments, profile }`
 */
async function* jsonChunks(db: Db, userId: string, now: Date): AsyncGenerator<string> {
  const user = await accountOf(db, userId);
  const head = { version: EXPORT_VERSION, exportedAt: now.toISOString(), user };
  yield `${JSON.stringify(head, null, 2).slice(0, -2)},\n`;
  yield* jsonArray(
    "ratings",
    batches((after: RatingRow | undefined) => ratingBatch(db, userId, after)),
    (rows) => rows.map(ratingEntry),
  );
  yield* jsonArray(
    "watchlist",
    batches((after: QueueRow | undefined) => queueBatch(db, userId, after)),
    (rows) => rows.map(queueEntry),
  );
  yield* jsonArray(
    "history",
    batches((after: ViewingRow | undefined) => viewingBatch(db, userId, after)),
    withTags(db, (row) => row.id, historyEntry),
  );
  // The caller's own lists, one per line (a list of 5,000 films is one long line, a few hundred kB).
  yield* jsonArray("lists", listBatches(db, userId), (lists) => lists);
  yield* jsonArray(
    "reviews",
    batches((after: ReviewRow | undefined) => reviewBatch(db, userId, after)),
    withTags(db, (row) => row.viewingId, reviewEntry),
  );
  yield* jsonArray(
    "comments",
    batches((after: CommentRow | undefined) => commentBatch(db, userId, after)),
    (rows) => rows.map(commentEntry),
  );
  yield `  "profile": ${JSON.stringify(await profileOf(db, userId))}\n}\n`;
}

/** The owner's lists, one at a time. */
async function* listBatches(db: Db, userId: string): AsyncGenerator<ExportedList[]> {
  for await (const list of ownLists(db, userId)) yield [list];
}

/** The profile, whole: what import restores (visibility and share-taste included). */
async function profileOf(db: Db, userId: string): Promise<ExportDocument["profile"]> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      visibility: true,
      shareTaste: true,
      profile: { select: { bio: true, avatar: true, region: true, services: true } },
      favourites: { orderBy: { position: "asc" }, select: { movie: { select: { tmdbId: true, title: true, releaseDate: true } } } },
    },
  });
  return {
    bio: user.profile?.bio ?? null,
    avatar: user.profile?.avatar ?? null,
    favourites: user.favourites.map(({ movie }) => ({ tmdbId: movie.tmdbId, title: movie.title, year: yearOf(movie.releaseDate) })),
    region: user.profile?.region ?? null,
    services: user.profile?.services ?? [],
    visibility: visibilityOf(user.visibility),
    shareTaste: user.shareTaste,
  };
}

type ExportedList = ExportDocument["lists"][number];

/** The owner's lists by name, each with its collaborators and entries in position order. */
async function* ownLists(db: Db, userId: string): AsyncGenerator<ExportedList> {
  const lists = await db.$queryRaw<Array<Omit<ExportedList, "entries"> & { id: string }>>`
    SELECT l."id", l."name", l."description", l."ranked", lower(l."visibility"::text) AS "visibility",
      coalesce((SELECT json_agg(json_build_object('username', u."username", 'can', lower(c."access"::text)) ORDER BY u."username")
        FROM "ListCollaborator" c JOIN "User" u ON u."id" = c."userId" WHERE c."listId" = l."id"), '[]') AS "collaborators"
    FROM "List" l WHERE l."ownerId" = ${userId} ORDER BY l."nameKey"`;
  for (const { id, ...list } of lists) {
    const entries = await db.$queryRaw<Array<ExportedList["entries"][number] & { releaseDate: string | null }>>`
      SELECT m."tmdbId", m."title", m."releaseDate", e."position", e."note", ${iso('e."addedAt"')} AS "addedAt"
      FROM "ListEntry" e JOIN "Movie" m ON m."id" = e."movieId" WHERE e."listId" = ${id} ORDER BY e."position"`;
    yield {
      ...list,
      entries: entries.map(({ releaseDate, ...entry }) => ({
        tmdbId: entry.tmdbId,
        title: entry.title,
        year: yearOf(releaseDate),
        position: entry.position,
        note: entry.note,
        addedAt: entry.addedAt,
      })),
    };
  }
}

export { CSV_COLUMNS, LETTERBOXD_COLUMNS } from "../shared/export-columns.cjs";

async function* csvChunks(db: Db, userId: string): AsyncGenerator<string> {
  await accountOf(db, userId);
  yield csvText(CSV_COLUMNS, [], { header: true });
  const film = (row: FilmColumns) => ({ tmdbId: row.tmdbId, imdbId: row.imdbId, title: row.title, year: yearOf(row.releaseDate) });
  for await (const batch of batches((after: RatingRow | undefined) => ratingBatch(db, userId, after))) {
    yield csvText(
      CSV_COLUMNS,
      batch.map((row) => ({ list: "ratings", ...film(row), ...ratingEntry(row) })),
    );
  }
  for await (const batch of batches((after: QueueRow | undefined) => queueBatch(db, userId, after))) {
    yield csvText(
      CSV_COLUMNS,
      batch.map((row) => ({ list: "watchlist", ...film(row), priority: row.priority, addedAt: row.addedAt })),
    );
  }
  for await (const batch of batches((after: ViewingRow | undefined) => viewingBatch(db, userId, after))) {
    yield csvText(
      CSV_COLUMNS,
      batch.map((row) => ({ list: "history", ...film(row), watchedOn: row.watchedOn, rewatch: row.rewatch })),
    );
  }
}

/**
 * `--letterboxd`: one row per viewing (a diary entry; undated: just "watched") with its tags and review,
 * then one per rated film never viewed.
 */
async function* letterboxdChunks(db: Db, userId: string): AsyncGenerator<string> {
  await accountOf(db, userId);
  yield csvText(LETTERBOXD_COLUMNS, [], { header: true });
  // Rewatch null: a rated film never viewed (an empty cell, where a viewing says true or false).
  const row = (film: FilmColumns, rating: Rating | null, watchedOn: string | null, rewatch: boolean | null) => ({
    tmdbID: film.tmdbId,
    imdbID: film.imdbId ?? "",
    Title: film.title,
    Year: yearOf(film.releaseDate),
    Rating: rating ? LETTERBOXD_STARS[rating] : "",
    WatchedDate: watchedOn ?? "",
    Rewatch: rewatch ?? "",
    Tags: "",
    Review: "",
  });
  const viewingRows = withTags(
    db,
    (viewing: ViewingRow) => viewing.id,
    (viewing, tags) => ({
      ...row(viewing, viewing.rating, viewing.watchedOn, viewing.rewatch),
      // Letterboxd's Tags: comma-separated (a tag holds no comma).
      Tags: tags.join(", "),
      Review: viewing.review ?? "",
    }),
  );
  for await (const batch of batches((after: ViewingRow | undefined) => viewingBatch(db, userId, after))) {
    yield csvText(LETTERBOXD_COLUMNS, await viewingRows(batch));
  }
  for await (const batch of batches((after: RatingRow | undefined) => ratedNeverViewedBatch(db, userId, after))) {
    yield csvText(
      LETTERBOXD_COLUMNS,
      batch.map((rated) => row(rated, rated.rating, null, null)),
    );
  }
}
