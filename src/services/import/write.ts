// Writing one matched batch: one transaction under the account's lock, so that a batch is stored whole
// or not at all (a killed API leaves only whole batches), and re-sending it changes nothing. Viewings
// bring their tags and reviews, entries their place among the favourite films (profile.ts).

import { randomUUID } from "node:crypto";
import type { Db, Priority, Prisma, Rating } from "../../db/client.js";
import type { Movie, UserMovie, Viewing, Watchlist } from "../../generated/prisma/client.js";
import { startActivity } from "../activity.js";
import { ConflictError } from "../errors.js";
import { yearOf } from "../movie-json.js";
import { tagKey } from "../text.js";
import { lockAccount, TRANSACTION_OPTIONS } from "../user-movie-lock.js";
import type { ImportedList } from "./document.js";
import { type ListMembership, writeImportedLists } from "./lists.js";
import { type ProfileImport, writeImportedProfile } from "./profile.js";

/** One source entry matched to its movie. Fields a document carries and a batch does not are optional. */
export interface MatchedEntry {
  movie: Movie;
  title: string | null;
  year: number | null;
  rating?: Rating | null;
  /** The rating's createdAt (null: now for a new rating, kept for an existing one). */
  ratedAt?: Date | null;
  /** Documents only: the rating row's watched flag and updatedAt, restored as exported. */
  watched?: boolean;
  updatedAt?: Date;
  /** Ignored when `rating` is set: a rated film is never queued. */
  queued?: { addedAt?: Date | null; priority: Priority } | null;
  viewings: ImportedViewing[];
  /** The lists the film is in, in the source. */
  lists?: ListMembership[];
  /** Its place (1–4) among the profile's favourite films. */
  favourite?: number | null;
}

export interface ImportedViewing {
  watchedOn: Date | null;
  rewatch: boolean;
  /** As written; compared folded (tagKey), a tag the account has kept in its first spelling. */
  tags?: string[];
  /** createdAt null: now for a new review, kept for one already there; updatedAt likewise. */
  review?: { text: string; spoilers: boolean; createdAt?: Date | null; updatedAt?: Date | null } | null;
}

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/** A stored rating or queue entry the import changes: what it was and what it becomes. */
export interface UpdatedRow {
  list: "ratings" | "watchlist";
  tmdbId: number;
  title: string;
  year: number | null;
  /** The rating level (ratings) or priority (watchlist) before and after; equal when only a date or flag changes. */
  from: string;
  to: string;
  /** What changes: rating, watched, createdAt, updatedAt (ratings); priority, addedAt (watchlist). */
  fields: string[];
}

export interface BatchResult {
  ratings: ImportCounts;
  watchlist: ImportCounts;
  history: ImportCounts;
  /** Every update counted in `ratings.updated` and `watchlist.updated`, so a person sees which (a dry run first). */
  updated: UpdatedRow[];
  /** Queue entries of films this batch rates (a film is never both rated and queued). */
  removedFromQueue: number;
  /** Lists: added (new), updated (its description, ranking or films changed), unchanged. */
  lists: ImportCounts;
  /** Films put in lists or whose note changed (added, updated), and those already there as they were. */
  listEntries: ImportCounts;
  /** Reviews of viewings: written (added), text or spoilers flag changed (updated), as they were (unchanged). */
  reviews: ImportCounts;
  /** Tags put on viewings (added), and those the viewing already had (unchanged). */
  tags: ImportCounts;
  /** Profile fields (bio, avatar, region, services, visibility, share-taste, each favourite film's place). */
  profile: ImportCounts;
  skipped: { title: string | null; year: number | null; tmdbId: number; reason: string }[];
  /** What the file holds that was not imported, and why (a collaborator who is not a friend). */
  notImported: { source: string; reason: string }[];
}

export const counts = (): ImportCounts => ({ added: 0, updated: 0, unchanged: 0 });
const sameTime = (a: Date, b: Date | null | undefined) => b == null || a.getTime() === b.getTime();
const dayKey = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : "undated");

// Thrown at the end of a dry run to roll its transaction back, carrying the result out.
class DryRunRollback extends Error {
  constructor(readonly result: BatchResult) {
    super("dry run");
  }
}

/**
 * Writes one matched batch in one transaction (the unit an activity log can record and undo; `importId`
 * names the import it belongs to). A dry run computes the same result and rolls back.
 */
export async function writeMatchedBatch(
  db: Db,
  userId: string,
  batch: { importId: string | null; entries: MatchedEntry[]; lists?: ImportedList[]; profile?: ProfileImport | null },
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<BatchResult> {
  try {
    return await db.$transaction(
      async (tx) => {
        // Excludes every rate/queue/watched and undo of this account until commit: the states read
        // below stay true, and an undo of this import cannot slip between the check and the write.
        await lockAccount(tx, userId);
        if (batch.importId) await refuseClosedImport(tx, userId, batch.importId);
        // The import's batches add to one activity (undone as a whole); a lone document is one of its own.
        await startActivity(tx, { userId, action: "import", importId: batch.importId ?? undefined });
        const result = await applyMatchedBatch(tx, userId, batch.entries, dryRun);
        // Lists are written in a dry run too: the whole transaction is rolled back after.
        const lists = await writeImportedLists(tx, userId, batch.lists ?? [], batch.entries);
        Object.assign(result, lists);
        result.profile = await writeImportedProfile(tx, userId, batch.profile ?? null, batch.entries);
        if (dryRun) throw new DryRunRollback(result);
        return result;
      },
      {
        ...TRANSACTION_OPTIONS,
        timeout: 120_000,
      },
    );
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result;
    throw error;
  }
}

/**
 * A late batch of an import already undone (or that undo skipped) would add its rows to that closed
 * activity, where the next undo never looks: they would stay, and that undo would revert an older,
 * unrelated change instead. Refused (409 import_undone); a new import (a new importId) is its own activity.
 */
async function refuseClosedImport(tx: Prisma.TransactionClient, userId: string, importId: string) {
  const activity = await tx.activity.findUnique({
    where: { userId_importId: { userId, importId } },
    select: { undoneAt: true, undoRefusedAt: true },
  });
  if (activity?.undoneAt || activity?.undoRefusedAt)
    throw new ConflictError(
      "import_undone",
      activity.undoneAt
        ? "this import was undone: its later batches are refused (import the file again to start anew)"
        : "this import can no longer be undone and is closed: its later batches are refused (import the file again to start anew)",
    );
}

async function applyMatchedBatch(tx: Prisma.TransactionClient, userId: string, entries: MatchedEntry[], dryRun: boolean) {
  const movieIds = [...new Set(entries.map((entry) => entry.movie.id))];
  // One array parameter each (= ANY), not thousands of IN parameters: a 20,000-entry batch stays fast.
  const [ratingRows, queueRows, viewingRows] = await Promise.all([
    tx.$queryRaw<UserMovie[]>`SELECT * FROM "UserMovie" WHERE "userId" = ${userId} AND "movieId" = ANY(${movieIds}::text[])`,
    tx.$queryRaw<Watchlist[]>`SELECT * FROM "Watchlist" WHERE "userId" = ${userId} AND "movieId" = ANY(${movieIds}::text[])`,
    tx.$queryRaw<Pick<Viewing, "id" | "movieId" | "watchedOn" | "rewatch">[]>`SELECT "id", "movieId", "watchedOn", "rewatch" FROM "Viewing"
      WHERE "userId" = ${userId} AND "movieId" = ANY(${movieIds}::text[]) ORDER BY "watchedOn" NULLS FIRST, "createdAt", "id"`,
  ]);
  const ratings = new Map(ratingRows.map((row) => [row.movieId, row]));
  const queue = new Map(queueRows.map((row) => [row.movieId, row]));
  // Each film's viewings by day and rewatch flag, to the viewing's id (the one tags and a review go on).
  const viewings = new Map<string, Map<string, string>>();
  for (const row of viewingRows) viewingsOf(viewings, row.movieId).set(`${dayKey(row.watchedOn)}:${row.rewatch}`, row.id);

  const result: BatchResult = {
    ratings: counts(),
    watchlist: counts(),
    history: counts(),
    updated: [],
    removedFromQueue: 0,
    lists: counts(),
    listEntries: counts(),
    reviews: counts(),
    tags: counts(),
    profile: counts(),
    skipped: [],
    notImported: [],
  };
  const updatedRow = (entry: MatchedEntry, list: UpdatedRow["list"], from: string, to: string, fields: string[]) =>
    result.updated.push({
      list,
      tmdbId: entry.movie.tmdbId,
      title: entry.movie.title,
      year: yearOf(entry.movie.releaseDate),
      from,
      to,
      fields,
    });
  const now = new Date();
  const newRatings = new Map<string, Prisma.UserMovieCreateManyInput>();
  const ratingUpdates = new Map<string, Prisma.UserMovieUpdateInput>();
  const newQueue = new Map<string, Prisma.WatchlistCreateManyInput>();
  const queueUpdates = new Map<string, Prisma.WatchlistUpdateInput>();
  const unqueued = new Set<string>();
  const newViewings: Prisma.ViewingCreateManyInput[] = [];
  const extras = new ViewingExtras();

  // Entries apply one after the other against what is stored plus what earlier entries did.
  for (const entry of entries) {
    const movieId = entry.movie.id;
    if (entry.rating) {
      const existing = ratings.get(movieId) ?? newRatings.get(movieId);
      const current = existing && { ...existing, ...ratingUpdates.get(movieId) };
      if (!current) {
        const createdAt = entry.ratedAt ?? now;
        const row = {
          userId,
          movieId,
          rating: entry.rating,
          watched: entry.watched ?? true,
          createdAt,
          updatedAt: entry.updatedAt ?? createdAt,
        };
        newRatings.set(movieId, row);
        result.ratings.added++;
      } else if (
        current.rating === entry.rating &&
        (entry.watched === undefined || current.watched === entry.watched) &&
        sameTime(current.createdAt as Date, entry.ratedAt) &&
        sameTime(current.updatedAt as Date, entry.updatedAt)
      ) {
        result.ratings.unchanged++;
      } else {
        const changes = {
          rating: entry.rating,
          ...(entry.watched === undefined ? {} : { watched: entry.watched }),
          ...(entry.ratedAt ? { createdAt: entry.ratedAt } : {}),
          updatedAt: entry.updatedAt ?? now,
        };
        const fields = [
          ...(current.rating !== entry.rating ? ["rating"] : []),
          ...(entry.watched !== undefined && current.watched !== entry.watched ? ["watched"] : []),
          ...(sameTime(current.createdAt as Date, entry.ratedAt) ? [] : ["createdAt"]),
          ...(sameTime(current.updatedAt as Date, entry.updatedAt) ? [] : ["updatedAt"]),
        ];
        updatedRow(entry, "ratings", current.rating as string, entry.rating, fields);
        if (newRatings.has(movieId)) newRatings.set(movieId, { ...newRatings.get(movieId)!, ...changes });
        else ratingUpdates.set(movieId, { ...ratingUpdates.get(movieId), ...changes });
        result.ratings.updated++;
      }
      if (queue.has(movieId) && !unqueued.has(movieId)) {
        unqueued.add(movieId);
        result.removedFromQueue++;
      }
      newQueue.delete(movieId);
      queueUpdates.delete(movieId);
    } else if (entry.queued) {
      if (ratings.has(movieId) || newRatings.has(movieId)) {
        const reason = "already rated; a rated film is not queued";
        result.skipped.push({ title: entry.title ?? entry.movie.title, year: entry.year, tmdbId: entry.movie.tmdbId, reason });
      } else {
        const existing = queue.get(movieId) ?? newQueue.get(movieId);
        const current = existing && { ...existing, ...queueUpdates.get(movieId) };
        const { priority, addedAt } = entry.queued;
        if (!current) {
          newQueue.set(movieId, { userId, movieId, priority, addedAt: addedAt ?? now });
          result.watchlist.added++;
        } else if (current.priority === priority && sameTime(current.addedAt as Date, addedAt)) {
          result.watchlist.unchanged++;
        } else {
          const changes = { priority, ...(addedAt ? { addedAt } : {}) };
          const fields = [
            ...(current.priority !== priority ? ["priority"] : []),
            ...(sameTime(current.addedAt as Date, addedAt) ? [] : ["addedAt"]),
          ];
          updatedRow(entry, "watchlist", current.priority as string, priority, fields);
          if (newQueue.has(movieId)) newQueue.set(movieId, { ...newQueue.get(movieId)!, ...changes });
          else queueUpdates.set(movieId, { ...queueUpdates.get(movieId), ...changes });
          result.watchlist.updated++;
        }
      }
    }
    // Dated viewings first: an undated one only counts for a film with no viewing at all.
    const ordered = [...entry.viewings].sort((a, b) => Number(a.watchedOn === null) - Number(b.watchedOn === null));
    for (const viewing of ordered) {
      const seen = viewingsOf(viewings, movieId);
      const key = `${dayKey(viewing.watchedOn)}:${viewing.rewatch}`;
      // An undated viewing of a film already viewed is that viewing (the latest) for its tags and review.
      let viewingId = viewing.watchedOn === null ? (seen.get(key) ?? [...seen.values()].at(-1)) : seen.get(key);
      if (viewingId) result.history.unchanged++;
      else {
        viewingId = randomUUID();
        seen.set(key, viewingId);
        newViewings.push({ id: viewingId, userId, movieId, watchedOn: viewing.watchedOn, rewatch: viewing.rewatch });
        result.history.added++;
      }
      extras.add(viewingId, movieId, viewing);
    }
  }

  if (dryRun) return result;
  if (unqueued.size > 0)
    await tx.$executeRaw`DELETE FROM "Watchlist" WHERE "userId" = ${userId} AND "movieId" = ANY(${[...unqueued]}::text[])`;
  await insertRatings(tx, [...newRatings.values()]);
  for (const [movieId, data] of ratingUpdates) await tx.userMovie.update({ where: { userId_movieId: { userId, movieId } }, data });
  await insertQueueEntries(tx, [...newQueue.values()]);
  for (const [movieId, data] of queueUpdates) await tx.watchlist.update({ where: { userId_movieId: { userId, movieId } }, data });
  await insertViewings(tx, newViewings);
  Object.assign(result, await extras.write(tx, userId, dryRun));
  return result;
}

// Bulk inserts as one statement over arrays (unnest): Prisma's createMany binds every value as its own
// parameter, which costs seconds for 10,000 rows. Timestamps travel as ISO text and are stored as UTC.
const utc = (value: Date | string | null | undefined) => (value == null ? null : new Date(value).toISOString());

async function insertRatings(tx: Prisma.TransactionClient, rows: Prisma.UserMovieCreateManyInput[]) {
  if (rows.length === 0) return;
  await tx.$executeRaw`INSERT INTO "UserMovie" ("id", "userId", "movieId", "rating", "watched", "createdAt", "updatedAt")
    SELECT id, "userId", "movieId", rating::"Rating", watched, "createdAt"::timestamptz AT TIME ZONE 'UTC', "updatedAt"::timestamptz AT TIME ZONE 'UTC'
    FROM unnest(${rows.map(() => randomUUID())}::text[], ${rows.map((row) => row.userId)}::text[], ${rows.map((row) => row.movieId)}::text[],
      ${rows.map((row) => row.rating)}::text[], ${rows.map((row) => row.watched ?? true)}::boolean[],
      ${rows.map((row) => utc(row.createdAt))}::text[], ${rows.map((row) => utc(row.updatedAt))}::text[])
      AS row(id, "userId", "movieId", rating, watched, "createdAt", "updatedAt")`;
}

async function insertQueueEntries(tx: Prisma.TransactionClient, rows: Prisma.WatchlistCreateManyInput[]) {
  if (rows.length === 0) return;
  await tx.$executeRaw`INSERT INTO "Watchlist" ("id", "userId", "movieId", "priority", "addedAt")
    SELECT id, "userId", "movieId", priority::"Priority", "addedAt"::timestamptz AT TIME ZONE 'UTC'
    FROM unnest(${rows.map(() => randomUUID())}::text[], ${rows.map((row) => row.userId)}::text[], ${rows.map((row) => row.movieId)}::text[],
      ${rows.map((row) => row.priority ?? "MEDIUM")}::text[], ${rows.map((row) => utc(row.addedAt))}::text[])
      AS row(id, "userId", "movieId", priority, "addedAt")`;
}

async function insertViewings(tx: Prisma.TransactionClient, rows: Prisma.ViewingCreateManyInput[]) {
  if (rows.length === 0) return;
  const createdAt = new Date().toISOString();
  await tx.$executeRaw`INSERT INTO "Viewing" ("id", "userId", "movieId", "watchedOn", "rewatch", "createdAt")
    SELECT id, "userId", "movieId", "watchedOn"::date, rewatch, ${createdAt}::timestamptz AT TIME ZONE 'UTC'
    FROM unnest(${rows.map((row) => row.id ?? randomUUID())}::text[], ${rows.map((row) => row.userId)}::text[], ${rows.map((row) => row.movieId)}::text[],
      ${rows.map((row) => utc(row.watchedOn)?.slice(0, 10) ?? null)}::text[], ${rows.map((row) => row.rewatch ?? false)}::boolean[])
      AS row(id, "userId", "movieId", "watchedOn", rewatch)`;
}

function viewingsOf(viewings: Map<string, Map<string, string>>, movieId: string): Map<string, string> {
  let byKey = viewings.get(movieId);
  if (!byKey) {
    byKey = new Map();
    viewings.set(movieId, byKey);
  }
  return byKey;
}

/** The tags and reviews a batch brings to viewings (stored ones, or new ones of the batch), written after the viewings. */
class ViewingExtras {
  private readonly tags: { viewingId: string; tag: string }[] = [];
  private readonly reviews = new Map<string, { movieId: string; review: NonNullable<ImportedViewing["review"]> }>();

  add(viewingId: string, movieId: string, viewing: ImportedViewing): void {
    for (const tag of viewing.tags ?? []) this.tags.push({ viewingId, tag });
    // Two reviews of one viewing in a file: the last one read.
    if (viewing.review) this.reviews.set(viewingId, { movieId, review: viewing.review });
  }

  async write(tx: Prisma.TransactionClient, userId: string, dryRun: boolean): Promise<Pick<BatchResult, "tags" | "reviews">> {
    return { tags: await this.writeTags(tx, userId, dryRun), reviews: await this.writeReviews(tx, userId, dryRun) };
  }

  /** A tag a viewing has in any spelling is unchanged; a new one takes the account's first spelling of it. */
  private async writeTags(tx: Prisma.TransactionClient, userId: string, dryRun: boolean): Promise<ImportCounts> {
    const result = counts();
    if (this.tags.length === 0) return result;
    const viewingIds = [...new Set(this.tags.map((row) => row.viewingId))];
    const keys = [...new Set(this.tags.map((row) => tagKey(row.tag)))];
    const [onViewings, spellings] = await Promise.all([
      tx.$queryRaw<
        { viewingId: string; key: string }[]
      >`SELECT "viewingId", "key" FROM "ViewingTag" WHERE "viewingId" = ANY(${viewingIds}::text[])`,
      tx.$queryRaw<{ key: string; tag: string }[]>`SELECT DISTINCT ON ("key") "key", "tag" FROM "ViewingTag"
        WHERE "userId" = ${userId} AND "key" = ANY(${keys}::text[]) ORDER BY "key", "id"`,
    ]);
    const has = new Set(onViewings.map((row) => `${row.viewingId}:${row.key}`));
    const spelling = new Map(spellings.map((row) => [row.key, row.tag]));
    const rows: { viewingId: string; key: string; tag: string }[] = [];
    for (const { viewingId, tag } of this.tags) {
      const key = tagKey(tag);
      if (has.has(`${viewingId}:${key}`)) {
        result.unchanged++;
        continue;
      }
      has.add(`${viewingId}:${key}`);
      if (!spelling.has(key)) spelling.set(key, tag);
      rows.push({ viewingId, key, tag: spelling.get(key)! });
      result.added++;
    }
    if (!dryRun && rows.length > 0) {
      await tx.$executeRaw`INSERT INTO "ViewingTag" ("id", "viewingId", "userId", "tag", "key")
        SELECT id, "viewingId", ${userId}, tag, key
        FROM unnest(${rows.map(() => randomUUID())}::text[], ${rows.map((row) => row.viewingId)}::text[],
          ${rows.map((row) => row.tag)}::text[], ${rows.map((row) => row.key)}::text[]) AS row(id, "viewingId", tag, key)`;
    }
    return result;
  }

  /** A review with the same text, spoilers flag (and dates, when the source gives them) is unchanged. */
  private async writeReviews(tx: Prisma.TransactionClient, userId: string, dryRun: boolean): Promise<ImportCounts> {
    const result = counts();
    if (this.reviews.size === 0) return result;
    const stored = await tx.$queryRaw<{ viewingId: string; text: string; spoilers: boolean; createdAt: Date; updatedAt: Date }[]>`
      SELECT "viewingId", "text", "spoilers", "createdAt", "updatedAt" FROM "Review" WHERE "viewingId" = ANY(${[...this.reviews.keys()]}::text[])`;
    const byViewing = new Map(stored.map((row) => [row.viewingId, row]));
    const now = new Date();
    for (const [viewingId, { movieId, review }] of this.reviews) {
      const current = byViewing.get(viewingId);
      if (!current) {
        result.added++;
        if (dryRun) continue;
        const createdAt = review.createdAt ?? now;
        await tx.$executeRaw`INSERT INTO "Review" ("id", "viewingId", "userId", "movieId", "text", "spoilers", "createdAt", "updatedAt")
          VALUES (${randomUUID()}, ${viewingId}, ${userId}, ${movieId}, ${review.text}, ${review.spoilers},
            ${utc(createdAt)}::timestamptz AT TIME ZONE 'UTC', ${utc(review.updatedAt ?? createdAt)}::timestamptz AT TIME ZONE 'UTC')`;
      } else if (
        current.text === review.text &&
        current.spoilers === review.spoilers &&
        sameTime(current.createdAt, review.createdAt) &&
        sameTime(current.updatedAt, review.updatedAt)
      ) {
        result.unchanged++;
      } else {
        result.updated++;
        if (dryRun) continue;
        await tx.$executeRaw`UPDATE "Review" SET "text" = ${review.text}, "spoilers" = ${review.spoilers},
          "createdAt" = ${utc(review.createdAt ?? current.createdAt)}::timestamptz AT TIME ZONE 'UTC',
          "updatedAt" = ${utc(review.updatedAt ?? now)}::timestamptz AT TIME ZONE 'UTC'
          WHERE "viewingId" = ${viewingId}`;
      }
    }
    return result;
  }
}
