// Writing one matched batch: one transaction under the account's lock, so that a batch is stored whole
// or not at all (a killed API leaves only whole batches), and re-sending it changes nothing.

import { randomUUID } from "node:crypto";
import type { Db, Priority, Prisma, Rating } from "../../db/client.js";
import type { Movie, UserMovie, Viewing, Watchlist } from "../../generated/prisma/client.js";
import { startActivity } from "../activity.js";
import { ConflictError } from "../errors.js";
import { yearOf } from "../movie-json.js";
import { lockAccount, TRANSACTION_OPTIONS } from "../user-movie-lock.js";
import type { ImportedList } from "./document.js";
import { type ListMembership, writeImportedLists } from "./lists.js";

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
  viewings: { watchedOn: Date | null; rewatch: boolean }[];
  /** The lists the film is in, in the source. */
  lists?: ListMembership[];
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
  batch: { importId: string | null; entries: MatchedEntry[]; lists?: ImportedList[] },
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
    tx.$queryRaw<Pick<Viewing, "movieId" | "watchedOn" | "rewatch">[]>`SELECT "movieId", "watchedOn", "rewatch" FROM "Viewing"
      WHERE "userId" = ${userId} AND "movieId" = ANY(${movieIds}::text[])`,
  ]);
  const ratings = new Map(ratingRows.map((row) => [row.movieId, row]));
  const queue = new Map(queueRows.map((row) => [row.movieId, row]));
  const viewings = new Map<string, Set<string>>();
  for (const row of viewingRows) viewingSet(viewings, row.movieId).add(`${dayKey(row.watchedOn)}:${row.rewatch}`);

  const result: BatchResult = {
    ratings: counts(),
    watchlist: counts(),
    history: counts(),
    updated: [],
    removedFromQueue: 0,
    lists: counts(),
    listEntries: counts(),
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
      const seen = viewingSet(viewings, movieId);
      const key = `${dayKey(viewing.watchedOn)}:${viewing.rewatch}`;
      if (viewing.watchedOn === null ? seen.size > 0 : seen.has(key)) {
        result.history.unchanged++;
        continue;
      }
      seen.add(key);
      newViewings.push({ userId, movieId, watchedOn: viewing.watchedOn, rewatch: viewing.rewatch });
      result.history.added++;
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
    FROM unnest(${rows.map(() => randomUUID())}::text[], ${rows.map((row) => row.userId)}::text[], ${rows.map((row) => row.movieId)}::text[],
      ${rows.map((row) => utc(row.watchedOn)?.slice(0, 10) ?? null)}::text[], ${rows.map((row) => row.rewatch ?? false)}::boolean[])
      AS row(id, "userId", "movieId", "watchedOn", rewatch)`;
}

function viewingSet(viewings: Map<string, Set<string>>, movieId: string): Set<string> {
  let set = viewings.get(movieId);
  if (!set) {
    set = new Set();
    viewings.set(movieId, set);
  }
  return set;
}
