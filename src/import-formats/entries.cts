// What an import reads from a file, in the shape of the import wire format (docs/import-cli.md): one
// entry per film, ratings already mapped to our four levels, the source's dates kept.

export type ImportFormat = "letterboxd" | "imdb" | "watchlist";
export type Rating = "DISLIKE" | "OK" | "LIKE" | "SUPER_LIKE";
export const RATINGS: readonly Rating[] = ["DISLIKE", "OK", "LIKE", "SUPER_LIKE"];

export interface Viewing {
  /** "YYYY-MM-DD", or null: watched, date unknown. */
  watchedOn: string | null;
  rewatch: boolean;
}

export interface ImportEntry {
  /** Where the row came from ("ratings.csv line 8"), echoed in the server's report. */
  ref: string;
  title: string;
  year: number | null;
  originalTitle: string | null;
  imdbId: string | null;
  tmdbId: number | null;
  rating: Rating | null;
  /** ISO timestamp, or null (then: now). */
  ratedAt: string | null;
  /** On the source's watchlist (never set together with a rating: a rated film is not queued). */
  queued: { addedAt: string | null } | null;
  viewings: Viewing[];
}

/** A row read but not sent: not a film (an IMDb TV series…). */
export interface SkippedRow {
  title: string;
  year: number | null;
  reason: string;
}

/** A row (or a file of a zip) that could not be read; the rest of the file is imported. */
export interface UnreadableRow {
  source: string;
  reason: string;
}

/** Where a reader reports what it does not send. */
export interface ReadNotes {
  skipped: SkippedRow[];
  unreadable: UnreadableRow[];
}

export const newNotes = (): ReadNotes => ({ skipped: [], unreadable: [] });

export function emptyEntry(ref: string, title: string, year: number | null): ImportEntry {
  return { ref, title, year, originalTitle: null, imdbId: null, tmdbId: null, rating: null, ratedAt: null, queued: null, viewings: [] };
}

/** A value a row cannot be read with: the row is reported with this reason and left out. */
export class RowError extends Error {}
