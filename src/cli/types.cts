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
  version: 1;
  exportedAt: string;
  user: { username: string; email: string };
  ratings: { tmdbId: number; title: string; year: number | null; rating: Rating; watched: boolean; createdAt: string; updatedAt: string }[];
  watchlist: { tmdbId: number; title: string; year: number | null; priority: Priority; addedAt: string }[];
}

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  dryRun: boolean;
  ratings: ImportCounts;
  watchlist: ImportCounts;
  skipped: { tmdbId: number; title?: string; reason: string }[];
}
