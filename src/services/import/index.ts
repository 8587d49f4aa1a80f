// POST /import's service: a document or a batch → matched (paced TMDB lookups, cancellable) → written
// in one transaction → the contract's import report. One import at a time per account, whichever API
// process of the server runs it.
import type { Coordination } from "../../db/coordination.js";
import { ConflictError } from "../errors.js";
import type { MovieDeps } from "../movies.js";
import { fillInDetails } from "../watch-refresh.js";
import type { ImportBatch, ImportBody, ImportDocument, ImportedList, ImportFormat } from "./document.js";
import { type MatchStats, type MatchTarget, matchMovies } from "./match.js";
import type { ProfileImport } from "./profile.js";
import { type BatchResult, type MatchedEntry, writeMatchedBatch } from "./write.js";

export * from "./document.js";
export { lookupKey, pickResult } from "./match.js";
export { type BatchResult, type ImportCounts, type MatchedEntry, writeMatchedBatch } from "./write.js";

export interface ImportReport extends BatchResult {
  format: ImportFormat;
  dryRun: boolean;
  importId: string | null;
  /** Entries no film was found for, never dropped silently: `source` is the entry's ref. */
  unmatched: { title: string | null; year: number | null; source: string; imdbId?: string; tmdbId?: number }[];
  /** TMDB requests this request made (0 when every film was known). */
  tmdbCalls: number;
  /** The account's films (and this request's) whose details (runtime, credits, where to watch) are still being filled in. */
  detailsPending: number;
}

/** An entry before matching: what to look up, and what to write once found. */
type PendingEntry = MatchTarget &
  Omit<MatchedEntry, "movie" | "title" | "year"> & { title: string | null; year: number | null; ref: string };

/** What an import needs beyond movies: the server-wide lock of the account's import. */
export type ImportDeps = MovieDeps & { coordination: Pick<Coordination, "tryLock" | "unlock"> };

// One import per account across the server's processes: a session-level advisory lock on this
// process's coordination connection (db/coordination.ts). A process that dies, even by SIGKILL, closes
// that connection and PostgreSQL releases the lock: a crashed import never blocks the next one.
const importLock = (userId: string) => `import:${userId}`;

export async function runImport(
  deps: ImportDeps,
  userId: string,
  body: ImportBody,
  { dryRun = false, importId: documentImportId, signal }: { dryRun?: boolean; importId?: string; signal?: AbortSignal } = {},
): Promise<ImportReport> {
  if (!(await deps.coordination.tryLock(importLock(userId))))
    throw new ConflictError("import_running", "another import of this account is running; try again when it ends");
  try {
    const { format, importId, entries, skipped, lists, profile, notImported } =
      body.kind === "batch"
        ? fromBatch(body.batch)
        : { ...fromDocument(body.document), format: "watchlist" as const, importId: documentImportId ?? null };
    const stats: MatchStats = { tmdbCalls: 0 };
    const movies = await matchMovies(deps, entries, { signal, stats });
    signal?.throwIfAborted();
    const matched: MatchedEntry[] = [];
    const unmatched: ImportReport["unmatched"] = [];
    entries.forEach((entry, index) => {
      const movie = movies[index];
      if (movie) matched.push({ ...entry, movie });
      else
        unmatched.push({
          title: entry.title,
          year: entry.year,
          source: entry.ref,
          ...(entry.imdbId ? { imdbId: entry.imdbId } : {}),
          ...(entry.tmdbId ? { tmdbId: entry.tmdbId } : {}),
        });
    });
    const written = await writeMatchedBatch(deps.db, userId, { importId, entries: matched, lists, profile }, { dryRun });
    const detailsPending = await fillInDetails(deps, [userId], stats.detailsPending);
    return {
      format,
      dryRun,
      importId,
      ...written,
      skipped: [...skipped, ...written.skipped],
      notImported: [...notImported, ...written.notImported],
      unmatched,
      tmdbCalls: stats.tmdbCalls,
      detailsPending,
    };
  } finally {
    await deps.coordination.unlock(importLock(userId));
  }
}

function fromBatch(batch: ImportBatch) {
  const entries = batch.entries.map(
    (entry, index): PendingEntry => ({
      ref: entry.ref ?? `entry ${index + 1}`,
      title: entry.title?.trim() || null,
      year: entry.year ?? null,
      originalTitle: entry.originalTitle ?? null,
      imdbId: entry.imdbId ?? null,
      tmdbId: entry.tmdbId ?? null,
      rating: entry.rating ?? null,
      ratedAt: entry.ratedAt ?? null,
      queued: entry.queued ? { addedAt: entry.queued.addedAt ?? null, priority: batch.priority } : null,
      viewings: entry.viewings,
      lists: entry.lists.map((membership) => ({
        list: membership.list,
        position: membership.position ?? null,
        note: membership.note ?? null,
        addedAt: membership.addedAt ?? null,
      })),
      favourite: entry.favourite ?? null,
    }),
  );
  return {
    format: batch.format,
    importId: batch.importId,
    entries,
    skipped: [] as BatchResult["skipped"],
    lists: batch.lists,
    profile: (batch.profile ?? null) as ProfileImport | null,
    notImported: [] as BatchResult["notImported"],
  };
}

/** One entry per film: the last rating line wins; a queue line of a film the file rates is skipped. */
function fromDocument(document: ImportDocument) {
  const byTmdbId = new Map<number, PendingEntry>();
  const skipped: BatchResult["skipped"] = [];
  const entryFor = (line: { tmdbId: number; title?: string; year?: number | null }, ref: string) => {
    let entry = byTmdbId.get(line.tmdbId);
    if (!entry) {
      entry = { ref, tmdbId: line.tmdbId, title: line.title ?? null, year: line.year ?? null, viewings: [], lists: [] };
      byTmdbId.set(line.tmdbId, entry);
    }
    return entry;
  };
  document.ratings.forEach((line, index) => {
    Object.assign(entryFor(line, `ratings[${index}]`), {
      rating: line.rating,
      watched: line.watched,
      ratedAt: line.createdAt ?? null,
      updatedAt: line.updatedAt,
    });
  });
  document.watchlist.forEach((line, index) => {
    if (byTmdbId.get(line.tmdbId)?.rating) {
      const reason = "also rated in the file; a rated film is not queued";
      skipped.push({ title: line.title ?? null, year: line.year ?? null, tmdbId: line.tmdbId, reason });
      return;
    }
    entryFor(line, `watchlist[${index}]`).queued = { addedAt: line.addedAt ?? null, priority: line.priority };
  });
  if (document.version !== 1) {
    document.history.forEach((line, index) => {
      entryFor(line, `history[${index}]`).viewings.push({ watchedOn: line.watchedOn, rewatch: line.rewatch, tags: line.tags });
    });
  }
  const lists: ImportedList[] = [];
  let profile: ProfileImport | null = null;
  const notImported: BatchResult["notImported"] = [];
  if (document.version === 3) {
    // A review is a viewing with its review: the writer finds the stored (or this slice's) viewing of that day.
    document.reviews.forEach(({ text, spoilers, createdAt, updatedAt, ...line }, index) => {
      entryFor(line, `reviews[${index}]`).viewings.push({
        watchedOn: line.watchedOn,
        rewatch: line.rewatch,
        tags: line.tags,
        review: { text, spoilers, createdAt, updatedAt },
      });
    });
    for (const { review, at } of document.comments) {
      const film = review.title ? `${review.title}${review.year ? ` (${review.year})` : ""}` : `tmdb:${review.tmdbId}`;
      notImported.push({
        source: `your comment${at ? ` of ${at.slice(0, 10)}` : ""} under ${review.author}'s review of ${film}`,
        reason: "comments are not imported: a comment belongs under a review on the server it was written on",
      });
    }
    if (document.profile) {
      const { favourites, ...fields } = document.profile;
      profile = { ...fields, favourites: favourites.length };
      favourites.forEach((line, index) => {
        entryFor(line, `profile.favourites[${index}]`).favourite = index + 1;
      });
    }
    document.lists.forEach(({ entries, ...list }, listIndex) => {
      lists.push(list);
      entries.forEach((line, index) => {
        entryFor(line, `lists[${listIndex}].entries[${index}] (list ${list.name})`).lists!.push({
          list: list.name,
          position: line.position ?? null,
          note: line.note ?? null,
          addedAt: line.addedAt ?? null,
        });
      });
    });
  }
  return { entries: [...byTmdbId.values()], skipped, lists, profile, notImported };
}
