// A typed client of the watchlist API. It speaks HTTP with node:http rather than fetch: fetch loads
// undici on first use (~20 ms), a third of the start-up budget of `watchlist queue --json`.
import { once } from "node:events";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { authError, CliError, EXIT } from "./errors.cjs";
import type { FilmFilterFlags } from "./film-filters.cjs";
import { notice } from "./output/io.cjs";
import { environmentRegion } from "./region.cjs";
import type {
  AuthAnswer,
  HistoryEntry,
  ImportAnswer,
  MovieDetailsAnswer,
  QueuedEntry,
  QueueEntry,
  RatedEntry,
  RatingEntry,
  Recommendation,
  SearchPage,
  Stats,
  UndoAnswer,
  User,
  WatchedEntry,
} from "./types.cjs";
import type { Priority, Rating } from "./vocabulary.cjs";

/** An error answer of the API (`{error:{code,message}}`), kept so commands can word known codes. */
export class ApiRequestError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    exitCode: number = EXIT.failure,
  ) {
    super(message, exitCode);
    this.name = "ApiRequestError";
  }
}

type Query = Record<string, string | number | boolean | undefined>;

interface CallOptions {
  query?: Query;
  body?: unknown;
  /** false for register and login, which need no token. */
  auth?: boolean;
  signal?: AbortSignal;
  /** Called with the answer's headers (a paged list's next cursor). */
  onHeaders?: (headers: IncomingMessage["headers"]) => void;
}

const REQUEST_TIMEOUT_MS = 60_000;
/**
 * A server with read replicas marks its answer to a write (src/api/middleware/read-your-writes.ts);
 * sent back with the next requests, it makes whichever API process answers them read from the primary.
 */
const WRITE_MARK_HEADER = "watchlist-wrote";

/** Where the client keeps the last write mark between commands (the config, per API). */
export interface WriteMarks {
  last?: string;
  remember(mark: string): Promise<void>;
}
const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "ETIMEDOUT"]);

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
    /** What to tell a person when the API does not answer. */
    private readonly unreachableHint = "start one with `watchlist serve`, or point --api-url / WATCHLIST_API_URL at a running API",
    /** The API a token from this client belongs to (see tokenScope in session.cts). */
    readonly scope = baseUrl,
    private readonly writeMarks?: WriteMarks,
  ) {}

  /** Names the account this client acts for (the API and its token), without the token itself. */
  accountKey(): string {
    const { createHash } = require("node:crypto") as typeof import("node:crypto");
    return createHash("sha256")
      .update(`${this.scope}\u0000${this.token ?? ""}`)
      .digest("hex");
  }

  register = (body: { email: string; username: string; password: string }) =>
    this.call<AuthAnswer>("POST", "/auth/register", { body, auth: false });
  login = (body: { email: string; password: string }) => this.call<AuthAnswer>("POST", "/auth/login", { body, auth: false });
  /** Ends this token's session on the server; `all`: every session of the account. */
  logout = (all: boolean) => this.call<void>("POST", "/auth/logout", { body: all ? { all: true } : {} });
  me = () => this.call<User>("GET", "/me");
  deleteMe = () => this.call<void>("DELETE", "/me");

  search = (query: { q: string; year?: number; page?: number; lang?: string }) => this.call<SearchPage>("GET", "/movies/search", { query });
  movie = (tmdbId: number) => this.call<MovieDetailsAnswer>("GET", `/movies/${tmdbId}`);

  ratings = (query: { rating?: string; sort?: string; limit?: number; cursor?: string; of?: string }) =>
    this.page<RatingEntry>("/ratings", query);
  rate = (tmdbId: number, rating: Rating) => this.call<RatedEntry>("PUT", `/ratings/${tmdbId}`, { body: { rating } });
  unrate = (tmdbId: number) => this.call<void>("DELETE", `/ratings/${tmdbId}`);

  queue = (query: { priority?: string; sort?: string; limit?: number; cursor?: string } & FilmFilterFlags) =>
    this.page<QueueEntry>("/watchlist", query);
  enqueue = (tmdbId: number, priority?: Priority) =>
    this.call<QueuedEntry>("PUT", `/watchlist/${tmdbId}`, { body: priority ? { priority } : {} });
  unqueue = (tmdbId: number) => this.call<void>("DELETE", `/watchlist/${tmdbId}`);
  watched = (tmdbId: number, body: { rating?: Rating; watchedOn?: string; tags?: string[]; rewatch?: boolean }) =>
    this.call<WatchedEntry>("POST", `/watchlist/${tmdbId}/watched`, { body });
  history = (query: { year?: number; limit?: number; cursor?: string; of?: string; tag?: string }) =>
    this.page<HistoryEntry>("/history", query);

  undo = () => this.call<UndoAnswer>("POST", "/activity/undo");

  stats = () => this.call<Stats>("GET", "/stats");
  recommendations = (query: { limit?: number; genre?: string } & FilmFilterFlags) =>
    this.call<Recommendation[]>("GET", "/recommendations", { query });
  /** Streams the export into `sink` as it arrives; answers the API's counts of what it holds. */
  exportTo = (format: "json" | "csv" | "letterboxd", sink: NodeJS.WritableStream) => this.download("/export", { format }, sink);
  /** An export document or a batch of the import wire format; `signal` abandons it (Ctrl-C). */
  importAccount = (body: unknown, options: { dryRun: boolean; importId: string; signal?: AbortSignal }) =>
    this.call<ImportAnswer>("POST", "/import", {
      body,
      query: { dryRun: options.dryRun || undefined, importId: options.importId },
      signal: options.signal,
    });

  /** GET one page of a paged list route: its rows and the cursor of the next page (X-Next-Cursor), if any. */
  async page<T>(path: string, query: Query): Promise<{ items: T[]; next: string | null }> {
    let next: string | null = null;
    const items = await this.call<T[]>("GET", path, {
      query,
      onHeaders: (headers) => {
        const cursor = headers["x-next-cursor"];
        next = typeof cursor === "string" && cursor ? cursor : null;
      },
    });
    return { items, next };
  }

  async call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const { url, headers, body } = this.prepare(path, options);
    const response = await this.send(method, url, headers, body, options.signal);
    options.onHeaders?.(response.headers);
    sayRefreshing(response.headers);
    sayDetailsPending(response.headers);
    const text = response.text;
    const data = text && response.json ? parseJson(text) : undefined;
    if (response.status === 204) return undefined as T;
    if (response.status < 400) {
      if (data === undefined)
        throw new CliError(`the API at ${this.baseUrl} did not answer JSON for ${method} ${url.pathname}: is it a watchlist API?`);
      return data as T;
    }
    throw this.answerError(method, url, response.status, data, options);
  }

  /**
   * GET `path` and write the body into `sink` chunk by chunk (waiting when the sink is full), for
   * answers too big to hold: an export. Headers of the answer are returned once the body is written.
   */
  async download(path: string, query: Query, sink: NodeJS.WritableStream): Promise<IncomingMessage["headers"]> {
    const { url, headers } = this.prepare(path, { query });
    const res = await this.open("GET", url, headers);
    if ((res.statusCode ?? 0) >= 400) {
      const text = await readAll(res);
      const isJson = /json/.test(String(res.headers["content-type"]));
      throw this.answerError("GET", url, res.statusCode ?? 0, isJson ? parseJson(text) : undefined, {});
    }
    try {
      for await (const chunk of res) {
        if (!sink.write(chunk as Buffer)) await once(sink, "drain");
      }
    } catch (error) {
      // The API cut the answer short (its database failed halfway): what was written is incomplete.
      throw new CliError(
        `the API at ${this.baseUrl} stopped in the middle of ${url.pathname} (${(error as Error).message}): nothing complete was written`,
      );
    }
    return res.headers;
  }

  private prepare(path: string, options: CallOptions) {
    const url = new URL(this.baseUrl.replace(/\/+$/, "") + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== "") url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: "application/json" };
    // Without a token the request still goes out: an unreachable API is the more useful thing to say.
    if (options.auth !== false && this.token) headers.authorization = `Bearer ${this.token}`;
    if (this.token && this.writeMarks?.last) headers[WRITE_MARK_HEADER] = this.writeMarks.last;
    const region = environmentRegion();
    if (region) headers["watchlist-region"] = region;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    return { url, headers, body };
  }

  private answerError(method: string, url: URL, status: number, data: unknown, options: CallOptions): CliError {
    const error = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
    const code = error?.code ?? `http_${status}`;
    const message = error?.message ?? `the API at ${this.baseUrl} answered ${status} for ${method} ${url.pathname}`;
    if (status === 401) {
      if (options.auth === false) return authError(message);
      // The local API's port changes at each start: naming it would only confuse (issue 17 item 19).
      const where = this.scope === "local" ? " (local mode)" : ` to ${this.baseUrl}`;
      if (!this.token) return authError(`not logged in${where}: run \`watchlist login\` (or \`watchlist register\`)`);
      return authError(`${message}: run \`watchlist login\``);
    }
    const hint = code === "tmdb_not_configured" ? " (for the local API: `watchlist config set tmdb-key KEY`)" : "";
    // 422: the API understood the request and refused a value the person gave: a usage error.
    return new ApiRequestError(status, code, message + hint, status === 422 ? EXIT.usage : EXIT.failure);
  }

  private async send(method: string, url: URL, headers: Record<string, string>, body?: string, signal?: AbortSignal) {
    const res = await this.open(method, url, headers, body, signal);
    const mark = res.headers[WRITE_MARK_HEADER];
    if (typeof mark === "string" && this.writeMarks && mark !== this.writeMarks.last) await this.writeMarks.remember(mark);
    let text: string;
    try {
      text = await readAll(res);
    } catch (error) {
      throw this.unreachable(error as Error);
    }
    return { status: res.statusCode ?? 0, text, json: /json/.test(String(res.headers["content-type"])), headers: res.headers };
  }

  /** Sends the request; resolves with the answer once its headers arrived (the body still to read). */
  private open(method: string, url: URL, headers: Record<string, string>, body?: string, signal?: AbortSignal) {
    const request = url.protocol === "https:" ? (require("node:https") as typeof import("node:https")).request : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(url, { method, headers, timeout: REQUEST_TIMEOUT_MS, signal }, resolve);
      req.on("timeout", () => req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
      req.on("error", (error) => reject(this.unreachable(error)));
      req.end(body);
    });
  }

  private unreachable(error: Error & { code?: string }): CliError {
    const reason = error.code && NETWORK_CODES.has(error.code) ? error.code : error.message;
    return new CliError(`cannot reach the API at ${this.baseUrl} (${reason}): ${this.unreachableHint}`);
  }
}

/** A filtered listing answered from stored data while the API refreshes stale films (its Watchlist-Refreshing header). */
function sayRefreshing(headers: IncomingMessage["headers"]): void {
  const count = Number(headers["watchlist-refreshing"]);
  if (count > 0)
    notice(
      `refreshing where-to-watch data of ${count} film${count === 1 ? "" : "s"} in the background: run again in a minute for the latest`,
    );
}

/** An answer computed while an import's films are still without details (its Watchlist-Details-Pending header). */
function sayDetailsPending(headers: IncomingMessage["headers"]): void {
  const count = Number(headers["watchlist-details-pending"]);
  if (count > 0)
    notice(
      `${count} film${count === 1 ? " is" : "s are"} still being filled in from TMDB (runtime, credits, where to watch): this answer uses what is there`,
    );
}

async function readAll(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
