// The local API of local mode: started on demand in the background by the CLI, found again through a
// state file in the config dir, restarted when it died, stopped by `watchlist server stop`.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { configDir, localPaths, type LocalPaths } from "./paths.js";
import { isAlive, runsCommand, sleep } from "./process.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = join(ROOT, "bin/watchlist.js");
/** First start: initdb (~1–2 s), migrations, then listen; slow disks get some slack. */
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;
const HEALTH_TIMEOUT_MS = 2_000;
const LOG_ROTATE_BYTES = 5 * 1024 * 1024;
const LISTENING = /listening on (http:\/\/\S+)/;

interface ApiState {
  pid: number;
  port: number;
  url: string;
  startedAt: string;
  /** "embedded" or the DATABASE_URL without its password. */
  database: string;
  /** The watchlist version that started it. */
  version: string;
}

export interface LocalApi {
  url: string;
  /** true when this call started it (the CLI then says so on stderr). */
  started: boolean;
  /** The embedded database's folder, when the API uses it. */
  dataDir?: string;
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
}

/** The URL of the running local API, starting it first when needed (one start at a time). */
export async function ensureLocalApi(options: LocalApiOptions = {}): Promise<LocalApi> {
  const dir = configDir();
  const paths = localPaths(dir);
  const running = current(await reachable(readState(paths)));
  if (running) return describe(running, paths, false);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { withFileLock } = await import("./lock.js"); // only on this slow path: the CLI's start-up counts
  return withFileLock(paths.lockFile, START_TIMEOUT_MS, async () => {
    // Another command may have started it while we waited for the lock.
    const meanwhile = current(await reachable(readState(paths)));
    if (meanwhile) return describe(meanwhile, paths, false);
    await retire(readState(paths), paths);
    const state = await startApi(dir, paths, options.serveCommand ?? [process.execPath, BIN, "serve", "--port", "0", "--host", "127.0.0.1"]);
    return describe(state, paths, true);
  });
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
  if (!existsSync(paths.stateFile)) return false;
  const { withFileLock } = await import("./lock.js");
  return withFileLock(paths.lockFile, START_TIMEOUT_MS, async () => retire(readState(paths), paths));
}

function describe(state: ApiState, paths: LocalPaths, started: boolean): LocalApi {
  return { url: state.url, started, dataDir: state.database === "embedded" ? paths.dataDir : undefined };
}

function readState(paths: LocalPaths): ApiState | undefined {
  try {
    return JSON.parse(readFileSync(paths.stateFile, "utf8")) as ApiState;
  } catch {
    return undefined;
  }
}

/** The state when its process is ours and answers /health (even 503: the API is there). */
async function reachable(state: ApiState | undefined): Promise<ApiState | undefined> {
  if (!state || !isOurApi(state.pid)) return undefined;
  return (await answersHealth(state.url)) ? state : undefined;
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

/** An API started by another watchlist version (the CLI was upgraded since) is replaced, not reused. */
function current(state: ApiState | undefined): ApiState | undefined {
  return state?.version === packageVersion() ? state : undefined;
}

let version: string | undefined;
function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
  return version;
}

function isOurApi(pid: number): boolean {
  return runsCommand(pid, "serve");
}

/** Stops the recorded API if it still runs (hung, or asked to stop) and forgets it. */
async function retire(state: ApiState | undefined, paths: LocalPaths): Promise<boolean> {
  rmSync(paths.stateFile, { force: true });
  if (!state || !isOurApi(state.pid)) return false;
  process.kill(state.pid, "SIGTERM");
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(state.pid)) {
    if (Date.now() > deadline) {
      // Its PostgreSQL still shuts down cleanly: the watchdog sees the API go.
      process.kill(state.pid, "SIGKILL");
      break;
    }
    await sleep(50);
  }
  return true;
}

async function startApi(dir: string, paths: LocalPaths, command: string[]): Promise<ApiState> {
  rotateLog(paths.logFile);
  const logStart = existsSync(paths.logFile) ? statSync(paths.logFile).size : 0;
  const log = openSync(paths.logFile, "a", 0o600);
  const env = { ...process.env, WATCHLIST_LOCAL: "1", WATCHLIST_CONFIG_DIR: dir };
  const [file, ...args] = command;
  const { spawn } = await import("node:child_process");
  const child = spawn(file, args, { detached: true, stdio: ["ignore", log, log], env, cwd: dir });
  closeSync(log);
  let exit: string | undefined;
  child.once("exit", (code, signal) => (exit = signal ?? String(code)));
  child.once("error", (error) => (exit = error.message));
  child.unref();

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const url = readLogFrom(paths.logFile, logStart).match(LISTENING)?.[1];
    if (url) {
      const state: ApiState = {
        pid: child.pid!,
        port: Number(new URL(url).port),
        url,
        startedAt: new Date().toISOString(),
        database: databaseInUse(env),
        version: packageVersion(),
      };
      writeFileSync(paths.stateFile, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
      return state;
    }
    if (exit !== undefined || Date.now() > deadline) {
      if (exit === undefined) child.kill("SIGTERM");
      const tail = readLogFrom(paths.logFile, logStart).trim().split("\n").slice(-5).join("\n");
      throw new Error(`the local API did not start (${exit === undefined ? "timed out" : `exit ${exit}`}); log ${paths.logFile}:\n${tail}`);
    }
    await sleep(50);
  }
}

function readLogFrom(file: string, offset: number): string {
  return readFileSync(file).subarray(offset).toString("utf8");
}

function rotateLog(file: string): void {
  if (existsSync(file) && statSync(file).size > LOG_ROTATE_BYTES) renameSync(file, `${file}.1`);
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
