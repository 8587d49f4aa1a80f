// The TMDB v3 client: authentication (the v4 read token when set, else the v3 key), timeouts,
// retries with backoff, a cap on requests in flight, and the mapping of every failure to a TmdbError kind.
import pRetry, { AbortError } from "p-retry";
import type { TmdbConfig } from "../config.js";
import { type Logger, silentLogger } from "../logger.js";
import { localBudget, type TmdbBudget } from "./budget.js";
import { parseCertificationScales, parseDetails, parseFind, parseGenres, parsePage, parseWatchProviderList } from "./normalize.js";
import { TmdbScheduler } from "./scheduler.js";
import { type Genre, type TmdbClient, TmdbError, type TmdbRequestOptions } from "./types.js";

export const TMDB_KEY_HELP = "set TMDB_API_KEY (get a key at https://www.themoviedb.org/settings/api)";

export interface TmdbClientOptions {
  logger?: Logger;
  fetch?: typeof fetch;
  /** Delay before the first retry, doubled at each further retry. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** A longer Retry-After than this is cut down to it (a client should not hang for minutes). */
  maxRetryAfterMs?: number;
  /** No new attempt starts after this long: a hanging TMDB must not hold a caller for retries × timeout. */
  maxRetryTimeMs?: number;
  /** Requests in flight at once, across all callers of this client. */
  concurrency?: number;
  /** Requests started per second at most, across all callers (TMDB allows about 40). */
  ratePerSecond?: number;
  /** How long bulk work keeps retrying while TMDB answers 429 before it gives up. */
  maxBulkRetryTimeMs?: number;
  /** Where slots come from: the server's one budget in PostgreSQL (budget.ts), else this process's own. */
  budget?: TmdbBudget;
}

/**
 * Under TMDB's ~40 requests/s with a margin: its window and ours do not start at the same instant.
 * The budget spaces slots evenly (budget.ts), so 40 of them span 1,026 ms: a request may leave up to
 * 25 ms late without a 41st in any second (bench/scale.mjs, bench/import.mjs: no more 429s than at 38).
 */
export const DEFAULT_TMDB_RATE = 39;
/** Slots of the concurrency cap that bulk work never takes, so a person's request never waits for one. */
const INTERACTIVE_RESERVE = 2;
/** What the details request appends: cast and crew, certifications, watch providers of every region. */
export const DETAILS_APPENDED = "credits,release_dates,watch/providers";

type Query = Record<string, string | number | undefined>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After is either delay-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 0 : Math.max(0, date - now);
}

/** TMDB's error bodies carry `status_message` (or `errors` for validation failures). */
function errorMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { status_message?: unknown; errors?: unknown };
    if (typeof parsed.status_message === "string") return parsed.status_message;
    if (Array.isArray(parsed.errors)) return parsed.errors.join("; ");
  } catch {
    // Not JSON (a proxy's HTML page, say): the status alone will do.
  }
  return undefined;
}

function networkError(error: unknown, timeoutMs: number): TmdbError {
  if (error instanceof Error && error.name === "TimeoutError") {
    return Object.assign(new TmdbError("unavailable", `TMDB did not answer within ${timeoutMs} ms`), { timeoutMs });
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return new TmdbError("unavailable", `TMDB is unreachable (${error instanceof Error ? error.message : String(error)}${cause})`);
}

function statusError(status: number, body: string): TmdbError {
  const detail = errorMessage(body) ?? `HTTP ${status}`;
  if (status === 401)
    return new TmdbError("unauthorized", `TMDB rejected the credentials (${detail}); check TMDB_API_KEY or TMDB_READ_TOKEN`, status);
  if (status === 404) return new TmdbError("not_found", `TMDB: ${detail}`, status);
  if (status === 429) return new TmdbError("rate_limited", `TMDB rate limit reached (${detail})`, status);
  if (status >= 500) return new TmdbError("unavailable", `TMDB failed with ${status} (${detail})`, status);
  return new TmdbError("bad_response", `TMDB refused the request with ${status} (${detail})`, status);
}

const retryable = (error: TmdbError) => error.kind === "unavailable" || error.kind === "rate_limited";

export function createTmdbClient(config: TmdbConfig, options: TmdbClientOptions = {}): TmdbClient {
  const logger = options.logger ?? silentLogger;
  const fetchImpl = options.fetch ?? fetch;
  const backoffMs = options.backoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 8000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
  const concurrency = options.concurrency ?? 8;
  const rate = options.ratePerSecond ?? config.ratePerSecond ?? DEFAULT_TMDB_RATE;
  // Starts spread evenly (one every 1000/rate ms of the budget, shared by the server's processes when
  // it lives in PostgreSQL), interactive requests ahead of bulk ones, members in turn (scheduler.ts).
  const scheduler = new TmdbScheduler({
    budget: options.budget ?? localBudget(rate),
    concurrency,
    interactiveReserve: Math.min(INTERACTIVE_RESERVE, concurrency - 1),
  });

  async function request(path: string, query: Query = {}, { lane = "interactive", signal }: TmdbRequestOptions = {}): Promise<unknown> {
    if (!config.apiKey && !config.readToken) throw new TmdbError("not_configured", `TMDB is not configured: ${TMDB_KEY_HELP}`);
    const url = new URL(config.baseUrl + path);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = { accept: "application/json" };
    if (config.readToken) headers.authorization = `Bearer ${config.readToken}`;
    else url.searchParams.set("api_key", config.apiKey!);

    let waitBeforeRetry = 0;
    const call = async () => {
      waitBeforeRetry = 0;
      const started = performance.now();
      let response: Response;
      let body: string;
      try {
        const timeout = AbortSignal.timeout(config.timeoutMs);
        response = await fetchImpl(url, { headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
        body = await response.text();
      } catch (error) {
        if (signal?.aborted) throw new AbortError(signal.reason);
        throw networkError(error, config.timeoutMs);
      }
      logger.debug("tmdb", { path, status: response.status, ms: Math.round(performance.now() - started) });
      if (!response.ok) {
        const error = statusError(response.status, body);
        if (!retryable(error)) throw new AbortError(error);
        if (response.status === 429) {
          const asked = retryAfterMs(response.headers.get("retry-after"));
          if (asked > 0) error.retryAfterSeconds = Math.ceil(asked / 1000);
          waitBeforeRetry = Math.min(asked || backoffMs, maxRetryAfterMs);
          // A 429 concerns the whole API key: every lane of every process waits out Retry-After.
          scheduler.holdOff(waitBeforeRetry);
        }
        throw error;
      }
      try {
        return JSON.parse(body) as unknown;
      } catch {
        throw new AbortError(new TmdbError("bad_response", `TMDB sent something that is not JSON for ${path}`));
      }
    };
    const attempt = () => scheduler.run(call, lane, signal);

    const bulk = lane !== "interactive";
    const outlastable = (error: unknown) => bulk && error instanceof TmdbError && error.kind === "rate_limited";
    return pRetry(attempt, {
      // Bulk: one spare retry that a 429 never consumes (p-retry stops at zero left, consumed or not).
      retries: bulk ? config.retries + 1 : config.retries,
      minTimeout: backoffMs,
      maxTimeout: maxBackoffMs,
      factor: 2,
      signal,
      // Bulk work outlasts a burst of 429s (the pause above paces it) instead of failing the import.
      shouldConsumeRetry: ({ error }) => !outlastable(error),
      shouldRetry: ({ error, retriesConsumed }) => outlastable(error) || retriesConsumed < config.retries,
      maxRetryTime: bulk ? (options.maxBulkRetryTimeMs ?? 600_000) : (options.maxRetryTimeMs ?? 15_000),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft, retriesConsumed }) => {
        if (retriesLeft === 0 || signal?.aborted) return;
        logger.warn("tmdb retry", { path, attempt: attemptNumber, error: error.message });
        // p-retry then waits its own backoff; top that up to what Retry-After asked for.
        const backoff = Math.min(backoffMs * 2 ** retriesConsumed, maxBackoffMs);
        if (waitBeforeRetry > backoff) await sleep(waitBeforeRetry - backoff);
      },
    });
  }

  let genres: Promise<Genre[]> | undefined;

  return {
    async searchMovies(query, { year, page, ...lane } = {}) {
      return parsePage(await request("/search/movie", { query, year, page }, lane));
    },
    async getMovie(tmdbId, lane) {
      // One call for everything the app keeps about a film (docs/where-to-watch.md).
      const details = parseDetails(await request(`/movie/${tmdbId}`, { append_to_response: DETAILS_APPENDED }, lane));
      // Caching another movie's data under this id would be worse than failing.
      if (details.tmdbId !== tmdbId) throw new TmdbError("bad_response", `TMDB answered movie ${details.tmdbId} for movie ${tmdbId}`);
      return details;
    },
    async findByImdbId(imdbId, lane) {
      return parseFind(await request(`/find/${encodeURIComponent(imdbId)}`, { external_source: "imdb_id" }, lane));
    },
    async getRecommendations(tmdbId, { page } = {}) {
      return parsePage(await request(`/movie/${tmdbId}/recommendations`, { page }));
    },
    getGenres() {
      if (!genres) {
        genres = request("/genre/movie/list").then(parseGenres);
        // A failure is not cached: the next call asks again.
        genres.catch(() => (genres = undefined));
      }
      return genres;
    },
    async getWatchProviderList(lane) {
      return parseWatchProviderList(await request("/watch/providers/movie", {}, lane));
    },
    async getCertificationScales(lane) {
      return parseCertificationScales(await request("/certification/movie/list", {}, lane));
    },
  };
}
