// Two `watchlist serve` processes over one database and one JWT secret behave as one server: what
// one process does (a logout, a failed login, an import) the other honours at once. The fake TMDB runs
// in its rate-limited mode (40 requests/s) as TMDB does.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ATTEMPTS } from "../../src/auth/login-throttle.js";
import { type FakeTmdb, startFakeTmdb } from "../fake-tmdb/index.js";
import { useTestDatabase } from "../helpers/db.js";
import { call, registerOn, type ServeProcess, startServeProcess } from "../helpers/serve-processes.js";

const TMDB_LIMIT = 40;

let fake: FakeTmdb;
let a: ServeProcess;
let b: ServeProcess;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = (await useTestDatabase()).url;
  fake = await startFakeTmdb({ ratePerSecond: TMDB_LIMIT });
  // B trusts the loopback proxy's X-Forwarded-For; A believes only the socket.
  [a, b] = await Promise.all([
    startServeProcess({ databaseUrl, tmdbUrl: fake.url }),
    startServeProcess({ databaseUrl, tmdbUrl: fake.url, env: { TRUSTED_PROXIES: "loopback" } }),
  ]);
}, 120_000);
afterAll(() => fake?.close());

/** Milliseconds until `check` holds, polled every 5 ms; fails past `withinMs`. */
async function timeUntil(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > withinMs) throw new Error(`still not so after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return performance.now() - started;
}

const refusedOn = (server: ServeProcess, token: string) => async () => (await call(server.url, "GET", "/me", { token })).status === 401;

// Without the notifications, B trusts the session it checked a moment ago for 5 s: a bound of 1 s
// fails then, and leaves room for a loaded machine (the target, 100 ms, is what the notification takes).
const REFUSED_WITHIN_MS = 1_000;

describe("a session ended on one process", () => {
  it("is refused by the other at once after a logout", async () => {
    const { token } = await registerOn(a.url);
    expect((await call(b.url, "GET", "/me", { token })).status).toBe(200); // B caches the open session
    expect((await call(a.url, "POST", "/auth/logout", { token, body: {} })).status).toBe(204);
    await timeUntil(refusedOn(b, token), REFUSED_WITHIN_MS);
  });

  it("is refused by the other at once after a logout of every session", async () => {
    const { email, token } = await registerOn(a.url);
    const second = await call(b.url, "POST", "/auth/login", { body: { email, password: "correct horse battery" } });
    expect((await call(b.url, "GET", "/me", { token: second.json.token })).status).toBe(200);
    expect((await call(a.url, "POST", "/auth/logout", { token, body: { all: true } })).status).toBe(204);
    await timeUntil(refusedOn(b, second.json.token), REFUSED_WITHIN_MS);
  });

  it("is refused by the other at once after the account's deletion", async () => {
    const { token } = await registerOn(a.url);
    expect((await call(b.url, "GET", "/me", { token })).status).toBe(200);
    expect((await call(a.url, "DELETE", "/me", { token })).status).toBe(204);
    await timeUntil(refusedOn(b, token), REFUSED_WITHIN_MS);
  });
});

describe("the login throttle", () => {
  const login = (server: ServeProcess, email: string, password: string, headers: Record<string, string> = {}) =>
    call(server.url, "POST", "/auth/login", { body: { email, password }, headers });

  it("counts failures on both processes together", async () => {
    const { email } = await registerOn(a.url);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < MAX_ATTEMPTS + 2; attempt++) {
      statuses.push((await login(attempt % 2 ? b : a, email, "wrong password")).status);
    }
    expect(statuses).toEqual([...Array(MAX_ATTEMPTS).fill(401), 429, 429]);
    // The right password is refused too, on either process, until the window passes.
    expect((await login(a, email, "correct horse battery")).status).toBe(429);
  });

  it("believes X-Forwarded-For from a trusted proxy only: the proxy's clients are counted apart", async () => {
    const { email } = await registerOn(a.url);
    // B trusts loopback: the forwarded address is the client, so 10.0.0.1's failures leave 10.0.0.2 alone.
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      expect((await login(b, email, "wrong password", { "x-forwarded-for": "10.0.0.1" })).status).toBe(401);
    }
    expect((await login(b, email, "wrong password", { "x-forwarded-for": "10.0.0.1" })).status).toBe(429);
    expect((await login(b, email, "correct horse battery", { "x-forwarded-for": "10.0.0.2" })).status).toBe(200);
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy: a forged header gains nothing", async () => {
    const { email } = await registerOn(a.url);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < MAX_ATTEMPTS + 1; attempt++) {
      statuses.push((await login(a, email, "wrong password", { "x-forwarded-for": `10.0.1.${attempt}` })).status);
    }
    expect(statuses).toEqual([...Array(MAX_ATTEMPTS).fill(401), 429]);
  });
});

describe("one import per account", () => {
  /** Films TMDB never heard of: a search each, seconds of paced bulk work for the lot. */
  const slowBatch = (count: number) => ({
    importId: randomUUID(),
    format: "letterboxd",
    entries: Array.from({ length: count }, (_, i) => ({ title: `Nowhere To Be Found ${randomUUID()} ${i}`, rating: "LIKE" })),
  });
  const importOn = (server: ServeProcess, token: string, entries = 400) =>
    call(server.url, "POST", "/import", { token, body: slowBatch(entries) });
  const requestsSoFar = () => fake.requests.length;

  it("refuses a second import on the other process while one runs, and allows it once the first ends", async () => {
    const { token } = await registerOn(a.url);
    const before = requestsSoFar();
    const first = importOn(a, token, 120);
    await expect.poll(() => requestsSoFar() - before, { timeout: 30_000 }).toBeGreaterThan(5);
    const second = await importOn(b, token, 1);
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe("import_running");
    expect((await first).status).toBe(200);
    expect((await importOn(b, token, 1)).status).toBe(200);
  });

  it("is released when the process holding it dies", async () => {
    const doomed = await startServeProcess({ databaseUrl, tmdbUrl: fake.url });
    const { token } = await registerOn(doomed.url);
    const before = requestsSoFar();
    const running = importOn(doomed, token, 2_000).catch(() => undefined);
    await expect.poll(() => requestsSoFar() - before, { timeout: 30_000 }).toBeGreaterThan(5);
    expect((await importOn(b, token, 1)).status).toBe(409);
    await doomed.crash();
    await running;
    // PostgreSQL ends the dead process's session, and its lock with it, as soon as it sees the socket close.
    await expect.poll(async () => (await importOn(b, token, 1)).status, { timeout: 10_000, interval: 200 }).toBe(200);
  });
});

describe("one TMDB budget for the server, shared fairly", () => {
  let unknownId = 900_000_000;
  /** Films TMDB does not know, by id: one TMDB call each (a 404), never cached. */
  const unknownFilms = (count: number) => ({
    importId: randomUUID(),
    format: "watchlist",
    entries: Array.from({ length: count }, () => ({ tmdbId: ++unknownId, title: "Nobody knows", rating: "LIKE" })),
  });
  const since = (before: number) => fake.requests.slice(before);
  const share429 = (before: number) => since(before).filter((request) => request.status === 429).length / Math.max(1, since(before).length);

  async function timedSearch(server: ServeProcess, token: string) {
    const started = performance.now();
    const answer = await call(server.url, "GET", "/movies/search?q=arrival", { token });
    expect(answer.status).toBe(200);
    expect(answer.json.source).toBe("tmdb");
    return performance.now() - started;
  }

  it("keeps two imports on two processes under TMDB's limit, and another member's search quick meanwhile", async () => {
    const [first, second, searcher] = await Promise.all([registerOn(a.url), registerOn(b.url), registerOn(a.url)]);
    const before = fake.requests.length;
    // 2 × 100 calls: ~5 s at the shared 38/s; two processes pacing alone would send 76/s and meet 429s.
    const imports = Promise.all([
      call(a.url, "POST", "/import", { token: first.token, body: unknownFilms(100) }),
      call(b.url, "POST", "/import", { token: second.token, body: unknownFilms(100) }),
    ]);
    await expect.poll(() => fake.requests.length - before, { timeout: 30_000 }).toBeGreaterThan(20);
    // Interactive work goes first on either process: a few slots, not the imports' seconds of queue.
    const waits = [await timedSearch(a, searcher.token), await timedSearch(b, searcher.token)];
    const answers = await imports;
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    // Target < 2 %; room for a loaded machine's late timers (1.8 % seen at load 19, 5.8 % pacing alone).
    expect(share429(before)).toBeLessThan(0.04);
    // Target 0.5 s; room for a loaded machine (2.5 s seen at load 19), under the 3.4 s seen pacing alone.
    expect(Math.max(...waits)).toBeLessThan(3_000);
  });

  it("serves another member's search within a few slots while one member floods lookups on both processes", async () => {
    const [flooder, searcher] = await Promise.all([registerOn(a.url), registerOn(b.url)]);
    const before = fake.requests.length;
    // 2 × 80 lookups of unknown films: ~4 s of the budget, all interactive, all one member's.
    const lookups = (server: ServeProcess) =>
      Array.from({ length: 80 }, () => call(server.url, "GET", `/movies/${++unknownId}`, { token: flooder.token }));
    const flood = Promise.all([...lookups(a), ...lookups(b)]);
    await expect.poll(() => fake.requests.length - before, { timeout: 30_000 }).toBeGreaterThan(20);
    const waits = [await timedSearch(b, searcher.token), await timedSearch(a, searcher.token)];
    const statuses = (await flood).map((answer) => answer.status);
    expect(new Set(statuses)).toEqual(new Set([404]));
    // Target < 2 %; room for a loaded machine's late timers (1.8 % seen at load 19, 5.8 % pacing alone).
    expect(share429(before)).toBeLessThan(0.04);
    // Members take turns: the search waits a slot or two, not the flood's ~4 s (wide room for a loaded machine).
    expect(Math.max(...waits)).toBeLessThan(2_500);
  });
});
