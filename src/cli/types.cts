// The JSON the API answers, derived from the server's own types (`import type`: nothing of the server is
// loaded at run time) through type-fest's Jsonify (a Date becomes its ISO string). Change a shape on
// the server and the CLI's use of it no longer type-checks.
import type { Jsonify } from "type-fest";
import type { MovieJson } from "../services/movie-json.js";
import type { MovieDetails, SearchPage as SearchPageJson, SearchResult, MovieWithState as WithState } from "../services/movies.js";
import type { RatingEntryJson, recordRating } from "../services/ratings.js";
import type { RecommendationJson } from "../services/recommendations.js";
import type { Stats as StatsJson } from "../services/stats.js";
import type { ExportDocument as ExportJson, ImportReport as ImportReportJson } from "../services/transfer.js";
import type { PublicUser } from "../services/users.js";
import type { queueMovie, WatchlistEntryJson } from "../services/watchlist.js";

export type Movie = Jsonify<MovieJson>;
/** Search results carry TMDB's original title and popularity too; resolving a title ranks by them. */
export type MovieWithState = Jsonify<WithState> & Partial<Pick<Jsonify<SearchResult>, "originalTitle" | "popularity">>;
export type MovieDetailsAnswer = Jsonify<MovieDetails>;
export type SearchPage = Jsonify<SearchPageJson>;
export type RatingEntry = Jsonify<RatingEntryJson>;
/** PUT /ratings/:id and POST /watchlist/:id/watched: the entry, and whether it left the queue. */
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
export type ImportReport = Jsonify<ImportReportJson>;
