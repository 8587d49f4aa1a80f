// A typed client of the watchlist API. It speaks HTTP with node:http rather than fetch: fetch loads
// undici on first use (~20 ms), a third of the start-up budget of `watchlist queue --json`.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { authError, CliError, EXIT } from "./errors.cjs";
import type {
  AuthAnswer,
  ExportDocument,
  ImportReport,
  MovieWithState,
  QueueEntry,
  RatingEntry,
  Recommendation,
  SearchPage,
  Stats,
  User,
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
}

const REQUEST_TIMEOUT_MS = 60_000;
const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "ETIMEDOUT"]);

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
    /** What to tell a person when the API does not answer. */
    private readonly unreachableHint = "start one with `watchlist serve`, or point --api-url / WATCHLIST_API_URL at a running API",
    /** The API a token from this client belongs to (see tokenScope in session.cts). */
    readonly scope = baseUrl,
  ) {}

  register = (body: { email: string; username: string; password: string }) =>
    this.call<AuthAnswer>("POST", "/auth/register", { body, auth: false });
  login = (body: { email: string; password: string }) => this.call<AuthAnswer>("POST", "/auth/login", { body, auth: false });
  /** Ends this token's session on the server; `all`: every session of the account. */
  logout = (all: boolean) => this.call<void>("POST", "/auth/logout", { body: all ? { all: true } : {} });
  me = () => this.call<User>("GET", "/me");
  deleteMe = () => this.call<void>("DELETE", "/me");

  search = (query: { q: string; year?: number; page?: number }) => this.call<SearchPage>("GET", "/movies/search", { query });
  movie = (tmdbId: number) => this.call<MovieWithState>("GET", `/movies/${tmdbId}`);

  ratings = (query: { rating?: string; sort?: string; limit?: number }) => this.call<RatingEntry[]>("GET", "/ratings", { query });
  rate = (tmdbId: number, rating: Rating) => this.call<RatingEntry>("PUT", `/ratings/${tmdbId}`, { body: { rating } });
  unrate = (tmdbId: number) => this.call<void>("DELETE", `/ratings/${tmdbId}`);

  queue = (query: { priority?: string; sort?: string }) => this.call<QueueEntry[]>("GET", "/watchlist", { query });
  enqueue = (tmdbId: number, priority?: Priority) =>
    this.call<QueueEntry & { created?: boolean }>("PUT", `/watchlist/${tmdbId}`, { body: priority ? { priority } : {} });
  unqueue = (tmdbId: number) => this.call<void>("DELETE", `/watchlist/${tmdbId}`);
  watched = (tmdbId: number, rating: Rating) => this.call<RatingEntry>("POST", `/watchlist/${tmdbId}/watched`, { body: { rating } });

  stats = () => this.call<Stats>("GET", "/stats");
  recommendations = (query: { limit?: number; genre?: string }) => this.call<Recommendation[]>("GET", "/recommendations", { query });
  exportAccount = () => this.call<ExportDocument>("GET", "/export");
  importAccount = (doc: unknown, dryRun: boolean) =>
    this.call<ImportReport>("POST", "/import", { body: doc, query: { dryRun: dryRun || undefined } });

  async call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const url = new URL(this.baseUrl.replace(/\/+$/, "") + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== "") url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: "application/json" };
    // Without a token the request still goes out: an unreachable API is the more useful thing to say.
    if (options.auth !== false && this.token) headers.authorization = `Bearer ${this.token}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    if (body !== undefined) headers["content-type"] = "application/json";

    const response = await this.send(method, url, headers, body);
    const text = response.text;
    const data = text && response.json ? parseJson(text) : undefined;
    if (response.status === 204) return undefined as T;
    if (response.status < 400) {
      if (data === undefined)
        throw new CliError(`the API at ${this.baseUrl} did not answer JSON for ${method} ${url.pathname}: is it a watchlist API?`);
      return data as T;
    }

    const error = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
    const code = error?.code ?? `http_${response.status}`;
    const message = error?.message ?? `the API at ${this.baseUrl} answered ${response.status} for ${method} ${url.pathname}`;
    if (response.status === 401) {
      if (options.auth === false) throw authError(message);
      if (!this.token) throw authError(`not logged in to ${this.baseUrl}: run \`watchlist login\` (or \`watchlist register\`)`);
      throw authError(`${message}: run \`watchlist login\``);
    }
    const hint = code === "tmdb_not_configured" ? " (for the local API: `watchlist config set tmdb-key KEY`)" : "";
    // 422: the API understood the request and refused a value the person gave: a usage error.
    throw new ApiRequestError(response.status, code, message + hint, response.status === 422 ? EXIT.usage : EXIT.failure);
  }

  private async send(method: string, url: URL, headers: Record<string, string>, body?: string) {
    const request = url.protocol === "https:" ? (require("node:https") as typeof import("node:https")).request : httpRequest;
    return new Promise<{ status: number; text: string; json: boolean }>((resolve, reject) => {
      const req = request(url, { method, headers, timeout: REQUEST_TIMEOUT_MS }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => reject(this.unreachable(error)));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            json: /json/.test(String(res.headers["content-type"])),
          }),
        );
      });
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
