// What an opened file offers the command: entries to send in batches, or our own export document.
import { type ImportEntry, type ImportFormat, newNotes, type ReadNotes, type UnreadableRow } from "./entries.cjs";
import type { ExportDocument } from "./export-document.cjs";
import { LetterboxdMerge } from "./letterboxd.cjs";

export const KNOWN_FORMATS =
  "a Letterboxd export (.zip, or its ratings.csv, watched.csv, watchlist.csv, diary.csv, reviews.csv or a list of lists/), a CSV in Letterboxd's import format " +
  "(tmdbID, imdbID, Title, Rating or Rating10, WatchedDate…), an IMDb ratings, watchlist or list CSV, " +
  "a list written by `watchlist list export --letterboxd`, " +
  "a file written by `watchlist export` (--json, --csv or --letterboxd), or the unmatched-rows CSV of an earlier import";

/** The file cannot be imported at all (unknown format, too big, damaged zip): nothing is sent. */
export class ImportFileError extends Error {}

interface SourceBase {
  format: ImportFormat;
  /** What was found, for the person: "a Letterboxd export (ratings.csv, diary.csv)". */
  description: string;
}

/** Entries to send in batches; read() can run more than once (a count, then the import). */
export interface EntrySource extends SourceBase {
  kind: "entries";
  read(notes: ReadNotes): AsyncIterable<ImportEntry>;
}

/** This tool's own export, sent as (slices of) the document itself. */
export interface DocumentSource extends SourceBase {
  kind: "document";
  format: "watchlist";
  document: ExportDocument;
  /** Rows of a CSV export that could not be read (left out of the document). */
  unreadable?: UnreadableRow[];
}

export type ImportSource = EntrySource | DocumentSource;

/** How many entries a source yields (what a progress bar counts to). */
export async function countEntries(source: EntrySource): Promise<number> {
  let count = 0;
  for await (const _ of source.read(newNotes())) count++;
  return count;
}

export const unknownFormat = (name: string) => new ImportFileError(`${name} is not a file import reads: it reads ${KNOWN_FORMATS}`);

/**
 * A Letterboxd source: its files are merged into one entry per film before anything is sent, once
 * (the merge is kept for the second read), with the notes of that one reading.
 */
export function letterboxdSource(description: string, fill: (merge: LetterboxdMerge, notes: ReadNotes) => Promise<void>): EntrySource {
  let merged: Promise<{ merge: LetterboxdMerge; notes: ReadNotes }> | undefined;
  const mergeOnce = () => {
    merged ??= (async () => {
      const merge = new LetterboxdMerge();
      const notes = newNotes();
      await fill(merge, notes);
      return { merge, notes };
    })();
    return merged;
  };
  return {
    kind: "entries",
    format: "letterboxd",
    description,
    async *read(notes) {
      const { merge, notes: found } = await mergeOnce();
      notes.skipped.push(...found.skipped);
      notes.unreadable.push(...found.unreadable);
      notes.notImported.push(...found.notImported);
      notes.lists.push(...found.lists);
      notes.profile ??= found.profile;
      yield* merge.entries();
    },
  };
}
