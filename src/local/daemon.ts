// The local API of local mode: started on demand in the background by the CLI, found again through a
// state file in the config dir, restarted when it died, stopped by `watchlist server stop`.
//
// The API follows the settings of the CLI that uses it, but a restart for other TMDB settings waits
// until no other watchlist command is using it (each one holds a file in local-api-clients/ while it
// runs): an import in one shell is not cut off by a settings change in another.
//
// The API writes the state file itself (recordLocalApi, called by `watchlist serve` when the CLI
// started it): it runs detached, so it outlives a CLI interrupted by Ctrl-C during the start, and
// the next command must still find it.
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { get as httpGet } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { configDir, type LocalPaths, localPaths } from "./paths.js";
import { isPostmasterOf, readPostmasterPid } from "./postmaster.js";
import { commandLine, isAlive, isSameProcess, parentPid, processStartTime, sleep } from "./process.js";
import type { OpenedFolders } from "./service-account.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = join(ROOT, "bin/watchlist.js");
/** First start: initdb (~1–2 s), migrations, then listen; slow disks get some slack. */
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;
const HEALTH_TIMEOUT_MS = 2_000;
const LOG_ROTATE_BYTES = 5 * 1024 * 1024;
/** In the environment of an API the CLI started: it then records itself in the state file. */
const LOCAL_MARKER = "WATCHLIST_LOCAL";

interface ApiState {
  pid: number;
  /** With pid, names the process for good: a recycled pid is not taken for the API (see process.ts). */
  processStart?: string;
  /** Absent while the API is still starting (initdb, migrations). */
  url?: string;
  port?: number;
  startedAt: string;
  /** "embedded" or the DATABASE_URL without its password. */
  database: string;
  /** Which TMDB settings the API got from its environment (a hash: the key itself stays out of this file). */
  tmdb?: string;
  /** The watchlist version that started it. */
  version: string;
  /** Folders whose access this start changed so PostgreSQL (as root: another account) reaches its files. */
  opened?: OpenedFolders;
}

type ListeningState = ApiState & { url: string };

export interface LocalApi {
  url: string;
  /** true when this call started it (the CLI then says so on stderr). */
  started: boolean;
  /** The embedded database's folder, when the API uses it. */
  dataDir?: string;
  /** Folders this start opened for PostgreSQL's account (the CLI mentions them). */
  opened?: OpenedFolders;
  /** Why it was restarted, or why it still runs with other TMDB settings than asked (the CLI says it). */
  note?: string;
}

/** Another watchlist command using the local API. */
export interface LocalApiClient {
  pid: number;
  /** Its command (`import`, `search`…), to name it to the person who waits for it. */
  command: string;
}

export interface LocalApiStatus {
  running: boolean;
  url?: string;
  pid?: number;
  database: string;
  dataDir?: string;
  logFile: string;
}

export interface LocalApiOptions {
  /** The command that runs the API in the foreground; by default `watchlist serve` of this install. */
  serveCommand?: string[];
  /**
   * The settings the API should run with: the environment as `watchlist serve` will see it, TMDB
   * settings of `watchlist config` included (the CLI passes it); process.env by default.
   */
  env?: NodeJS.ProcessEnv;
}

/**
 * The URL of the running local API, starting it first when needed (one start at a time). From here
 * to its exit, this process counts as a client of the API.
 */
export async function ensureLocalApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  const env = options.env ?? process.env;
  const dir = configDir();
  const paths = localPaths(dir);
  // Before looking at the API: a restart decided from now on sees this command.
  holdClient(paths);
  const running = await reachable(readState(paths));
  if (running && isCurrent(running, env)) return describe(running, paths, false);
  const { withFileLock } = await import("./lock.js"); // only on this slow path: the CLI's start-up counts
  return withFileLock(paths.lockFile, START_TIMEOUT_MS, async () => {
    // Another command may have started it while we waited for the lock, or be starting it still
    // (its CLI interrupted since): wait for that one rather than start a second.
    let state = readState(paths);
    if (state && !state.url && isOurApi(state))
      state = await untilListening(paths, state.pid, () => undefined, Date.now() + START_TIMEOUT_MS);
    const meanwhile = await reachable(state);
    if (meanwhile && isCurrent(meanwhile, env)) return describe(meanwhile, paths, false);
    let note: string | undefined;
    if (meanwhile && onlyTmdbDiffers(meanwhile, env)) {
      const busy = otherClients(paths);
      if (busy.length > 0)
        return {
          ...describe(meanwhile, paths, false),
          note:
            `the local API keeps its earlier TMDB settings for now: ${clientsText(busy)} using it, and a restart would cut it off; ` +
            "the first command after it ends restarts the API with this shell's settings",
        };
      note = "restarted the local API: its TMDB settings changed";
    }
    await retire(state, paths);
    const started = await startApi(
      dir,
      paths,
      options.serveCommand ?? [process.execPath, BIN, "serve", "--port", "0", "--host", "127.0.0.1"],
      env,
    );
    return { ...describe(started, paths, true), ...(note ? { note } : {}) };
  });
}

/**
 * Stops the local API so that the next command starts it with changed settings, unless other watchlist
 * commands are using it: then it keeps running and they are returned (the next command after them
 * restarts it, as its settings differ).
 */
export async function stopLocalApiWhenIdle(): Promise<{ stopped: boolean; busy: LocalApiClient[] }> {
  const paths = localPaths();
  if (!existsSync(paths.stateFile) && orphanedApi(paths) === undefined) return { stopped: false, busy: [] };
  const { withFileLock } = await import("./lock.js");
  return withFileLock(paths.lockFile, START_TIMEOUT_MS, async () => {
    const state = readState(paths);
    const busy = state && isOurApi(state) ? otherClients(paths) : [];
    if (busy.length > 0) return { stopped: false, busy };
    return { stopped: await retire(state, paths), busy };
  });
}

/** "another watchlist command (pid 4242: import) is" / "2 other watchlist commands (…) are". */
export function clientsText(clients: LocalApiClient[]): string {
  const named = clients.map((client) => `pid ${client.pid}: ${client.command}`).join(", ");
  return clients.length === 1 ? `another watchlist command (${named}) is` : `${clients.length} other watchlist commands (${named}) are`;
}

/**
 * Called by `watchlist serve` at its start: when the CLI started it as the local API, records it in
 * the state file ("starting", then with its URL via the returned `listening`), and returns `forget`
 * for its clean exit. Outside local mode both do nothing.
 */
export function recordLocalApi(env: NodeJS.ProcessEnv = process.env): {
  listening(url: string, opened?: OpenedFolders): void;
  forget(): void;
} {
  if (env[LOCAL_MARKER] !== "1") return { listening: () => {}, forget: () => {} };
  const paths = localPaths(configDir(env));
  const base: ApiState = {
    pid: process.pid,
    processStart: processStartTime(process.pid),
    startedAt: new Date().toISOString(),
    database: databaseInUse(env),
    tmdb: tmdbInUse(env),
    version: packageVersion(),
  };
  writeState(paths, base);
  return {
    listening: (url, opened) => writeState(paths, { ...base, url, port: Number(new URL(url).port), opened }),
    forget: () => {
      if (readState(paths)?.pid === process.pid) rmSync(paths.stateFile, { force: true });
    },
  };
}

export async function localApiStatus(): Promise<LocalApiStatus> {
  const paths = localPaths();
  const state = await reachable(readState(paths));
  const database = state?.database ?? databaseInUse(process.env);
  return {
    running: Boolean(state),
    url: state?.url,
    pid: state?.pid,
    database: database === "embedded" ? "embedded PostgreSQL" : database,
    dataDir: database === "embedded" ? paths.dataDir : undefined,
    logFile: paths.logFile,
  };
}

/** Stops the local API (which stops its embedded database cleanly); false when none was running. */
export async function stopLocalApi(): Promise<boolean> {
  const paths = localPaths();
  if (!existsSync(paths.stateFile) && orphanedApi(paths) === undefined) return false;
  const { withFileLock } = await import("./lock.js");
  return withFileLock(paths.lockFile, START_TIMEOUT_MS, async () => retire(readState(paths), paths));
}

function describe(state: ListeningState, paths: LocalPaths, started: boolean): LocalApi {
  const dataDir = state.database === "embedded" ? paths.dataDir : undefined;
  return started && state.opened ? { url: state.url, started, dataDir, opened: state.opened } : { url: state.url, started, dataDir };
}

function readState(paths: LocalPaths): ApiState | undefined {
  try {
    const state = JSON.parse(readFileSync(paths.stateFile, "utf8")) as ApiState;
    return Number.isInteger(state?.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Whole or not at all: written under a private name, then renamed into place. */
function writeState(paths: LocalPaths, state: ApiState): void {
  const draft = `${paths.stateFile}.${process.pid}`;
  writeFileSync(draft, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(draft, paths.stateFile);
}

/** The state when its process is ours and answers /health (even 503: the API is there). */
async function reachable(state: ApiState | undefined): Promise<ListeningState | undefined> {
  if (!state?.url || !isOurApi(state)) return undefined;
  return (await answersHealth(state.url)) ? (state as ListeningState) : undefined;
}

/** node:http rather than fetch: loading fetch costs the CLI ~20 ms on every command. */
function answersHealth(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = httpGet(new URL("/health", url), { timeout: HEALTH_TIMEOUT_MS }, (response) => {
      response.resume();
      resolve(true);
    });
    request.once("timeout", () => request.destroy());
    request.once("error", () => resolve(false));
  });
}

/**
 * An API started by another watchlist version (the CLI was upgraded since), on another database than
 * the environment now asks for (DATABASE_URL set or changed since), or with other TMDB settings
 * (TMDB_API_KEY exported after it started, `config set tmdb-base-url`) is replaced, not reused: the
 * local API follows the CLI (for TMDB settings, once no other command uses it).
 */
function isCurrent(state: ListeningState, env: NodeJS.ProcessEnv): boolean {
  return onlyTmdbDiffers(state, env) && state.tmdb === tmdbInUse(env);
}

/** Same version and database: at most the TMDB settings differ. */
function onlyTmdbDiffers(state: ListeningState, env: NodeJS.ProcessEnv): boolean {
  return state.version === packageVersion() && state.database === databaseInUse(env);
}

interface ClientRecord extends LocalApiClient {
  processStart?: string;
}

/** Records this process as a client of the local API until it exits. */
function holdClient(paths: LocalPaths): void {
  const file = join(paths.clientsDir, String(process.pid));
  const command = process.argv.slice(2).find((word) => !word.startsWith("-")) ?? "watchlist";
  const record: ClientRecord = { pid: process.pid, processStart: processStartTime(process.pid), command };
  mkdirSync(paths.clientsDir, { recursive: true, mode: 0o700 });
  // Whole or not at all (a reader never sees it half written): under a private name, then renamed.
  writeFileSync(`${file}.new`, JSON.stringify(record), { mode: 0o600 });
  renameSync(`${file}.new`, file);
  process.once("exit", () => rmSync(file, { force: true }));
}

/** The other live clients; the files of commands that died without removing theirs (kill -9) are removed. */
function otherClients(paths: LocalPaths): LocalApiClient[] {
  let names: string[];
  try {
    names = readdirSync(paths.clientsDir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    const file = join(paths.clientsDir, name);
    let record: ClientRecord;
    try {
      record = JSON.parse(readFileSync(file, "utf8")) as ClientRecord;
    } catch {
      return []; // being written, or removed meanwhile
    }
    if (record.pid === process.pid) return [];
    if (!isSameProcess(record.pid, record.processStart)) {
      rmSync(file, { force: true });
      return [];
    }
    return [{ pid: record.pid, command: record.command }];
  });
}

let version: string | undefined;
function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
  return version;
}

/** The recorded process, not another that got its pid since (signalling that one would be a disaster). */
function isOurApi(state: ApiState): boolean {
  return isSameProcess(state.pid, state.processStart);
}

/**
 * A local API running on the embedded database without a state file (deleted, or damaged by hand):
 * found through the cluster's postmaster.pid, whose process runs under the watchdog shell the API
 * spawned. Only an API the CLI started (its environment has the marker) counts: a `watchlist serve`
 * someone runs in a terminal is theirs. Linux only (/proc).
 */
function orphanedApi(paths: LocalPaths): number | undefined {
  const pgdata = join(paths.dataDir, "pgdata");
  const postmaster = readPostmasterPid(pgdata)?.pid;
  if (postmaster === undefined || !isPostmasterOf(postmaster, pgdata)) return undefined;
  const watchdog = parentPid(postmaster);
  const api = watchdog === undefined ? undefined : parentPid(watchdog);
  if (api === undefined || !commandLine(api)?.includes("serve")) return undefined;
  try {
    return readFileSync(`/proc/${api}/environ`, "utf8").split("\0").includes(`${LOCAL_MARKER}=1`) ? api : undefined;
  } catch {
    return undefined;
  }
}

/** Stops the recorded API (or one that lost its state file) if it still runs, and forgets it. */
async function retire(state: ApiState | undefined, paths: LocalPaths): Promise<boolean> {
  const pid = state && isOurApi(state) ? state.pid : orphanedApi(paths);
  rmSync(paths.stateFile, { force: true });
  if (pid === undefined) return false;
  await terminate(pid);
  return true;
}

async function terminate(pid: number): Promise<void> {
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      // Its PostgreSQL still shuts down cleanly: the watchdog sees the API go.
      process.kill(pid, "SIGKILL");
      break;
    }
    await sleep(50);
  }
}

/** Runs `command` with `env`: the settings it records (and is compared by) are those it was asked to run with. */
async function startApi(dir: string, paths: LocalPaths, command: string[], env: NodeJS.ProcessEnv): Promise<ListeningState> {
  rotateLog(paths.logFile);
  const logStart = existsSync(paths.logFile) ? statSync(paths.logFile).size : 0;
  const log = openSync(paths.logFile, "a", 0o600);
  const [file, ...args] = command;
  const { spawn } = await import("node:child_process");
  const child = spawn(file, args, {
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...env, [LOCAL_MARKER]: "1", WATCHLIST_CONFIG_DIR: dir },
    cwd: dir,
  });
  closeSync(log);
  let exit: string | undefined;
  child.once("exit", (code, signal) => (exit = signal ?? `exit ${code}`));
  child.once("error", (error) => (exit = error.message));
  child.unref();

  const deadline = Date.now() + START_TIMEOUT_MS;
  const state = await untilListening(paths, child.pid!, () => exit, deadline);
  if (state) return state;
  if (exit === undefined) {
    // Timed out: stop it, and let it finish stopping before the lock is released.
    child.kill("SIGTERM");
    while (exit === undefined && Date.now() < deadline + STOP_TIMEOUT_MS) await sleep(50);
    if (exit === undefined) child.kill("SIGKILL");
  }
  throw new Error(
    `could not start the local API: ${lastErrorLine(readLogFrom(paths.logFile, logStart)) ?? exit ?? "timed out"} (log: ${paths.logFile})`,
  );
}

/**
 * Waits until the API `pid` records its URL; undefined when it exits first (as `exited` tells, or
 * as seen from here for an API another command started) or at the deadline.
 */
async function untilListening(
  paths: LocalPaths,
  pid: number,
  exited: () => string | undefined,
  deadline: number,
): Promise<ListeningState | undefined> {
  for (;;) {
    const state = readState(paths);
    if (state?.pid === pid && state.url) return state as ListeningState;
    if (exited() !== undefined || !isAlive(pid) || Date.now() > deadline) return undefined;
    await sleep(50);
  }
}

/** The API's own error message (`error: …`), else its last line. */
function lastErrorLine(log: string): string | undefined {
  const lines = log
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const error = lines.findLast((line) => line.startsWith("error:"));
  return error?.slice("error:".length).trim() ?? lines.at(-1);
}

function readLogFrom(file: string, offset: number): string {
  return readFileSync(file).subarray(offset).toString("utf8");
}

function rotateLog(file: string): void {
  if (existsSync(file) && statSync(file).size > LOG_ROTATE_BYTES) renameSync(file, `${file}.1`);
}

/**
 * The TMDB variables the API reads, hashed. Unset ones count too: an API started with a key exported
 * is replaced when the CLI runs without it (the API then reads `config set tmdb-key`, if any).
 */
function tmdbInUse(env: NodeJS.ProcessEnv): string {
  const settings = [env.TMDB_API_KEY, env.TMDB_READ_TOKEN, env.TMDB_BASE_URL].map((value) => value ?? "");
  return createHash("sha256").update(JSON.stringify(settings)).digest("hex").slice(0, 16);
}

/** What the API will use, as shown to people: never the password of a DATABASE_URL. */
function databaseInUse(env: NodeJS.ProcessEnv): string {
  if (!env.DATABASE_URL) return "embedded";
  try {
    const url = new URL(env.DATABASE_URL);
    url.password = "";
    return url.toString();
  } catch {
    return "DATABASE_URL (unparsable)";
  }
}
