// A real API process (`watchlist serve --port 0`) on a test database and the fake TMDB.
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll } from "vitest";
import { FAKE_TMDB_KEY, type FakeTmdb, type FakeTmdbOptions, startFakeTmdb } from "../../fake-tmdb/index.js";
import { useTestDatabase } from "../../helpers/db.js";
import { BIN, ensureBuilt } from "./build.js";
import { cleanEnv } from "./cli.js";

export interface ApiProcess {
  url: string;
  /** The shell that runs the API (see below). */
  child: ChildProcess;
  fakeTmdb: FakeTmdb;
  databaseUrl: string;
  /** What the API wrote on stderr (its log). */
  log(): string;
}

/** Builds the CLI, starts the fake TMDB and `watchlist serve`, and stops them after the file's tests. */
export async function startApiProcess(fakeTmdbOptions: FakeTmdbOptions = {}): Promise<ApiProcess> {
  await ensureBuilt();
  const database = await useTestDatabase();
  const fakeTmdb = await startFakeTmdb(fakeTmdbOptions);
  // The API runs under a small shell that stops it when its stdin closes: at afterAll, and also when
  // this test worker dies before afterAll could run (a bare child would be orphaned, still serving).
  const serve = `"${process.execPath}" "${BIN}" serve --port 0 --host 127.0.0.1 & api=$!; read -r _; kill $api; wait $api`;
  const child = spawn("sh", ["-c", serve], {
    env: cleanEnv({
      DATABASE_URL: database.url,
      TMDB_BASE_URL: fakeTmdb.url,
      TMDB_API_KEY: FAKE_TMDB_KEY,
      JWT_SECRET: "cli-test-secret-cli-test-secret-cli-test",
      LOG_LEVEL: "warn",
    }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let log = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk) => (log += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk) => {
      out += chunk;
      const match = /^listening on (http:\/\/\S+)$/m.exec(out);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`watchlist serve exited ${code}:\n${log}`)));
  });
  afterAll(async () => {
    if (child.exitCode === null) {
      child.stdin!.end();
      await new Promise((resolve) => child.once("exit", resolve));
    }
    await fakeTmdb.close();
  });
  return { url, child, fakeTmdb, databaseUrl: database.url, log: () => log };
}
