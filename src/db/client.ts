import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";

export type Db = PrismaClient;
export { Prisma } from "../generated/prisma/client.js";
export type { Priority, Rating } from "../generated/prisma/enums.js";

/** Queries slower than this are logged as warnings (README, Configuration). */
export const SLOW_QUERY_MS = 100;
/** At most one slow-query line per interval; it counts the slow queries not logged since the last. */
export const SLOW_QUERY_LOG_INTERVAL_MS = 1_000;

export interface DbOptions {
  /** Pool size; `?connection_limit=N` in the URL (Prisma's classic knob) is honoured too. */
  poolSize?: number;
  /** Log every query at debug level (development). */
  logQueries?: boolean;
  logger?: Logger;
}

/** Splits Prisma's `connection_limit` parameter off the URL: node-postgres does not know it. */
export function parseDatabaseUrl(databaseUrl: string): { connectionString: string; connectionLimit?: number } {
  const url = new URL(databaseUrl);
  const limit = url.searchParams.get("connection_limit");
  url.searchParams.delete("connection_limit");
  return { connectionString: url.toString(), connectionLimit: limit ? Number(limit) : undefined };
}

export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  const { connectionString, connectionLimit } = parseDatabaseUrl(databaseUrl);
  const adapter = new PrismaPg({ connectionString, max: options.poolSize ?? connectionLimit ?? 10 });
  const db = new PrismaClient({
    adapter,
    log: [
      { emit: "event", level: "query" },
      { emit: "event", level: "warn" },
      { emit: "event", level: "error" },
    ],
  });
  const logger = options.logger;
  if (logger) {
    // Under overload every query is slow (the time includes the wait for a connection): one line a second
    // at most, counting the others, or the log itself (a synchronous write each) becomes the overload.
    let lastSlowLog = 0;
    let unlogged = 0;
    db.$on("query", (event) => {
      if (event.duration > SLOW_QUERY_MS) {
        const now = Date.now();
        if (now - lastSlowLog < SLOW_QUERY_LOG_INTERVAL_MS) unlogged++;
        else {
          logger.warn("slow query", { ms: event.duration, query: event.query, ...(unlogged ? { moreSlowQueries: unlogged } : {}) });
          lastSlowLog = now;
          unlogged = 0;
        }
      } else if (options.logQueries) logger.debug("query", { ms: event.duration, query: event.query });
    });
    db.$on("warn", (event) => logger.warn(event.message));
    db.$on("error", (event) => logger.error(event.message));
  }
  return db;
}
