// Server configuration from the environment (see README, "Configuration").
import type { LogLevel } from "./logger.js";

export const DEFAULT_TMDB_BASE_URL = "https://api.themoviedb.org/3";
export const DEFAULT_TMDB_IMAGE_BASE_URL = "https://image.tmdb.org/t/p/";
export const DEFAULT_PORT = 4000;

export interface TmdbConfig {
  baseUrl: string;
  apiKey?: string;
  readToken?: string;
  timeoutMs: number;
  retries: number;
  /** Requests started per second at most, process-wide (TMDB allows about 40). */
  ratePerSecond?: number;
}

/**
 * Who counts as an established member, whose ratings may shape other members' collaborative
 * recommendations (docs/security.md, "Collaborative recommendations"): a throwaway account is new
 * and has rated little, so it contributes nothing.
 */
export interface CrowdRules {
  /** RECOMMEND_CONTRIBUTOR_MIN_DAYS: the account is at least this many days old. */
  minAccountDays: number;
  /** RECOMMEND_CONTRIBUTOR_MIN_RATINGS: and has rated at least this many films. */
  minRatings: number;
}
export const DEFAULT_CROWD_RULES: CrowdRules = { minAccountDays: 14, minRatings: 20 };

export interface ServerConfig {
  databaseUrl?: string;
  /**
   * DATABASE_DIRECT_URL: PostgreSQL itself, for what needs a session of its own (migrations, LISTEN,
   * advisory locks) when DATABASE_URL goes through a pooler in transaction mode. Defaults to databaseUrl.
   */
  directUrl?: string;
  /** DATABASE_REPLICA_URLS, comma-separated: read replicas of databaseUrl. */
  replicaUrls: string[];
  poolSize?: number;
  jwtSecret?: string;
  jwtExpiresIn: string;
  port: number;
  host: string;
  production: boolean;
  logLevel: LogLevel;
  logQueries: boolean;
  /** TRUSTED_PROXIES, comma-separated: reverse proxies whose X-Forwarded-For names the client. */
  trustedProxies: string[];
  tmdb: TmdbConfig;
  /** TMDB_IMAGE_BASE_URL: where posters and logos come from (ends with "/"; a size and the path follow). */
  imageBaseUrl: string;
  crowd: CrowdRules;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback?: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** An http(s) URL ending with "/", or a ConfigError naming the variable. */
function baseUrl(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const url = URL.parse(raw);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  return raw.endsWith("/") ? raw : `${raw}/`;
}

const list = (raw: string | undefined) =>
  (raw ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const production = env.NODE_ENV === "production";
  const development = env.NODE_ENV === "development";
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    directUrl: env.DATABASE_DIRECT_URL || undefined,
    replicaUrls: list(env.DATABASE_REPLICA_URLS),
    poolSize: integer(env, "DATABASE_POOL_SIZE"),
    jwtSecret: env.JWT_SECRET || undefined,
    jwtExpiresIn: env.JWT_EXPIRES_IN || "30d",
    port: integer(env, "PORT", DEFAULT_PORT)!,
    host: env.HOST || "127.0.0.1",
    production,
    logLevel: (env.LOG_LEVEL as LogLevel) || (development ? "debug" : "info"),
    logQueries: development,
    trustedProxies: list(env.TRUSTED_PROXIES),
    tmdb: {
      baseUrl: (env.TMDB_BASE_URL || DEFAULT_TMDB_BASE_URL).replace(/\/+$/, ""),
      apiKey: env.TMDB_API_KEY || undefined,
      readToken: env.TMDB_READ_TOKEN || undefined,
      timeoutMs: integer(env, "TMDB_TIMEOUT_MS", 8000)!,
      retries: integer(env, "TMDB_RETRIES", 3)!,
      ratePerSecond: integer(env, "TMDB_RATE_PER_SECOND") || undefined,
    },
    imageBaseUrl: baseUrl(env, "TMDB_IMAGE_BASE_URL", DEFAULT_TMDB_IMAGE_BASE_URL),
    crowd: {
      minAccountDays: integer(env, "RECOMMEND_CONTRIBUTOR_MIN_DAYS", DEFAULT_CROWD_RULES.minAccountDays)!,
      minRatings: integer(env, "RECOMMEND_CONTRIBUTOR_MIN_RATINGS", DEFAULT_CROWD_RULES.minRatings)!,
    },
  };
}
