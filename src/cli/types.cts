// The JSON the API answers, derived from the server's own types (`import type`: nothing of the server is
// loaded at run time) through type-fest's Jsonify (a Date becomes its ISO string). Change a shape on
// the server and the CLI's use of it no longer type-checks.
import type { Jsonify } from "type-fest";
import type { ActivityJson, UndoJson } from "../services/activity.js";
import type { HistoryEntryJson, ViewingJson, WatchedJson } from "../services/history.js";
import type { ExportDocument as ExportJson, ImportReport as ImportAnswerJson, ImportFormat } from "../services/import/index.js";
import type { MovieJson } from "../services/movie-json.js";
import type { MovieDetails, SearchPage as SearchPageJson, SearchResult, MovieWithState as WithState } from "../services/movies.js";
import type { OwnProfileJson, ProfileJson } from "../services/profiles.js";
import type { RatingEntryJson, recordRating } from "../services/ratings.js";
import type { RecommendationJson } from "../services/recommendations.js";
import type { CommentJson, ReviewJson } from "../services/reviews.js";
import type { Stats as StatsJson } from "../services/stats.js";
import type { TagJson } from "../services/tags.js";
import type { PublicUser } from "../services/users.js";
import type { queueMovie, WatchlistEntryJson } from "../services/watchlist.js";
import type { WhereJson } from "../services/where.js";

export type Movie = Jsonify<MovieJson>;
/** Search results carry TMDB's original title, popularity and vote count too; resolving a title ranks by them. */
export type MovieWithState = Jsonify<WithState> & Partial<Pick<Jsonify<SearchResult>, "originalTitle" | "popularity" | "voteCount">>;
export type MovieDetailsAnswer = Jsonify<MovieDetails>;
export type SearchPage = Jsonify<SearchPageJson>;
export type RatingEntry = Jsonify<RatingEntryJson>;
/** PUT /ratings/:id: the entry, and whether it left the queue. */
export type RatedEntry = Jsonify<Awaited<ReturnType<typeof recordRating>>>;
export type QueueEntry = Jsonify<WatchlistEntryJson>;
export type QueuedEntry = Jsonify<Awaited<ReturnType<typeof queueMovie>>>;
export type User = Jsonify<PublicUser>;
/** POST /auth/register and /auth/login. */
export interface AuthAnswer {
  user: User;
  token: string;
}
export type Stats = Jsonify<StatsJson>;
export type Recommendation = Jsonify<RecommendationJson>;
export type ExportDocument = Jsonify<ExportJson>;
export type Viewing = Jsonify<ViewingJson>;
/** POST /watchlist/:tmdbId/watched: the rating (null when the film has none) and the viewing recorded. */
export type WatchedEntry = Jsonify<WatchedJson>;
export type HistoryEntry = Jsonify<HistoryEntryJson>;
/** The API's answer to one batch or document of an import. */
export type ImportAnswer = Jsonify<ImportAnswerJson>;
/** GET /movies/:tmdbId/providers (`where --json`). */
export type WhereAnswer = Jsonify<WhereJson>;
export type ActivityEntry = Jsonify<ActivityJson>;
export type UndoAnswer = Jsonify<UndoJson>;
export type { ImportFormat };

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/** `import --json` (contract, wave 2), summed over the batches of one import. */
export interface ImportReport {
  format: ImportFormat;
  dryRun: boolean;
  ratings: ImportCounts;
  watchlist: ImportCounts;
  history: ImportCounts;
  /** Lists made or brought up to date (Letterboxd lists and likes, an IMDb list, a version 3 export). */
  lists: ImportCounts;
  /** Films put in lists (added), notes changed (updated), already there (unchanged). */
  listEntries: ImportCounts;
  /** Reviews of viewings (Letterboxd's reviews.csv, a version 3 export). */
  reviews: ImportCounts;
  /** Tags put on viewings. */
  tags: ImportCounts;
  /** Profile fields: bio, avatar, region, services, visibility, share-taste, each favourite film's place. */
  profile: ImportCounts;
  /** Each rating or queue entry counted as updated: what it was, what it becomes (a dry run says the same). */
  updated: ImportAnswer["updated"];
  skipped: { title: string; year: number | null; reason: string }[];
  unmatched: { title: string; year: number | null; source: string }[];
  /** Rows of the file that could not be read (line number and reason); the rest was imported. */
  unreadable: { source: string; reason: string }[];
  /** Files of the export, or parts of the file, that are not imported, and why (comments.csv, deleted/…). */
  notImported: { source: string; reason: string }[];
  /** The CSV the unmatched rows were written to, to correct and import again; null when none. */
  unmatchedFile: string | null;
  /** The account's films whose details (runtime, credits, where to watch) are still being filled in after the import. */
  detailsPending: number;
}
export type Review = Jsonify<ReviewJson>;
export type ReviewComment = Jsonify<CommentJson>;
export type Tag = Jsonify<TagJson>;
export type Profile = Jsonify<ProfileJson>;
export type OwnProfile = Jsonify<OwnProfileJson>;
