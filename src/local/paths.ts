// Where local mode keeps its files. The config dir is the one the CLI's `conf` store uses (same
// env-paths call as conf: `~/.config/watchlist-nodejs` on Linux), so everything of one user sits together.
import { join, resolve } from "node:path";
import envPaths from "env-paths";

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.WATCHLIST_CONFIG_DIR ? resolve(env.WATCHLIST_CONFIG_DIR) : envPaths("watchlist").config;
}

export interface LocalPaths {
  /** The embedded PostgreSQL: cluster (`pgdata/`) and its password. Back this up. */
  dataDir: string;
  /** `{pid, port, url, startedAt}` of the background API. */
  stateFile: string;
  /** stdout/stderr of the background API (and of its PostgreSQL). */
  logFile: string;
  /** Held while one CLI process starts the background API. */
  lockFile: string;
  /** The JWT signing secret of local mode (mode 0600). */
  secretFile: string;
}

export function localPaths(dir: string = configDir()): LocalPaths {
  return {
    dataDir: join(dir, "postgres"),
    stateFile: join(dir, "local-api.json"),
    logFile: join(dir, "local-api.log"),
    lockFile: join(dir, "local-api.lock"),
    secretFile: join(dir, "jwt-secret"),
  };
}

/** The embedded database's folder for the given config dir. */
export function embeddedDataDir(dir: string = configDir()): string {
  return localPaths(dir).dataDir;
}
