// Faults under a running API: PostgreSQL stopped and started again, TMDB slow, rate limiting and down,
// the API process killed in the middle of a write. Quick, clear answers meanwhile; nothing partial after.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "../../src/local/embedded-db.js";
import { silentLogger } from "../../src/logger.js";
import { type RunningServer, startServer } from "../../src/server.js";
import { startApiProcess } from "../cli/helpers/api.js";
import { FAKE_TMDB_KEY, type FakeTmdb, startFakeTmdb } from "../fake-tmdb/index.js";
import { useTestDatabase } from "../helpers/db.js";

const INCEPTION = 27205;
const INTERSTELLAR = 157336;

async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const started = performance.now();
  const response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return {
    status: response.status,
    text,
    json: text ? JSON.parse(text) : undefined,
    ms: performance.now() - started,
    headers: response.headers,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once("error", reject);
  });
}

/** `watchlist serve`'s own start, in this process, on that database and the fake TMDB. */
function startApi(databaseUrl: string, fakeTmdb: FakeTmdb, env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({
    port: 0,
    logger: silentLogger,
    env: {
      DATABASE_URL: databaseUrl,
      JWT_SECRET: "faults-test-secret-faults-test-secret!!",
      TMDB_BASE_URL: fakeTmdb.url,
      TMDB_API_KEY: FAKE_TMDB_KEY,
      LOG_LEVEL: "silent",
      ...env,
    },
  });
}

describe("PostgreSQL stopped and started under a running API", { timeout: 120_000 }, () => {
  let dataDir: string;
  let database: EmbeddedDatabase | undefined;
  let api: RunningServer;
  let fakeTmdb: FakeTmdb;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "watchlist-faults-"));
    port = await freePort();
    database = await startEmbeddedDatabase({ dataDir, port });
    fakeTmdb = await startFakeTmdb();
    api = await startApi(database.url, fakeTmdb);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await database?.stop();
    await fakeTmdb?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers quick 503s while it is down, then the same process serves again, data intact", async () => {
    const register = await call(api.url, "POST", "/auth/register", undefined, {
      email: "f@example.com",
      username: "faulty",
      password: "long enough password",
    });
    const token = register.json.token;
    expect((await call(api.url, "PUT", `/ratings/${INCEPTION}`, token, { rating: "LIKE" })).status).toBe(200);

    await database!.stop();
    database = undefined;
    for (const [method, path, body] of [
      ["GET", "/health"],
      ["GET", "/ratings"],
      ["PUT", `/ratings/${INTERSTELLAR}`, { rating: "OK" }],
    ] as const) {
      const answer = await call(api.url, method, path, token, body);
      expect(answer.status, `${method} ${path}: ${answer.text}`).toBe(503);
      expect(answer.ms).toBeLessThan(3_000);
      expect(answer.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at .*\.js/);
    }

    database = await startEmbeddedDatabase({ dataDir, port });
    let ratings: Awaited<ReturnType<typeof call>> | undefined;
    for (let tries = 0; tries < 100; tries++) {
      ratings = await call(api.url, "GET", "/ratings", token);
      if (ratings.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(ratings!.status).toBe(200);
    expect(ratings!.json.map((entry: any) => entry.movie.tmdbId)).toEqual([INCEPTION]);
    expect((await call(api.url, "GET", "/health")).status).toBe(200);
  });
});

describe("TMDB slow, rate limiting, down", { timeout: 60_000 }, () => {
  let api: RunningServer;
  let fakeTmdb: FakeTmdb;
  let token: string;

  beforeAll(async () => {
    const database = await useTestDatabase();
    fakeTmdb = await startFakeTmdb();
    api = await startApi(database.url, fakeTmdb, { TMDB_TIMEOUT_MS: "300", TMDB_RETRIES: "1" });
    token = (
      await call(api.url, "POST", "/auth/register", undefined, {
        email: "t@example.com",
        username: "tmdbfaults",
        password: "long enough password",
      })
    ).json.token;
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await fakeTmdb?.close();
  });

  it("slow: a movie TMDB does not send in time is a 502 saying so in words, within the timeout and its retry", async () => {
    fakeTmdb.setLatency(5_000);
    try {
      const answer = await call(api.url, "GET", `/movies/${INTERSTELLAR}`, token);
      expect(answer.status).toBe(502);
      expect(answer.json.error.message).toMatch(/TMDB did not answer within 300 ms/);
      // Two tries of 300 ms and a pause: far less than TMDB's 5 s, with room for a loaded machine.
      expect(answer.ms).toBeLessThan(3_000);
    } finally {
      fakeTmdb.setLatency(0);
    }
  });

  it("a burst of 429s: retried after TMDB's Retry-After, the request succeeds", async () => {
    fakeTmdb.failNext(429, 1, { "Retry-After": "1" });
    const answer = await call(api.url, "GET", `/movies/${INCEPTION}`, token);
    expect(answer.status).toBe(200);
    expect(answer.json.title).toBe("Inception");
  });

  it("rate limited beyond the retries: 503 with a Retry-After for the client", async () => {
    fakeTmdb.failNext(429, 5, { "Retry-After": "1" });
    const answer = await call(api.url, "GET", "/movies/search?q=arrival", token);
    expect([200, 503]).toContain(answer.status);
    if (answer.status === 503) expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
    else expect(answer.json.source).toBe("cache"); // answered from the cache instead
  });

  it("down: a cached movie is still served, and a search answers from the cache", async () => {
    fakeTmdb.setDown(true, "reset");
    try {
      const movie = await call(api.url, "GET", `/movies/${INCEPTION}`, token);
      expect(movie.status).toBe(200);
      const search = await call(api.url, "GET", "/movies/search?q=inception", token);
      expect(search.status).toBe(200);
      expect(search.json.source).toBe("cache");
      expect(search.json.results.map((result: any) => result.tmdbId)).toContain(INCEPTION);
    } finally {
      fakeTmdb.setDown(false);
    }
  });
});

describe("the API killed with SIGKILL during mark-watched", { timeout: 60_000 }, () => {
  it("leaves no partial state: the rating and the queue removal happen together or not at all", async () => {
    const api = await startApiProcess();
    const register = await call(api.url, "POST", "/auth/register", undefined, {
      email: "k@example.com",
      username: "killed",
      password: "long enough password",
    });
    const token = register.json.token;
    expect((await call(api.url, "PUT", `/watchlist/${INCEPTION}`, token, { priority: "HIGH" })).status).toBe(201);

    // Make the transaction stop in its middle: after the rating is written, the queue delete sleeps.
    const admin = new pg.Client({ connectionString: api.databaseUrl });
    await admin.connect();
    try {
      await admin.query(`
        CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(30); RETURN OLD; END $$;
        CREATE TRIGGER stall BEFORE DELETE ON "Watchlist" FOR EACH ROW EXECUTE FUNCTION stall();`);
      const watched = call(api.url, "POST", `/watchlist/${INCEPTION}/watched`, token, { rating: "SUPER_LIKE" }).catch((error) => error);
      for (let tries = 0; ; tries++) {
        const { rows } = await admin.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'DELETE%Watchlist%' AND state = 'active' AND pid <> pg_backend_pid()",
        );
        if (rows[0].n > 0) break;
        if (tries > 200) throw new Error("mark-watched never reached its delete");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const apiPid = Number(
        execFileSync("pgrep", ["-P", String(api.child.pid)], { encoding: "utf8" })
          .trim()
          .split("\n")[0],
      );
      process.kill(apiPid, "SIGKILL");
      expect(await watched).toBeInstanceOf(Error); // the connection died with the process

      // PostgreSQL rolls the transaction back when the connection goes.
      for (let tries = 0; tries < 200; tries++) {
        const { rows } = await admin.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'DELETE%Watchlist%' AND state = 'active' AND pid <> pg_backend_pid()",
        );
        if (rows[0].n === 0) break;
        // The backend notices its client is gone only when it next talks to it: end its sleep now.
        await admin.query(
          "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE 'DELETE%Watchlist%' AND pid <> pg_backend_pid()",
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const { rows: ratings } = await admin.query(`SELECT count(*)::int AS n FROM "UserMovie"`);
      const { rows: queued } = await admin.query(`SELECT priority FROM "Watchlist"`);
      expect(ratings[0].n).toBe(0);
      expect(queued).toEqual([{ priority: "HIGH" }]);
    } finally {
      await admin.query(`DROP TRIGGER IF EXISTS stall ON "Watchlist"; DROP FUNCTION IF EXISTS stall()`).catch(() => {});
      await admin.end();
    }
  });
});
