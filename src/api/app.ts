import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { Prisma } from "../db/client.js";
import { ConflictError, NotFoundError } from "../services/errors.js";
import { TmdbError, type TmdbErrorKind } from "../tmdb/types.js";
import type { AppDeps, AppEnv, AuthOptions } from "./context.js";
import { ApiError } from "./errors.js";
import { requireAuth } from "./middleware/auth.js";
import { authRoutes } from "./routes/auth.js";
import { healthRoutes } from "./routes/health.js";
import { logoutRoutes } from "./routes/logout.js";
import { meRoutes } from "./routes/me.js";
import { movieRoutes } from "./routes/movies.js";
import { ratingRoutes } from "./routes/ratings.js";
import { recommendationRoutes } from "./routes/recommendations.js";
import { statsRoutes } from "./routes/stats.js";
import { transferRoutes } from "./routes/transfer.js";
import { watchlistRoutes } from "./routes/watchlist.js";

/** Request bodies are small JSON documents; an import of a large library is the biggest. */
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type AppOptions = AppDeps & AuthOptions;

export function createApp(options: AppOptions) {
  const { db, tmdb, logger, jwtSecret, jwtExpiresIn } = options;
  const deps: AppDeps = { db, tmdb, logger };

  const app = new Hono<AppEnv>()
    .use(async (c, next) => {
      const started = performance.now();
      c.set("deps", deps);
      await next();
      logger.debug("request", {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      });
    })
    .use(async (c, next) => {
      const limit = c.req.path === "/import" ? MAX_IMPORT_BYTES : MAX_BODY_BYTES;
      return bodyLimit({
        maxSize: limit,
        onError: () => {
          throw new ApiError(413, "payload_too_large", `request body is larger than ${limit} bytes`);
        },
      })(c, next);
    })
    .route("/health", healthRoutes)
    .route("/auth", authRoutes({ jwtSecret, jwtExpiresIn }));

  // Every route mounted here answers only to a valid token: protection follows from where a router is
  // mounted, not from a list of paths to keep up to date.
  const protectedRoutes = new Hono<AppEnv>()
    .use(requireAuth(jwtSecret))
    .route("/auth", logoutRoutes)
    .route("/me", meRoutes)
    .route("/movies", movieRoutes)
    .route("/ratings", ratingRoutes)
    .route("/watchlist", watchlistRoutes)
    .route("/recommendations", recommendationRoutes)
    .route("/stats", statsRoutes)
    .route("/", transferRoutes);
  app.route("/", protectedRoutes);

  app.notFound((c) => c.json({ error: { code: "not_found", message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((error, c) => errorResponse(error, c, options));
  return app;
}

const tmdbStatus: Record<TmdbErrorKind, { status: ContentfulStatusCode; code: string }> = {
  not_found: { status: 404, code: "not_found" },
  not_configured: { status: 503, code: "tmdb_not_configured" },
  unauthorized: { status: 502, code: "tmdb_unauthorized" },
  rate_limited: { status: 503, code: "tmdb_rate_limited" },
  unavailable: { status: 502, code: "tmdb_unavailable" },
  bad_response: { status: 502, code: "tmdb_bad_response" },
};

const TMDB_RETRY_AFTER_SECONDS = 10;

// Prisma codes for a database that cannot be reached, and for one too busy to answer in time (no free
// connection in the pool, a transaction past its time limit).
const DATABASE_DOWN_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
const DATABASE_BUSY_CODES = new Set(["P2024", "P2028"]);

/** The one place errors become responses: `{ error: { code, message } }`, never a stack trace. */
function errorResponse(error: Error, c: Context, { logger }: AppDeps) {
  const reply = (status: ContentfulStatusCode, code: string, message: string, headers?: Record<string, string>) =>
    c.json({ error: { code, message } }, status, headers);

  if (error instanceof ApiError) return reply(error.status, error.code, error.message, error.headers);
  if (error instanceof NotFoundError) return reply(404, "not_found", error.message);
  if (error instanceof ConflictError) return reply(409, error.code, error.message);
  if (error instanceof TmdbError) {
    const { status, code } = tmdbStatus[error.kind];
    // Tell clients when to come back: TMDB's own Retry-After, else a short default.
    const retry =
      error.kind === "rate_limited" ? { "Retry-After": String(error.retryAfterSeconds ?? TMDB_RETRY_AFTER_SECONDS) } : undefined;
    return reply(status, code, error.message, retry);
  }
  if (error instanceof HTTPException) {
    // Hono's own: malformed JSON (400) and the like.
    return reply(error.status, error.status === 400 ? "bad_request" : "http_error", error.message);
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && DATABASE_BUSY_CODES.has(error.code)) {
    logger.warn("database busy", { code: error.code, message: error.message });
    return reply(503, "database_busy", "the database is busy; try again shortly", { "Retry-After": "5" });
  }
  if (
    error instanceof Prisma.PrismaClientInitializationError ||
    (error instanceof Prisma.PrismaClientKnownRequestError && DATABASE_DOWN_CODES.has(error.code)) ||
    isConnectionError(error)
  ) {
    logger.error("database unavailable", { message: error.message });
    return reply(503, "database_unavailable", "the database is unavailable; try again shortly");
  }
  logger.error("unexpected error", { method: c.req.method, path: c.req.path, message: error.message, stack: error.stack });
  return reply(500, "internal", "internal error");
}

// A raw query ($queryRaw, the hot paths) reports the driver's failure as P2010 with the adapter's
// error kind, where the same failure of a model query is P1001/P1017/P1008.
const RAW_QUERY_DOWN_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TlsConnectionError"]);

function isConnectionError(error: Error & { code?: unknown; cause?: unknown; meta?: unknown }): boolean {
  const codes = ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P03"];
  const cause = error.cause as { code?: unknown } | undefined;
  const adapterCause = (error.meta as { driverAdapterError?: { cause?: { kind?: string; code?: unknown } } } | undefined)
    ?.driverAdapterError?.cause;
  return (
    codes.includes(String(error.code)) ||
    codes.includes(String(cause?.code)) ||
    RAW_QUERY_DOWN_KINDS.has(String(adapterCause?.kind)) ||
    codes.includes(String(adapterCause?.code))
  );
}
