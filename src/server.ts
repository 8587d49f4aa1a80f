// Starts the API: configuration, database (the embedded one in local mode), migrations, listen.

import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "./api/app.js";
import { trustProxies } from "./api/client-address.js";
import { ConfigError, loadServerConfig } from "./config.js";
import { createCoordination } from "./db/coordination.js";
import { applyMigrations } from "./db/migrate.js";
import { createRoutedDb } from "./db/replicas.js";
import { createLogger, type Logger } from "./logger.js";
import { useImageBaseUrl } from "./services/images.js";
import { sharedBudget } from "./tmdb/budget.js";
import { createTmdbClient, DEFAULT_TMDB_RATE } from "./tmdb/client.js";

export interface StartOptions {
  port?: number;
  host?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops listening, closes the pool, stops the embedded database if this process started it. */
  close(): Promise<void>;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const config = loadServerConfig(env);
  const logger = options.logger ?? createLogger(config.logLevel);
  const cleanups: Array<() => Promise<void>> = [];

  let databaseUrl = config.databaseUrl;
  let jwtSecret = config.jwtSecret;
  if (!jwtSecret && config.production) throw new ConfigError("JWT_SECRET must be set when NODE_ENV=production");
  if (!databaseUrl || !jwtSecret) {
    // Local mode: everything lives under the config dir; loaded only when needed.
    const { configDir, embeddedDataDir } = await import("./local/paths.js");
    if (!jwtSecret) {
      const { loadOrCreateJwtSecret } = await import("./local/secret.js");
      jwtSecret = loadOrCreateJwtSecret(configDir());
    }
    if (!databaseUrl) {
      const { startEmbeddedDatabase } = await import("./local/embedded-db.js");
      const embedded = await startEmbeddedDatabase({ dataDir: embeddedDataDir(), logger });
      databaseUrl = embedded.url;
      cleanups.push(embedded.stop);
    }
  }

  const closeAll = async () => {
    for (const cleanup of cleanups) await cleanup();
  };
  try {
    const directUrl = config.directUrl ?? databaseUrl;
    const applied = await applyMigrations(directUrl);
    if (applied.length) logger.info("applied migrations", { migrations: applied });

    const db = createRoutedDb(databaseUrl, config.replicaUrls, { poolSize: config.poolSize, logQueries: config.logQueries, logger });
    cleanups.unshift(() => db.$disconnect());
    let trustedProxies: ReturnType<typeof trustProxies>;
    try {
      trustedProxies = trustProxies(config.trustedProxies);
    } catch (error) {
      throw new ConfigError(`TRUSTED_PROXIES: ${(error as Error).message}`);
    }
    const coordination = createCoordination(directUrl, logger);
    cleanups.unshift(() => coordination.close());
    // One TMDB budget for all the server's processes: TMDB limits requests per key, not per process.
    const budget = sharedBudget(
      coordination,
      config.tmdb.readToken ?? config.tmdb.apiKey ?? "",
      config.tmdb.ratePerSecond ?? DEFAULT_TMDB_RATE,
      logger,
    );
    const tmdb = createTmdbClient(config.tmdb, { logger, budget });
    useImageBaseUrl(config.imageBaseUrl);
    const app = createApp({
      db,
      tmdb,
      logger,
      coordination,
      crowd: config.crowd,
      jwtSecret,
      jwtExpiresIn: config.jwtExpiresIn,
      trustedProxies,
    });

    const server = serve({ fetch: app.fetch, port: options.port ?? config.port, hostname: options.host ?? config.host });
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    cleanups.unshift(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    const host = options.host ?? config.host;
    return { url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`, port, close: closeAll };
  } catch (error) {
    // A failed start (migration error, port in use) must not leave the embedded database running.
    await closeAll();
    throw error;
  }
}
