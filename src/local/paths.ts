// Where local mode keeps its files. The config dir is the one the CLI's `conf` store uses for project
// "watchlist" (`~/.config/watchlist-nodejs` on Linux), so everything of one user sits together.
// conf gets it from env-paths; its rule is repeated here because importing that ESM package costs
// every CLI command ~3 ms (test/local/secret-paths.test.ts checks both agree).
import { homedir } from "node:os";
import { join, resolve } from "node:path";

const CONF_NAME = "watchlist-nodejs";

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WATCHLIST_CONFIG_DIR) return resolve(env.WATCHLIST_CONFIG_DIR);
  if (process.platform === "darwin") return join(homedir(), "Library", "Preferences", CONF_NAME);
  if (process.platform === "win32") return join(env.APPDATA || join(homedir(), "AppData", "Roaming"), CONF_NAME, "Config");
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), CONF_NAME);
}

export interface LocalPaths {
  /** The embedded PostgreSQL: cluster (`pgdata/`) and its password. Back this up. */
  dataDir: string;
  /** `{pid, port, url, startedAt, database, version}` of the background API. */
  stateFile: string;
  /** stdout/stderr of the background API (and PostgreSQL's warnings). */
  logFile: string;
  /** Held while one CLI process starts the background API. */
  lockFile: string;
  /** The JWT signing secret of local mode (mode 0600). */
  secretFile: string;
  /** One file per watchlist command using the background API (named by pid): it is restarted only when none is. */
  clientsDir: string;
}

export function localPaths(dir: string = configDir()): LocalPaths {
  return {
    dataDir: join(dir, "postgres"),
    stateFile: join(dir, "local-api.json"),
    logFile: join(dir, "local-api.log"),
    lockFile: join(dir, "local-api.lock"),
    secretFile: join(dir, "jwt-secret"),
    clientsDir: join(dir, "local-api-clients"),
  };
}

/** The embedded database's folder for the given config dir. */
export function embeddedDataDir(dir: string = configDir()): string {
  return localPaths(dir).dataDir;
}
