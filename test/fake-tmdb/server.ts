// A fake TMDB v3 API on 127.0.0.1, started in-process by tests (point TMDB_BASE_URL / the client's
// baseUrl at `url`). It serves the catalogue in TMDB's shapes and can be told to fail.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { creditsBody, detailsBody, errorBodies, failureBody, findBody, genreListBody, pageBody } from "./bodies.js";
import { type FakeMovie, fakeMovieList } from "./catalogue.js";
import { FAKE_TV_IMDB_ID, tmdbIdOfImdb } from "./imdb.js";
import { certificationListBody, providerListBody } from "./watch.js";

export const FAKE_TMDB_KEY = "test-key";
export const FAKE_TMDB_TOKEN = "test-token";
const MAX_PAGE = 500;

export interface FakeTmdbOptions {
  /** Movies added to the catalogue (same id: replaces the catalogue's one). */
  movies?: FakeMovie[];
  /** Delay before every answer, in ms (timeout tests). */
  latencyMs?: number;
  /** Enforce TMDB's limit: beyond this many requests in any 1 s, answer 429 with Retry-After. */
  ratePerSecond?: number;
}

export interface FakeRequest {
  /** Relative to `url`, e.g. "/movie/27205". */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** When it arrived (Date.now()) and the status it got (set once answered). */
  at: number;
  status?: number;
}

export interface FakeTmdb {
  /** The API root, like https://api.themoviedb.org/3. */
  url: string;
  /** Every request received, failed ones included. */
  requests: FakeRequest[];
  /** The next `times` requests answer `status` with TMDB's body for it (and these headers). */
  failNext(status: number, times?: number, headers?: Record<string, string>): void;
  /** The next request gets exactly this answer (unreadable bodies, odd shapes). */
  sendNext(status: number, body: string, headers?: Record<string, string>): void;
  /** While down, every request gets a 503, or has its connection reset. */
  setDown(down: boolean, how?: "503" | "reset"): void;
  setLatency(ms: number): void;
  /** Rate-limited mode on (requests per sliding second) or off (null). */
  setRateLimit(perSecond: number | null): void;
  close(): Promise<void>;
}

interface Scripted {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** TMDB matches every word of the query against the start of a word of the title. */
function words(text: string): string[] {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function matches(movie: FakeMovie, queryWords: string[]): boolean {
  const titleWords = [...words(movie.title), ...words(movie.originalTitle ?? "")];
  return queryWords.every((word) => titleWords.some((titleWord) => titleWord.startsWith(word)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeTmdb(options: FakeTmdbOptions = {}): Promise<FakeTmdb> {
  const catalogue = new Map<number, FakeMovie>();
  for (const movie of [...fakeMovieList, ...(options.movies ?? [])]) catalogue.set(movie.id, movie);
  const byImdbId = new Map([...catalogue.values()].filter((movie) => movie.imdbId).map((movie) => [movie.imdbId!, movie.id]));
  const byPopularity = () => [...catalogue.values()].sort((a, b) => b.popularity - a.popularity);

  const requests: FakeRequest[] = [];
  const scripted: Scripted[] = [];
  let down: false | "503" | "reset" = false;
  let latencyMs = options.latencyMs ?? 0;
  let ratePerSecond = options.ratePerSecond ?? null;
  const recentArrivals: number[] = [];

  /** A sliding window over the last second, as TMDB counts: over the limit → 429, Retry-After 1. */
  function overRateLimit(now: number): boolean {
    if (ratePerSecond === null) return false;
    while (recentArrivals.length > 0 && recentArrivals[0]! <= now - 1000) recentArrivals.shift();
    if (recentArrivals.length >= ratePerSecond) return true;
    recentArrivals.push(now);
    return false;
  }

  function route(path: string, query: URLSearchParams): { status: number; body: unknown } {
    const page = Number(query.get("page") ?? "1");
    if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) return { status: 400, body: errorBodies[400] };

    if (path === "/genre/movie/list") return { status: 200, body: genreListBody() };
    if (path === "/watch/providers/movie") return { status: 200, body: providerListBody() };
    if (path === "/certification/movie/list") return { status: 200, body: certificationListBody() };

    const findPath = /^\/find\/([^/]+)$/.exec(path);
    if (findPath) {
      if (query.get("external_source") !== "imdb_id") return { status: 400, body: errorBodies[400] };
      const imdbId = decodeURIComponent(findPath[1]!);
      const tmdbId = tmdbIdOfImdb(imdbId) ?? byImdbId.get(imdbId);
      return {
        status: 200,
        body: findBody(tmdbId ? catalogue.get(tmdbId) : undefined, imdbId === FAKE_TV_IMDB_ID ? "Breaking Bad" : undefined),
      };
    }

    if (path === "/search/movie") {
      const queryWords = words(query.get("query") ?? "");
      if (queryWords.length === 0) return { status: 422, body: errorBodies[422] };
      const year = query.get("year") ?? query.get("primary_release_year");
      const found = byPopularity().filter((movie) => matches(movie, queryWords) && (!year || movie.releaseDate.startsWith(year)));
      return { status: 200, body: pageBody(found, page) };
    }

    const moviePath = /^\/movie\/(\d+)(\/credits|\/recommendations)?$/.exec(path);
    const movie = moviePath ? catalogue.get(Number(moviePath[1])) : undefined;
    if (!moviePath || !movie) return { status: 404, body: errorBodies[404] };
    if (moviePath[2] === "/credits") return { status: 200, body: { id: movie.id, ...creditsBody(movie) } };
    if (moviePath[2] === "/recommendations") {
      const recommended = movie.recommendations.map((id) => catalogue.get(id)).filter((found) => found !== undefined);
      return { status: 200, body: pageBody(recommended, page, { mediaType: true }) };
    }
    const appended = (query.get("append_to_response") ?? "").split(",");
    return { status: 200, body: detailsBody(movie, appended) };
  }

  function authorized(query: URLSearchParams, request: IncomingMessage): boolean {
    return query.get("api_key") === FAKE_TMDB_KEY || request.headers.authorization === `Bearer ${FAKE_TMDB_TOKEN}`;
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://fake");
    const path = url.pathname.replace(/^\/3(?=\/)/, "");
    const record: FakeRequest = {
      path,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers } as Record<string, string | undefined>,
      at: Date.now(),
    };
    requests.push(record);
    const send = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status;
      response.writeHead(status, { "content-type": "application/json;charset=utf-8", ...headers });
      response.end(body);
    };
    if (overRateLimit(record.at)) return send(response, 429, failureBody(429), { "retry-after": "1" });
    if (latencyMs > 0) await sleep(latencyMs);

    if (down === "reset") return request.socket.destroy();
    if (down === "503") return send(response, 503, failureBody(503));
    const next = scripted.shift();
    if (next) return send(response, next.status, next.body, next.headers);
    if (!url.pathname.startsWith("/3/")) return send(response, 404, JSON.stringify(errorBodies[404]));
    if (!authorized(url.searchParams, request)) return send(response, 401, JSON.stringify(errorBodies[401]));
    const answer = route(path, url.searchParams);
    send(response, answer.status, JSON.stringify(answer.body));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/3`,
    requests,
    failNext(status, times = 1, headers = {}) {
      for (let i = 0; i < times; i++) scripted.push({ status, body: failureBody(status), headers });
    },
    sendNext(status, body, headers = {}) {
      scripted.push({ status, body, headers });
    },
    setDown(isDown, how = "503") {
      down = isDown ? how : false;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setRateLimit(perSecond) {
      ratePerSecond = perSecond;
      recentArrivals.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
