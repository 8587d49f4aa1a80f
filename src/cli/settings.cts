// Settings and the login token, kept by conf in the config dir (config.json, mode 0600).
// Reading goes straight to the file: conf (with ajv) costs ~70 ms of start-up that `queue --json` cannot
// afford; writing goes through conf so its atomic writes and file mode apply.
import { chmodSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { User } from "./types.cjs";

/** The account as the config keeps it: who is logged in, nothing more. */
type SavedUser = Pick<User, "id" | "email" | "username">;

export interface Settings {
  "api-url"?: string;
  "tmdb-key"?: string;
  /** TMDB's API root, for a proxy or a mirror (TMDB_BASE_URL when exported wins). */
  "tmdb-base-url"?: string;
  token?: string;
  /** The API the token was issued by (tokenScope in session.cts). */
  "token-scope"?: string;
  user?: SavedUser;
  /** The last write mark of a server with read replicas, and the API it came from (api-client.cts). */
  "write-mark"?: { scope: string; mark: string };
}

/** Settings a person may read and write with `watchlist config`. */
export const PUBLIC_SETTINGS = ["api-url", "tmdb-key", "tmdb-base-url"] as const;
export type PublicSetting = (typeof PUBLIC_SETTINGS)[number];
/** Settings the local API reads at its start: changing one restarts it (once no other command uses it). */
export const TMDB_SETTINGS: readonly PublicSetting[] = ["tmdb-key", "tmdb-base-url"];

/**
 * The environment `watchlist serve` runs with: TMDB settings exported win, `watchlist config` fills in
 * what is not exported (the local API is started with it, and replaced when it changes).
 */
export function serverEnvironment(env: NodeJS.ProcessEnv, settings: Settings): NodeJS.ProcessEnv {
  const filled = { ...env };
  const key = settings["tmdb-key"];
  // v4 read access tokens are JWTs; v3 API keys are 32 hex characters.
  if (key && !env.TMDB_API_KEY && !env.TMDB_READ_TOKEN) filled[key.startsWith("eyJ") ? "TMDB_READ_TOKEN" : "TMDB_API_KEY"] = key;
  if (settings["tmdb-base-url"] && !env.TMDB_BASE_URL) filled.TMDB_BASE_URL = settings["tmdb-base-url"];
  return filled;
}

export const CONFIG_FILE = "config.json";

const publicUser = ({ id, email, username }: SavedUser): SavedUser => ({ id, email, username });

export async function configDir(): Promise<string> {
  const fromEnv = process.env.WATCHLIST_CONFIG_DIR;
  if (fromEnv) return fromEnv;
  const { configDir: defaultDir } = await import("../local/paths.js");
  return defaultDir();
}

export async function readSettings(): Promise<Settings> {
  const file = join(await configDir(), CONFIG_FILE);
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Settings;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
}

async function store() {
  const [{ default: Conf }, cwd] = await Promise.all([import("conf"), configDir()]);
  return { conf: new Conf<Settings>({ cwd, configFileMode: 0o600 }), cwd };
}

/** Sets the given keys; `undefined` removes a key. */
export async function writeSettings(changes: Partial<Settings>): Promise<void> {
  const { conf, cwd } = await store();
  for (const [key, value] of Object.entries(changes) as [keyof Settings, unknown][]) {
    if (value === undefined) conf.delete(key);
    else if (key === "user") conf.set(key, publicUser(value as SavedUser));
    else conf.set(key, value as never);
  }
  // conf applies the mode when it creates the file only; a file written by an older version keeps its own.
  chmodSync(join(cwd, CONFIG_FILE), 0o600);
}
