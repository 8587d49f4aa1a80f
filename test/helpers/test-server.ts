// Which PostgreSQL the test run uses: TEST_DATABASE_URL when set; else the machine's server when one
// answers on 127.0.0.1:5432; else an embedded PostgreSQL of the run's own (the one local mode ships),
// in a temp dir on a free port, removed at the end — so `npm test` needs nothing but Node.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedDatabase } from "../../src/local/embedded-db.js";
import { isAlive } from "../../src/local/process.js";
import { MACHINE_SERVER_URL } from "./pg.js";

const DATA_DIR_PREFIX = "watchlist-test-pg-";
/** Holds the pid of the run that owns the data dir: a later run removes dirs whose owner is gone. */
const OWNER_FILE = "owner.pid";

export interface TestServer {
  url: string;
  /** What the run uses, for its first line. */
  description: string;
  stop(): Promise<void>;
}

export async function chooseTestServer(): Promise<TestServer> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, description: "TEST_DATABASE_URL", stop: async () => {} };
  if (await answers("127.0.0.1", 5432)) return { url: MACHINE_SERVER_URL, description: "127.0.0.1:5432", stop: async () => {} };
  return startOwnServer();
}

/** True when something accepts TCP connections there (a refused or silent port is not a server). */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.connect(port, host);
  });
}

async function startOwnServer(): Promise<TestServer> {
  removeAbandonedDataDirs();
  process.stderr.write("starting an embedded PostgreSQL for the tests… (no server on 127.0.0.1:5432, TEST_DATABASE_URL unset)\n");
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), DATA_DIR_PREFIX));
  writeFileSync(join(dataDir, OWNER_FILE), String(process.pid));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });

  let database: Awaited<ReturnType<typeof startEmbeddedDatabase>>;
  try {
    database = await startEmbeddedDatabase({ dataDir: join(dataDir, "db") });
  } catch (error) {
    removeDataDir();
    throw error;
  }
  process.stderr.write(`embedded PostgreSQL ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

  // PostgreSQL stops by itself when this process dies, even by kill -9 (the watchdog of
  // embedded-db.ts); an interrupted run still removes its data dir on the way out.
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", removeDataDir);
    await database.stop();
    removeDataDir();
  };
  process.once("exit", removeDataDir);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    });
  }

  const url = new URL(database.url);
  url.pathname = "/postgres";
  return { url: url.toString(), description: "an embedded PostgreSQL", stop };
}

/** Data dirs of earlier runs that were killed before they could clean up. */
function removeAbandonedDataDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(DATA_DIR_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    const ownerFile = join(dir, OWNER_FILE);
    if (!existsSync(ownerFile)) {
      // Another run may have only just made it; one that never wrote its owner is old news after a minute.
      if (Date.now() - statSync(dir).mtimeMs > 60_000) rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (!isAlive(Number(readFileSync(ownerFile, "utf8")))) rmSync(dir, { recursive: true, force: true });
  }
}
