import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { PasswordWorkBusyError } from "../auth/passwords.js";
import { watchSessions } from "../auth/sessions.js";
import { Prisma } from "../db/client.js";
import { CoordinationUnavailableError } from "../db/coordination.js";
import { hasReplicas } from "../db/replicas.js";
import { ConflictError, ForbiddenError, InvalidRequestError, NotFoundError } from "../services/errors.js";
import { TMDB_KEY_HELP } from "../tmdb/client.js";
import { TmdbError, type TmdbErrorKind } from "../tmdb/types.js";
import type { AppDeps, AppEnv, AuthOptions } from "./context.js";
import { ApiError } from "./errors.js";
import { requireAuth } from "./middleware/auth.js";
import { readYourWrites } from "./middleware/read-your-writes.js";
import { requestRegion } from "./middleware/region.js";
import { describe, openApiDocument } from "./openapi.js";
import { activityRoutes } from "./routes/activity.js";
import { authRoutes } from "./routes/auth.js";
import { exportRoutes } from "./routes/export.js";
import { friendRoutes } from "./routes/friends.js";
import { healthRoutes } from "./routes/health.js";
import { historyRoutes } from "./routes/history.js";
import { importRoutes, MAX_IMPORT_BYTES } from "./routes/import.js";
import { listRoutes } from "./routes/lists.js";
import { logoutRoutes } from "./routes/logout.js";
import { meRoutes } from "./routes/me.js";
import { movieRoutes } from "./routes/movies.js";
import { pickRoutes } from "./routes/pick.js";
import { profileRoutes, userRoutes } from "./routes/profiles.js";
import { ratingRoutes } from "./routes/ratings.js";
import { recommendationRoutes } from "./routes/recommendations.js";
import { commentRoutes, reviewRoutes, tagRoutes } from "./routes/reviews.js";
import { statsRoutes } from "./routes/stats.js";
import { suggestionRoutes } from "./routes/suggestions.js";
import { watchlistRoutes } from "./routes/watchlist.js";

/** Request bodies are small JSON documents; an import (routes/import.ts reads its own, up to MAX_IMPORT_BYTES) is the biggest. */
export const MAX_BODY_BYTES = 64 * 1024;

const openApiDoc = describe({ summary: "This API's OpenAPI 3.1 document (no token needed)", responses: { 200: "the document" } });

export type AppOptions = AppDeps &
  AuthOptions & {
    /** With read replicas: how long a user's reads stay on the primary after they wrote. */
    readYourWritesMs?: number;
  };

export function createApp(options: AppOptions) {
  const { db, tmdb, logger, coordination, crowd, jwtSecret, jwtExpiresIn, trustedProxies } = options;
  const deps: AppDeps = { db, tmdb, logger, coordination, crowd };
  // A logout on any process of the server empties this one's session cache (auth/sessions.ts).
  watchSessions(db, coordination);

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
    .route("/auth", authRoutes({ jwtSecret, jwtExpiresIn, trustedProxies }));
  app.get("/openapi.json", openApiDoc, async (c) => c.json(await openApiDocument(app)));

  // Every route mounted here answers only to a valid token: protection follows from where a router is
  // mounted, not from a list of paths to keep up to date. With read replicas, a user's own recent writes
  // are read from the primary (decided before authentication, which reads the account).
  const protectedRoutes = new Hono<AppEnv>();
  if (hasReplicas(db)) protectedRoutes.use(readYourWrites(jwtSecret, options.readYourWritesMs));
  protectedRoutes
    .use(requireAuth(jwtSecret))
    .use(requestRegion())
    .route("/auth", logoutRoutes)
    .route("/me", meRoutes)
    .route("/movies", movieRoutes)
    .route("/ratings", ratingRoutes)
    .route("/watchlist", watchlistRoutes)
    .route("/recommendations", recommendationRoutes)
    .route("/stats", statsRoutes)
    .route("/activity", activityRoutes)
    .route("/history", historyRoutes)
    .route("/export", exportRoutes)
    .route("/import", importRoutes)
    .route("/friends", friendRoutes)
    .route("/pick", pickRoutes)
    .route("/suggestions", suggestionRoutes)
    .route("/reviews", reviewRoutes)
    .route("/comments", commentRoutes)
    .route("/tags", tagRoutes)
    .route("/profile", profileRoutes)
    .route("/users", userRoutes)
    .route("/lists", listRoutes);
  app.route("/", protectedRoutes);

  app.notFound((c) => c.json({ error: { code: "not_found", message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((error, c) => errorResponse(error, c, options));
  return app;
}

// Our own words for each TMDB failure: a TmdbError's message may carry TMDB's wording or the network
// library's (`fetch failed`, ECONNREFUSED with the upstream host and port), which stay in the log.
const tmdbStatus: Record<TmdbErrorKind, { status: ContentfulStatusCode; code: string; message: string }> = {
  not_found: { status: 404, code: "not_found", message: "TMDB does not know this movie" },
  not_configured: { status: 503, code: "tmdb_not_configured", message: `TMDB is not configured on the server: ${TMDB_KEY_HELP}` },
  unauthorized: {
    status: 502,
    code: "tmdb_unauthorized",
    message: "TMDB refused the server's credentials; check TMDB_API_KEY or TMDB_READ_TOKEN",
  },
  rate_limited: { status: 503, code: "tmdb_rate_limited", message: "TMDB asks this server to slow down; try again shortly" },
  unavailable: { status: 502, code: "tmdb_unavailable", message: "TMDB is unreachable or failing; try again shortly" },
  bad_response: { status: 502, code: "tmdb_bad_response", message: "TMDB answered something this server cannot read" },
};

const TMDB_RETRY_AFTER_SECONDS = 10;

// Prisma codes for a database that cannot be reached, and for one too busy to answer in time (no free
// connection in the pool, a transaction past its time limit).
const DATABASE_DOWN_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
const DATABASE_BUSY_CODES = new Set(["P2024", "P2028"]);
// A row the request refers to went away under it (a foreign key to a deleted row, a record to update
// no longer there): most often its own account, deleted by a DELETE /me racing its other requests.
const VANISHED_ROW_CODES = new Set(["P2003", "P2025"]);

/** The one place errors become responses: `{ error: { code, message } }`, never a stack trace. */
export async function errorResponse(error: Error, c: Context<AppEnv>, { db, logger }: Pick<AppDeps, "db" | "logger">) {
  const reply = (status: ContentfulStatusCode, code: string, message: string, headers?: Record<string, string>) =>
    c.json({ error: { code, message } }, status, headers);

  if (error instanceof ApiError) return reply(error.status, error.code, error.message, error.headers);
  if (error instanceof PasswordWorkBusyError)
    return reply(503, error.code, error.message, { "Retry-After": String(error.retryAfterSeconds) });
  if (error instanceof NotFoundError) return reply(404, "not_found", error.message);
  if (error instanceof ForbiddenError) return reply(403, error.code, error.message);
  if (error instanceof ConflictError) return reply(409, error.code, error.message);
  if (error instanceof InvalidRequestError) return reply(422, error.code, error.message);
  if (error instanceof TmdbError) {
    const { status, code, message } = tmdbStatus[error.kind];
    if (error.kind !== "not_found") logger.warn("tmdb failure", { method: c.req.method, path: c.req.path, message: error.message });
    // Tell clients when to come back: TMDB's own Retry-After, else a short default.
    const retry =
      error.kind === "rate_limited" ? { "Retry-After": String(error.retryAfterSeconds ?? TMDB_RETRY_AFTER_SECONDS) } : undefined;
    // A timeout is ours to tell in words (our own limit); other failures keep TMDB's and the network's wording in the log.
    const said = error.timeoutMs ? `TMDB did not answer within ${formatSeconds(error.timeoutMs)}; try again shortly` : message;
    return reply(status, code, said, retry);
  }
  if (error instanceof HTTPException) {
    // Hono's own: malformed JSON (400) and the like.
    return reply(error.status, error.status === 400 ? "bad_request" : "http_error", error.message);
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && (VANISHED_ROW_CODES.has(error.code) || isRawForeignKeyViolation(error))) {
    logger.info("row vanished during a request", { method: c.req.method, path: c.req.path, code: error.code, message: error.message });
    const userId = c.get("userId");
    const account = userId ? await db.user.findUnique({ where: { id: userId }, select: { id: true } }).catch(() => undefined) : undefined;
    if (account === null) {
      return reply(401, "unauthorized", "the account of this token no longer exists", { "WWW-Authenticate": "Bearer" });
    }
    return reply(404, "not_found", "what this request refers to no longer exists");
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && DATABASE_BUSY_CODES.has(error.code)) {
    logger.warn("database busy", { code: error.code, message: error.message });
    return reply(503, "database_busy", "the database is busy; try again shortly", { "Retry-After": "5" });
  }
  if (
    error instanceof CoordinationUnavailableError ||
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

const formatSeconds = (ms: number) => (ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);

/** The driver adapter's own account of a failed query (kind, PostgreSQL code), where Prisma keeps it. */
const adapterCause = (error: { meta?: unknown }) =>
  (error.meta as { driverAdapterError?: { cause?: { kind?: string; code?: unknown } } } | undefined)?.driverAdapterError?.cause;

/** A raw query's foreign-key violation (P2010 with the adapter's kind): the same vanished row as a P2003. */
function isRawForeignKeyViolation(error: Error & { code?: unknown; meta?: unknown }): boolean {
  return error.code === "P2010" && adapterCause(error)?.kind === "ForeignKeyConstraintViolation";
}

function isConnectionError(error: Error & { code?: unknown; cause?: unknown; meta?: unknown }): boolean {
  const codes = ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P03"];
  const cause = error.cause as { code?: unknown } | undefined;
  const adapter = adapterCause(error);
  return (
    codes.includes(String(error.code)) ||
    codes.includes(String(cause?.code)) ||
    RAW_QUERY_DOWN_KINDS.has(String(adapter?.kind)) ||
    codes.includes(String(adapter?.code))
  );
}
