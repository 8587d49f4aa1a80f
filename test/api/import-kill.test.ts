// Issue 11's fault: the API process killed with SIGKILL in the middle of an import. Each batch is one
// transaction, so the database holds whole batches only, and re-sending the import completes it.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ensureBuilt } from "../cli/helpers/build.js";
import { cleanEnv } from "../cli/helpers/cli.js";
import { FAKE_TMDB_KEY, type FakeTmdb, startFakeTmdb } from "../fake-tmdb/index.js";
import { type TestDatabase, useTestDatabase } from "../helpers/db.js";

let database: TestDatabase;
let fake: FakeTmdb;
let watcher: pg.Client;
const children: ChildProcess[] = [];

beforeAll(async () => {
  await ensureBuilt();
  database = await useTestDatabase();
  fake = await startFakeTmdb();
  watcher = new pg.Client({ connectionString: database.url });
  await watcher.connect();
}, 180_000);
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await watcher.end();
  await fake.close();
});

/** `watchlist serve` as its own process (no shell in between: the SIGKILL reaches the API itself). */
async function startApi(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--host", "127.0.0.1"], {
    env: cleanEnv({
      DATABASE_URL: database.url,
      TMDB_BASE_URL: fake.url,
      TMDB_API_KEY: FAKE_TMDB_KEY,
      JWT_SECRET: "kill-test-secret-kill-test-secret-kill",
      LOG_LEVEL: "error",
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk) => {
      out += chunk;
      const match = /^listening on (http:\/\/\S+)$/m.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`watchlist serve exited ${code}`)));
  });
  return { url, child };
}

const FIRST = 1_000;
const SECOND = 15_000;
const FIRST_TMDB_ID = 700_000_000;

/** Films already cached, so the batches go straight to writing (no TMDB call). */
async function seedMovies() {
  await database.db.movie.createMany({
    data: Array.from({ length: FIRST + SECOND }, (_, i) => ({
      tmdbId: FIRST_TMDB_ID + i,
      title: `Cached film ${i}`,
      releaseDate: "2001-01-01",
    })),
  });
}

const batch = (from: number, count: number) => ({
  importId: randomUUID(),
  format: "watchlist",
  entries: Array.from({ length: count }, (_, i) => ({
    ref: `line ${from + i}`,
    tmdbId: FIRST_TMDB_ID + from + i,
    rating: "LIKE",
    ratedAt: "2020-01-01T00:00:00.000Z",
    viewings: [{ watchedOn: "2019-12-31", rewatch: false }],
  })),
});

async function stored() {
  const [ratings, viewings] = await Promise.all([database.db.userMovie.count(), database.db.viewing.count()]);
  return { ratings, viewings };
}

describe("SIGKILL during an import", () => {
  it("leaves whole batches only, and a re-run completes the import", { timeout: 180_000 }, async () => {
    await seedMovies();
    let api = await startApi();
    const registered = await fetch(`${api.url}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "killed@example.com", username: "killed", password: "correct horse battery" }),
    });
    const { token } = (await registered.json()) as { token: string };
    const send = (url: string, body: object) =>
      fetch(`${url}/import`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const first = batch(0, FIRST);
    const second = batch(FIRST, SECOND);

    expect((await send(api.url, first)).status).toBe(200);
    const inFlight = send(api.url, second).catch((error: unknown) => error);
    // Kill it while the second batch's transaction is open (its writes under way, not committed).
    const writing = async () => {
      const { rows } = await watcher.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
           AND (query ILIKE '%INSERT INTO%"UserMovie"%' OR query ILIKE '%INSERT INTO%"Viewing"%' OR state = 'idle in transaction')`,
      );
      return rows[0].n > 0;
    };
    const deadline = Date.now() + 60_000;
    while (!(await writing())) {
      if (Date.now() > deadline) throw new Error("the second batch never started writing");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    api.child.kill("SIGKILL");
    await new Promise((resolve) => api.child.once("exit", resolve));
    await inFlight;

    // PostgreSQL rolls back the dead connection's transaction: only the first batch is there, whole.
    const afterKill = await stored();
    expect(afterKill).toEqual({ ratings: FIRST, viewings: FIRST });

    api = await startApi();
    const reports = [];
    for (const body of [first, second]) {
      const response = await send(api.url, body);
      expect(response.status).toBe(200);
      reports.push((await response.json()) as { ratings: { added: number; unchanged: number } });
    }
    expect(reports.map((report) => report.ratings)).toEqual([
      { added: 0, updated: 0, unchanged: FIRST },
      { added: SECOND, updated: 0, unchanged: 0 },
    ]);
    expect(await stored()).toEqual({ ratings: FIRST + SECOND, viewings: FIRST + SECOND });
    api.child.kill("SIGTERM");
  });
});
