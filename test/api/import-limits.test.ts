// Issue 14's findings 1 and 2 against a real HTTP server (node:http, as in production) and the fake
// TMDB in its rate-limited mode (40 requests in any second, 429 with Retry-After beyond).
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.js";
import { silentLogger } from "../../src/logger.js";
import { createTmdbClient } from "../../src/tmdb/client.js";
import { type FakeTmdb, fakeMovies, fakeTmdbConfig, startFakeTmdb } from "../fake-tmdb/index.js";
import { JWT_SECRET } from "../helpers/api.js";
import { type TestDatabase, useTestDatabase } from "../helpers/db.js";

const TMDB_LIMIT = 40;
let database: TestDatabase;
let fake: FakeTmdb;
let url: string;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  database = await useTestDatabase();
  fake = await startFakeTmdb({ ratePerSecond: TMDB_LIMIT });
  // The production client: default pacing (under 40/s), default retries.
  const tmdb = createTmdbClient(fakeTmdbConfig(fake, { retries: 3, timeoutMs: 5000 }));
  const app = createApp({
    db: database.db,
    coordination: database.coordination,
    tmdb,
    logger: silentLogger,
    jwtSecret: JWT_SECRET,
    jwtExpiresIn: "1h",
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeServer = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await closeServer();
  await fake.close();
});

let users = 0;
async function register(): Promise<string> {
  const name = `limits${++users}`;
  const response = await fetch(`${url}/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `${name}@example.com`, username: name, password: "correct horse battery" }),
  });
  return ((await response.json()) as { token: string }).token;
}

const post = (token: string, body: string | object, signal?: AbortSignal) =>
  fetch(`${url}/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal,
  });

/** A batch of films TMDB has never heard of: one TMDB call each, many seconds of bulk work at 40/s. */
let unknownId = 800_000_000;
const unknownFilms = (count: number) => ({
  importId: randomUUID(),
  format: "watchlist",
  entries: Array.from({ length: count }, () => ({ tmdbId: ++unknownId, title: "Nobody knows", rating: "LIKE" })),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("an import shares TMDB fairly and stops with its client", () => {
  it("another user's search during an import answers from TMDB in under 1.5 s", async () => {
    const importer = await register();
    const searcher = await register();
    const controller = new AbortController();
    const before = fake.requests.length;
    const running = post(importer, unknownFilms(400), controller.signal).catch(() => undefined);
    // The import in full swing (more than 10 of its requests arrived): bulk requests queued for ~10 s.
    await expect.poll(() => fake.requests.length - before, { timeout: 30_000 }).toBeGreaterThan(10);
    const sentAt = fake.requests.length;
    const started = performance.now();
    const search = await fetch(`${url}/movies/search?q=arrival`, { headers: { authorization: `Bearer ${searcher}` } });
    const elapsed = performance.now() - started;
    const body = (await search.json()) as { source: string; results: { tmdbId: number }[] };
    controller.abort();
    await running;
    expect(search.status).toBe(200);
    expect(body.source).toBe("tmdb");
    expect(body.results[0]?.tmdbId).toBe(fakeMovies.arrival.id);
    // It jumped the queue: before it, TMDB saw only the bulk requests in flight (8) and those the
    // budget let start while the search travelled to the API and back (40/s of its elapsed time: a
    // loaded machine's event loop delays it), not the hundreds waiting behind them.
    const searchAt = fake.requests.findIndex((request, index) => index >= sentAt && request.path === "/search/movie");
    expect(searchAt - sentAt).toBeLessThanOrEqual(8 + Math.ceil((elapsed / 1000) * 40));
    // The 1.5 s, with room for a loaded test machine (bench/import-limits.mjs has the figures).
    expect(elapsed).toBeLessThan(3000);
  });

  it("stays under TMDB's limit (fewer than 5 % answered 429) and completes", async () => {
    const token = await register();
    const before = fake.requests.length;
    const response = await post(token, unknownFilms(120));
    expect(response.status).toBe(200);
    const report = (await response.json()) as { unmatched: unknown[] };
    expect(report.unmatched).toHaveLength(120);
    const made = fake.requests.slice(before);
    expect(made.filter((request) => request.status === 429).length).toBeLessThan(made.length * 0.05);
  });

  it("stops calling TMDB within a moment of the client going away", async () => {
    const token = await register();
    const controller = new AbortController();
    const before = fake.requests.length;
    const running = post(token, unknownFilms(400), controller.signal).catch((error: unknown) => error);
    // Running: more than 10 of its TMDB requests arrived (a loaded machine may need longer than 1.5 s).
    await expect.poll(() => fake.requests.length - before, { timeout: 30_000 }).toBeGreaterThan(10);
    controller.abort();
    await running;
    await sleep(300); // grace: requests already on the wire
    const afterGrace = fake.requests.length;
    await sleep(1500);
    expect(fake.requests.length).toBe(afterGrace);
    // The account is free again.
    expect((await post(token, { importId: randomUUID(), format: "imdb", entries: [] })).status).toBe(200);
  });
});

describe("hostile bodies", () => {
  it("8 parallel 6 MB bodies nested millions of levels deep: 400 each, /health answers meanwhile, RSS bounded", async () => {
    const token = await register();
    const depth = 3_000_000;
    const deep = `{"unknown":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const healthTimes: number[] = [];
    let attacking = true;
    const probe = (async () => {
      while (attacking) {
        const started = performance.now();
        const health = await fetch(`${url}/health`);
        await health.text();
        healthTimes.push(performance.now() - started);
        await sleep(20);
      }
    })();
    const statuses = await Promise.all(Array.from({ length: 8 }, () => post(token, deep).then((response) => response.status)));
    attacking = false;
    await probe;
    expect(statuses).toEqual(Array(8).fill(400));
    expect(healthTimes.length).toBeGreaterThan(0);
    // Generous bound for a shared, loaded 2-core machine (issue 14 saw 5.7 s and 1.6 GB); the bench
    // bench/import-limits.mjs measures it from a separate process.
    expect(Math.max(...healthTimes)).toBeLessThan(5000);
    expect(process.memoryUsage().rss).toBeLessThan(1024 ** 3);
  });
});
