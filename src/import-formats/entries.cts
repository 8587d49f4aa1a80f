// What an import reads from a file, in the shape of the import wire format (docs/import-cli.md): one
// entry per film, ratings already mapped to our four levels, the source's dates kept.

export type ImportFormat = "letterboxd" | "imdb" | "watchlist";
export type Rating = "DISLIKE" | "OK" | "LIKE" | "SUPER_LIKE";
export const RATINGS: readonly Rating[] = ["DISLIKE", "OK", "LIKE", "SUPER_LIKE"];

export interface Viewing {
  /** "YYYY-MM-DD", or null: watched, date unknown. */
  watchedOn: string | null;
  rewatch: boolean;
  /** Tags as written ("imax", "with sam"); the server folds them for comparison. */
  tags?: string[];
  /** The review of this viewing (Letterboxd's reviews.csv, a Review column). */
  review?: ViewingReview | null;
}

export interface ViewingReview {
  text: string;
  spoilers: boolean;
  /** ISO timestamp of when it was written, or null (then: now). */
  createdAt: string | null;
}

/** What a Letterboxd profile.csv brings: its bio and how many favourite films it names (entries carry their place). */
export interface ImportedProfile {
  bio: string | null;
  /** The favourite films the file names (0–4): places past this are cleared. */
  favourites: number;
}

/** A film's place in a list of the source (a Letterboxd list, the likes, an IMDb list). */
export interface ListMembership {
  /** The list's name. */
  list: string;
  /** Its position in a ranked list; null in an unranked one. */
  position: number | null;
  note: string | null;
  /** ISO timestamp, or null (then: now). */
  addedAt: string | null;
}

/** A list the source brings: sent with every batch, so the server can make it before its films. */
export interface ImportedList {
  name: string;
  description: string | null;
  ranked: boolean;
}

/** A file of an export that is not imported, and why (comments.csv, deleted/…). */
export interface NotImported {
  source: string;
  reason: string;
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
  lists: ListMembership[];
  /** Its place (1–4) among the profile's favourite films, when it is one. */
  favourite?: number;
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
  /** Files of an export that are not imported (named, with the reason). */
  notImported: NotImported[];
  /** The lists the entries name (filled while reading, before the first entry that names one). */
  lists: ImportedList[];
  /** The profile the source brings (sent once, with the first batch). */
  profile: ImportedProfile | null;
}

export const newNotes = (): ReadNotes => ({ skipped: [], unreadable: [], notImported: [], lists: [], profile: null });

export function emptyEntry(ref: string, title: string, year: number | null): ImportEntry {
  return {
    ref,
    title,
    year,
    originalTitle: null,
    imdbId: null,
    tmdbId: null,
    rating: null,
    ratedAt: null,
    queued: null,
    viewings: [],
    lists: [],
  };
}

/** A value a row cannot be read with: the row is reported with this reason and left out. */
export class RowError extends Error {}
