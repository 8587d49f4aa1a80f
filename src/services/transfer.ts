// `watchlist export` / `import`: the whole account as one JSON document (version 1) and back, keeping
// every timestamp so that an export imported into an empty account reproduces it exactly.
import pLimit from "p-limit";
import { z } from "zod";
import type { Db, Prisma } from "../db/client.js";
import type { Movie } from "../generated/prisma/client.js";
import { Priority as PriorityValues, Rating as RatingValues } from "../generated/prisma/enums.js";
import { TmdbError } from "../tmdb/types.js";
import { NotFoundError } from "./errors.js";
import { yearOf } from "./movie-json.js";
import { getMovie, type MovieDeps } from "./movies.js";
import { lockAccount, TRANSACTION_OPTIONS } from "./user-movie-lock.js";

export const EXPORT_VERSION = 1 as const;

const tmdbId = z.number().int().min(1).max(2_147_483_647);
// Timestamps between 1900 and a day from now: anything else is a damaged file, not a rating date.
const EARLIEST = Date.UTC(1900, 0, 1);
const timestamp = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() >= EARLIEST && date.getTime() <= Date.now() + 86_400_000, "timestamp must be between 1900 and now");

export const exportDocumentSchema = z.object({
  version: z.literal(EXPORT_VERSION, { error: "version must be 1 (a file written by `watchlist export --json`)" }),
  exportedAt: z.string().optional(),
  user: z.object({ username: z.string(), email: z.string() }).partial().optional(),
  ratings: z
    .array(
      z
        .object({
          tmdbId,
          title: z.string().optional(),
          year: z.number().int().nullable().optional(),
          rating: z.enum(RatingValues),
          watched: z.boolean().default(true),
          createdAt: timestamp.optional(),
          updatedAt: timestamp.optional(),
        })
        .refine(
          (entry) => !entry.createdAt || !entry.updatedAt || entry.updatedAt >= entry.createdAt,
          "updatedAt must not be before createdAt",
        ),
    )
    .default([]),
  watchlist: z
    .array(
      z.object({
        tmdbId,
        title: z.string().optional(),
        year: z.number().int().nullable().optional(),
        priority: z.enum(PriorityValues).default("MEDIUM"),
        addedAt: timestamp.optional(),
      }),
    )
    .default([]),
});

export type ImportDocument = z.infer<typeof exportDocumentSchema>;
/** The file as it travels (what `export --json` writes and `import` reads): described by the schema alone. */
export type ExportFile = z.input<typeof exportDocumentSchema>;

/** The whole account, every field of the file present. */
export async function exportAccount(db: Db, userId: string, now = new Date()) {
  const [user, ratings, watchlist] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { username: true, email: true } }),
    db.userMovie.findMany({ where: { userId }, include: { movie: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db.watchlist.findMany({ where: { userId }, include: { movie: true }, orderBy: [{ addedAt: "asc" }, { id: "asc" }] }),
  ]);
  if (!user) throw new NotFoundError("account not found");
  return {
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    user,
    ratings: ratings.map((row) => ({
      tmdbId: row.movie.tmdbId,
      title: row.movie.title,
      year: yearOf(row.movie.releaseDate),
      rating: row.rating,
      watched: row.watched,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    })),
    watchlist: watchlist.map((row) => ({
      tmdbId: row.movie.tmdbId,
      title: row.movie.title,
      year: yearOf(row.movie.releaseDate),
      priority: row.priority,
      addedAt: row.addedAt,
    })),
  };
}

/** What exportAccount answers; as JSON, an ExportFile (test/cli/wire-types.test.ts checks it with tsc). */
export type ExportDocument = Awaited<ReturnType<typeof exportAccount>>;

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  dryRun: boolean;
  ratings: ImportCounts;
  watchlist: ImportCounts;
  /** Watchlist entries the account had for movies the file rates (a movie is never both). */
  removedFromQueue: number;
  skipped: { tmdbId: number; title?: string; reason: string }[];
}

/** TMDB loads of an import run a few at a time: TMDB rate-limits, and the pool is shared. */
const MOVIE_LOADS_AT_ONCE = 4;

// Thrown at the end of a dry run to roll its transaction back, carrying the report out.
class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super("dry run");
  }
}

const sameTime = (a: Date, b: Date | undefined) => b === undefined || a.getTime() === b.getTime();

/**
 * Imports a document of `exportAccount`'s shape into the account: ratings and watchlist entries are
 * added or overwritten (the file wins), with their timestamps. One transaction: all or nothing. A
 * dry run does the same work and rolls it back, so its counts are exact.
 */
export async function importAccount(
  deps: MovieDeps,
  userId: string,
  doc: ImportDocument,
  { dryRun = false }: { dryRun?: boolean } = {},
): Promise<ImportReport> {
  const report: ImportReport = {
    dryRun,
    ratings: { added: 0, updated: 0, unchanged: 0 },
    watchlist: { added: 0, updated: 0, unchanged: 0 },
    removedFromQueue: 0,
    skipped: [],
  };
  // The last line for a movie wins, as it would if the lines were applied one by one.
  const ratings = [...new Map(doc.ratings.map((entry) => [entry.tmdbId, entry])).values()];
  const ratedIds = new Set(ratings.map((entry) => entry.tmdbId));
  const queued = [...new Map(doc.watchlist.map((entry) => [entry.tmdbId, entry])).values()].filter((entry) => {
    if (!ratedIds.has(entry.tmdbId)) return true;
    report.skipped.push({ tmdbId: entry.tmdbId, title: entry.title, reason: "also rated in the file; a rated movie is not queued" });
    return false;
  });

  const movies = await loadMovies(deps, [...ratings, ...queued], report);

  try {
    return await deps.db.$transaction(
      async (tx) => {
        await lockAccount(tx, userId);
        for (const entry of ratings) {
          const movie = movies.get(entry.tmdbId);
          if (movie) await importRating(tx, userId, movie, entry, report);
        }
        for (const entry of queued) {
          const movie = movies.get(entry.tmdbId);
          if (movie) await importQueueEntry(tx, userId, movie, entry, report);
        }
        if (dryRun) throw new DryRunRollback(report);
        return report;
      },
      { ...TRANSACTION_OPTIONS, timeout: 60_000 },
    );
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report;
    throw error;
  }
}

async function loadMovies(deps: MovieDeps, entries: { tmdbId: number; title?: string }[], report: ImportReport) {
  const limit = pLimit(MOVIE_LOADS_AT_ONCE);
  const movies = new Map<number, Movie>();
  await Promise.all(
    entries.map((entry) =>
      limit(async () => {
        try {
          movies.set(entry.tmdbId, (await getMovie(deps, entry.tmdbId)).movie);
        } catch (error) {
          // A movie TMDB no longer knows is skipped; TMDB being down fails the import before any write.
          if (!(error instanceof TmdbError && error.kind === "not_found")) throw error;
          report.skipped.push({ tmdbId: entry.tmdbId, title: entry.title, reason: "not found on TMDB" });
        }
      }),
    ),
  );
  return movies;
}

async function importRating(
  tx: Prisma.TransactionClient,
  userId: string,
  movie: Movie,
  entry: ImportDocument["ratings"][number],
  report: ImportReport,
) {
  const where = { userId_movieId: { userId, movieId: movie.id } };
  const existing = await tx.userMovie.findUnique({ where });
  const removed = await tx.watchlist.deleteMany({ where: { userId, movieId: movie.id } });
  report.removedFromQueue += removed.count;
  const values = { rating: entry.rating, watched: entry.watched, createdAt: entry.createdAt, updatedAt: entry.updatedAt };
  if (!existing) {
    await tx.userMovie.create({ data: { userId, movieId: movie.id, ...values } });
    report.ratings.added++;
  } else if (
    existing.rating === entry.rating &&
    existing.watched === entry.watched &&
    sameTime(existing.createdAt, entry.createdAt) &&
    sameTime(existing.updatedAt, entry.updatedAt)
  ) {
    report.ratings.unchanged++;
  } else {
    // Without a timestamp in the file, the row's updatedAt is now (Prisma's @updatedAt).
    await tx.userMovie.update({ where, data: values });
    report.ratings.updated++;
  }
}

async function importQueueEntry(
  tx: Prisma.TransactionClient,
  userId: string,
  movie: Movie,
  entry: ImportDocument["watchlist"][number],
  report: ImportReport,
) {
  const rated = await tx.userMovie.findUnique({ where: { userId_movieId: { userId, movieId: movie.id } }, select: { rating: true } });
  if (rated) {
    report.skipped.push({ tmdbId: entry.tmdbId, title: movie.title, reason: `already rated ${rated.rating}; a rated movie is not queued` });
    return;
  }
  const where = { userId_movieId: { userId, movieId: movie.id } };
  const existing = await tx.watchlist.findUnique({ where });
  if (!existing) {
    await tx.watchlist.create({ data: { userId, movieId: movie.id, priority: entry.priority, addedAt: entry.addedAt } });
    report.watchlist.added++;
  } else if (existing.priority === entry.priority && sameTime(existing.addedAt, entry.addedAt)) {
    report.watchlist.unchanged++;
  } else {
    await tx.watchlist.update({ where, data: { priority: entry.priority, addedAt: entry.addedAt } });
    report.watchlist.updated++;
  }
}
