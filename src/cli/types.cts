// The JSON the API answers (contract "JSON shapes"); the CLI prints these as they come with --json.
import type { Priority, Rating } from "./vocabulary.cjs";

export interface Movie {
  tmdbId: number;
  title: string;
  year: number | null;
  releaseDate: string | null;
  overview: string | null;
  posterPath: string | null;
  genres: { id: number; name: string }[];
  director: string | null;
  directors?: string[];
  cast: { id: number; name: string; character: string | null }[];
  runtime: number | null;
  /** Present on search results when the API passes TMDB's through; used to rank matches. */
  originalTitle?: string | null;
  popularity?: number;
  /** TMDB's vote count on search results (null from the API's cache): resolution off a TTY uses it. */
  voteCount?: number | null;
}

export interface MovieWithState extends Movie {
  myRating: Rating | null;
  queued: Priority | null;
}

export interface SearchPage {
  page: number;
  totalPages: number;
  totalResults: number;
  /** "cache" when TMDB could not be reached and the API searched its own copy. */
  source?: "tmdb" | "cache";
  results: MovieWithState[];
}

export interface RatingEntry {
  movie: Movie;
  rating: Rating;
  watched: boolean;
  createdAt: string;
  updatedAt: string;
  removedFromQueue?: boolean;
}

export interface QueueEntry {
  movie: Movie;
  priority: Priority;
  addedAt: string;
}

export interface User {
  id: string;
  email: string;
  username: string;
}

export interface AuthAnswer {
  user: User;
  token: string;
}

export interface NamedCount {
  name: string;
  count: number;
  /** Mean rating weight (−1 dislike … 2 super like) of the rated movies in this group. */
  averageWeight?: number;
}

export interface Stats {
  ratings: Record<Rating, number>;
  queue: Record<Priority, number>;
  totalRated?: number;
  topGenres?: NamedCount[];
  topDirectors?: NamedCount[];
  hoursWatched?: number;
  ratingsPerMonth?: { month: string; count: number }[];
  [more: string]: unknown;
}

export interface Recommendation {
  movie: Movie;
  score: number;
  reasons: string[];
}

export interface ExportDocument {
  version: 2;
  exportedAt: string;
  user: { username: string; email: string };
  ratings: { tmdbId: number; title: string; year: number | null; rating: Rating; watched: boolean; createdAt: string; updatedAt: string }[];
  watchlist: { tmdbId: number; title: string; year: number | null; priority: Priority; addedAt: string }[];
  history: { tmdbId: number; title: string; year: number | null; watchedOn: string | null; rewatch: boolean }[];
}

export interface Viewing {
  /** YYYY-MM-DD, or null: watched, date unknown. */
  watchedOn: string | null;
  rewatch: boolean;
}

/** POST /watchlist/:tmdbId/watched: the rating (null when the film has none) and the viewing recorded. */
export interface WatchedEntry {
  movie: Movie;
  rating: Rating | null;
  watched: boolean;
  createdAt?: string;
  updatedAt?: string;
  removedFromQueue: boolean;
  viewing: Viewing;
}

export interface HistoryEntry extends Viewing {
  movie: Movie;
  rating: Rating | null;
}

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export type ImportFormat = "letterboxd" | "imdb" | "watchlist";

/** `import --json` (contract, wave 2), summed over the batches of one import. */
export interface ImportReport {
  format: ImportFormat;
  dryRun: boolean;
  ratings: ImportCounts;
  watchlist: ImportCounts;
  history: ImportCounts;
  skipped: { title: string; year: number | null; reason: string }[];
  unmatched: { title: string; year: number | null; source: string }[];
  /** Rows of the file that could not be read (line number and reason); the rest was imported. */
  unreadable: { source: string; reason: string }[];
  /** The CSV the unmatched rows were written to, to correct and import again; null when none. */
  unmatchedFile: string | null;
}

/** The API's answer for one batch or document (older APIs: no history, skipped rows by TMDB id). */
export interface ImportAnswer {
  format?: ImportFormat;
  dryRun: boolean;
  ratings: ImportCounts;
  watchlist: ImportCounts;
  history?: ImportCounts;
  skipped?: { title?: string; year?: number | null; tmdbId?: number; reason: string }[];
  unmatched?: { title: string; year: number | null; source: string }[];
}

export interface ActivityEntry {
  id: string;
  action: string;
  movie: Movie | null;
  detail: string | null;
  at: string;
  undone: boolean;
  changes: number;
}

export interface UndoAnswer {
  undone: ActivityEntry;
  activity: ActivityEntry;
}
