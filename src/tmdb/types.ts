// The TMDB client's public shape. Everything the rest of the app knows about TMDB goes through this
// interface, so tests can point it at the project's fake TMDB server (TMDB_BASE_URL).

export interface Genre {
  id: number;
  name: string;
}

export interface CastMember {
  id: number;
  name: string;
  character: string | null;
}

/** What TMDB's lists and its movie details both carry. */
interface TmdbMovieFields {
  tmdbId: number;
  title: string;
  originalTitle: string | null;
  /** "YYYY-MM-DD", or null where TMDB sends "" or null. */
  releaseDate: string | null;
  overview: string | null;
  posterPath: string | null;
  popularity: number;
  voteAverage: number | null;
  /** How many TMDB users rated it: tells a well-known film from an obscure namesake (optional: stand-ins may omit it). */
  voteCount?: number | null;
  /** ISO 639-1 (TMDB also says "cn" for Cantonese and "xx" for no language); optional: stand-ins may omit it. */
  originalLanguage?: string | null;
}

/** A search or recommendation result: TMDB lists carry genre ids only, no runtime, director or cast. */
export interface TmdbMovieSummary extends TmdbMovieFields {
  genreIds: number[];
}

/** One watch provider of a film in a region (TMDB's watch/providers, JustWatch's data). */
export interface WatchProviderOffer {
  id: number;
  name: string;
  displayPriority: number | null;
}

/** TMDB's watch/providers keys, in the order `where` shows them. */
export const PROVIDER_KINDS = ["flatrate", "free", "ads", "rent", "buy"] as const;
export type ProviderKindName = (typeof PROVIDER_KINDS)[number];

/** A film's providers in one region, and the region's JustWatch page. */
export type RegionProviders = { link: string | null } & Record<ProviderKindName, WatchProviderOffer[]>;

/** /movie/{id}?append_to_response=credits,release_dates,watch/providers, normalized. */
export interface TmdbMovieDetails extends TmdbMovieFields {
  genres: Genre[];
  /** Every crew member with job "Director", in TMDB's order (never only the first). */
  directors: string[];
  /** Top-billed cast, in billing order. */
  cast: CastMember[];
  runtime: number | null;
  /** IMDb's id ("tt…"), when TMDB knows it. */
  imdbId: string | null;
  /** Production countries, ISO 3166-1 alpha-2. */
  countries: string[];
  /** Region → its theatrical certification, else its digital one (regions without one are left out); null when the answer had no release_dates. */
  certifications: Record<string, string> | null;
  /** Region → providers (regions TMDB lists nothing for are left out); null when the answer had no watch/providers. */
  watchProviders: Record<string, RegionProviders> | null;
}

/** /watch/providers/movie: every provider TMDB knows, across regions. */
export interface WatchProviderListEntry {
  id: number;
  name: string;
  displayPriority: number | null;
}

/** /certification/movie/list: region → its certifications from the mildest, in TMDB's `order`. */
export type CertificationScales = Record<string, string[]>;

export interface TmdbPage<T> {
  page: number;
  totalPages: number;
  totalResults: number;
  results: T[];
}

/**
 * Which lane a request waits in: "interactive" (a person waiting: search, show, rate) always goes ahead
 * of "bulk" (import matching), itself ahead of "background" (filling in and refreshing films' details:
 * nobody waits for them, and an import's next batch must not queue behind its last one's details).
 * Bulk and background work outlasts bursts of 429s instead of failing. `signal` drops a request still
 * waiting and aborts one in flight (an import whose client went away).
 */
export interface TmdbRequestOptions {
  lane?: "interactive" | "bulk" | "background";
  signal?: AbortSignal;
}

export interface TmdbClient {
  searchMovies(query: string, options?: { year?: number; page?: number } & TmdbRequestOptions): Promise<TmdbPage<TmdbMovieSummary>>;
  /** Throws TmdbError with kind "not_found" for an unknown id. */
  getMovie(tmdbId: number, options?: TmdbRequestOptions): Promise<TmdbMovieDetails>;
  /** /find/{imdbId}?external_source=imdb_id: the movie with this IMDb id, or null when TMDB has none. */
  findByImdbId(imdbId: string, options?: TmdbRequestOptions): Promise<TmdbMovieSummary | null>;
  getRecommendations(tmdbId: number, options?: { page?: number }): Promise<TmdbPage<TmdbMovieSummary>>;
  /** Genre id → name (cached by the client after the first call). */
  getGenres(): Promise<Genre[]>;
  getWatchProviderList(options?: TmdbRequestOptions): Promise<WatchProviderListEntry[]>;
  getCertificationScales(options?: TmdbRequestOptions): Promise<CertificationScales>;
}

export type TmdbErrorKind =
  | "not_configured" // no TMDB_API_KEY / TMDB_READ_TOKEN
  | "unauthorized" // TMDB said 401: the key is wrong
  | "not_found"
  | "rate_limited" // still 429 after the retries
  | "unavailable" // network error, timeout, 5xx after the retries
  | "bad_response"; // TMDB answered something we cannot read

export class TmdbError extends Error {
  /** For rate_limited: how long TMDB asked us to wait (its Retry-After), when it said. */
  retryAfterSeconds?: number;
  /** For unavailable: TMDB did not answer within this many milliseconds (our own limit, safe to tell). */
  timeoutMs?: number;

  constructor(
    readonly kind: TmdbErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "TmdbError";
  }
}
