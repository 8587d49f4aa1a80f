// Issue 14 as an attacker with an account on a shared server would try it: each describe is one of its
// findings, reproduced against real PostgreSQL and the fake TMDB.
import { createServer } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.js";
import { createLogger } from "../../src/logger.js";
import { createTmdbClient } from "../../src/tmdb/client.js";
import { createTestApi, JWT_SECRET } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});

const PASSWORD = "correct horse battery";
let registrations = 0;
// Each from an address of its own: the per-address registration limit has tests of its own (registration-flood.test.ts).
const registration = (username: string, email = `${Buffer.from(username).toString("hex")}@example.com`) =>
  api.request("POST", "/auth/register", { body: { email, username, password: PASSWORD }, address: `10.1.0.${++registrations % 250}` });

describe("finding 3: usernames", () => {
  it("lets exactly one of 8 parallel registrations of dave, Dave, DAVE… win; the database holds one", async () => {
    const names = ["dave", "Dave", "DAVE", "dAve", "daVe", "davE", "DaVe", "dAVE"];
    const results = await Promise.all(names.map((name) => registration(name)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.json.error.code === "username_taken")).toBe(true);
    expect(await api.db.user.count({ where: { usernameKey: "dave" } })).toBe(1);
  });

  it("keeps two names that differ only in case out of the database itself, whatever the app checks", async () => {
    const { user } = await api.register("ingrid");
    await expect(
      api.db.user.create({ data: { email: "ingrid2@example.com", username: "INGRID", usernameKey: "ingrid", passwordHash: "x" } }),
    ).rejects.toMatchObject({ code: "P2002" });
    expect(await api.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { usernameKey: true } })).toEqual({
      usernameKey: "ingrid",
    });
  });

  it("stores the NFKC form: fullwidth ｅｒｉｋ is erik", async () => {
    const response = await registration("ｅｒｉｋ");
    expect(response.status).toBe(201);
    expect(response.json.user.username).toBe("erik");
  });

  it.each([
    ["a Cyrillic а", "dаve"],
    ["fullwidth letters", "ｄａｖｅ"],
    ["fullwidth capitals", "ＤＡＶＥ"],
    ["a Greek ο for o", "bοb"],
    ["a digit 1 for l", "a1ice"],
  ])("refuses a name that looks like a registered one (%s) with 409", async (_, lookalike) => {
    await api.register("bob").catch(() => undefined);
    await api.register("alice").catch(() => undefined);
    const response = await registration(lookalike);
    expect(response.status).toBe(409);
    expect(response.json.error.code).toBe("username_taken");
  });

  it("lets exactly one of parallel registrations of lookalike names win", async () => {
    const names = ["paul", "PAUL", "раul", "ｐａｕｌ", "pauI", "Pаul"];
    const results = await Promise.all(names.map((name) => registration(name)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it("compares with accounts older than the lookalike key, filling theirs", async () => {
    const legacy = await api.db.user.create({
      data: { email: "martha@example.com", username: "martha", usernameKey: "martha", passwordHash: "x" },
    });
    expect(legacy.lookalikeKey).toBeNull();
    const response = await registration("mаrtha"); // a Cyrillic а
    expect(response.status).toBe(409);
    expect((await api.db.user.findUniqueOrThrow({ where: { id: legacy.id } })).lookalikeKey).toBe("rnartha"); // m looks like rn
    expect(await api.db.user.count({ where: { lookalikeKey: null } })).toBe(0);
  });

  it("takes '_' literally: wl_ is free when only wl1 exists", async () => {
    expect((await registration("wl1")).status).toBe(201);
    expect((await registration("wl_")).status).toBe(201);
    expect((await registration("w%")).status).toBe(422); // not a username character, and no pattern either
    expect((await registration("wl_", "another@example.com")).json.error.code).toBe("username_taken");
  });

  it("still logs in by email, whatever case the email is typed in", async () => {
    await registration("Greta", "greta@example.com");
    const response = await api.request("POST", "/auth/login", { body: { email: "GRETA@example.com", password: PASSWORD } });
    expect(response.status).toBe(200);
    expect(response.json.user.username).toBe("Greta");
  });
});

describe("finding 4: login throttling", () => {
  // @hono/node-server's getConnInfo reads the socket from the bindings: app.request() has none, so each
  // test request carries one with the client address it comes from.
  async function loginFrom(address: string, email: string, password: string) {
    const response = await api.app.request(
      "/auth/login",
      { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password }) },
      { incoming: { socket: { remoteAddress: address, remotePort: 40000, remoteFamily: "IPv4" } } },
    );
    return response.status;
  }
  const ATTACKER = "203.0.113.66";
  const OWNER = "198.51.100.7";

  it("lets the owner in from another address after 30 wrong passwords for the account; the attacker's address stays throttled", async () => {
    await registration("olga", "olga@example.com");
    const guesses: number[] = [];
    for (let i = 0; i < 30; i++) guesses.push(await loginFrom(ATTACKER, "olga@example.com", `guess number ${i}`));
    expect(guesses.filter((status) => status === 401).length).toBeGreaterThan(0);
    expect(guesses.slice(-20).every((status) => status === 429)).toBe(true);

    expect(await loginFrom(OWNER, "olga@example.com", PASSWORD)).toBe(200);
    expect(await loginFrom(ATTACKER, "olga@example.com", "guess number 31")).toBe(429);
    expect(await loginFrom(ATTACKER, "olga@example.com", PASSWORD)).toBe(429);
  });

  it("throttles one address guessing across many accounts", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push(await loginFrom("203.0.113.99", `victim${i}@example.com`, "guess"));
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
    expect(await loginFrom(OWNER, "victim39@example.com", "guess")).toBe(401);
  });
});

describe("finding 7: deleting an account while its writes are in flight", () => {
  const RATED = [27205, 157336, 155, 77, 603, 1124];
  const QUEUED = [272, 577922, 374720, 872585, 438631, 693134];

  it("answers each of 12 racing writes 401 or 404 (or its success), never 500, and leaves nothing of the account", async () => {
    // Cached beforehand, so that the writes race in the database rather than wait for TMDB.
    const { token: cacher } = await api.register("cacher");
    for (const id of [...RATED, ...QUEUED])
      expect((await api.request("PUT", `/ratings/${id}`, { token: cacher, body: { rating: "OK" } })).status).toBe(200);

    const statuses: number[] = [];
    for (let round = 0; round < 5; round++) {
      const { token, user } = await api.register(`leaving${round}`);
      const writes = [
        ...RATED.map((id) => api.request("PUT", `/ratings/${id}`, { token, body: { rating: "LIKE" } })),
        ...QUEUED.map((id) => api.request("PUT", `/watchlist/${id}`, { token, body: { priority: "HIGH" } })),
      ];
      const deletion = api.request("DELETE", "/me", { token });
      const results = await Promise.all([...writes, deletion]);
      expect(results.at(-1)?.status).toBe(204);
      statuses.push(...results.slice(0, -1).map((r) => r.status));
      for (const r of results.slice(0, -1)) if (r.status >= 400) expect(r.json.error.code).toMatch(/^(unauthorized|not_found)$/);

      expect(await api.db.user.count({ where: { id: user.id } })).toBe(0);
      expect(await api.db.userMovie.count({ where: { userId: user.id } })).toBe(0);
      expect(await api.db.watchlist.count({ where: { userId: user.id } })).toBe(0);
      expect(await api.db.viewing.count({ where: { userId: user.id } })).toBe(0);
    }
    expect(statuses.filter((status) => ![200, 201, 401, 404].includes(status))).toEqual([]);
    expect(statuses.some((status) => status === 401 || status === 404)).toBe(true);
  });
});

describe("finding 8: error bodies name the failure, not our network or a library's words", () => {
  /** An app over the test database whose log is kept, its TMDB client pointed at `baseUrl`. */
  function appWithLog(baseUrl: string) {
    const log: string[] = [];
    const tmdb = createTmdbClient({ baseUrl, apiKey: "test-key", timeoutMs: 2_000, retries: 1 }, { backoffMs: 5, maxRetryAfterMs: 50 });
    const logger = createLogger("debug", (line) => log.push(line));
    const app = createApp({ db: api.db, coordination: api.coordination, tmdb, logger, jwtSecret: JWT_SECRET, jwtExpiresIn: "1h" });
    const get = async (path: string, token: string) => {
      const response = await app.request(path, { headers: { Authorization: `Bearer ${token}` } });
      return { status: response.status, text: await response.text() };
    };
    return { log, get };
  }

  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it("says TMDB is unreachable without its host, port or fetch's wording; the log keeps them", async () => {
    const { token } = await api.register("leaky1");
    const port = await closedPort();
    const { log, get } = appWithLog(`http://127.0.0.1:${port}/3`);
    const response = await get("/movies/550", token); // never cached: nothing to fall back on
    expect(response.status).toBe(502);
    expect(JSON.parse(response.text).error.code).toBe("tmdb_unavailable");
    expect(response.text).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${port}|ECONNREFUSED|fetch failed`));
    expect(log.join("")).toMatch(new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${port}`));
  });

  it.each([
    [401, 1, "tmdb_unauthorized", "Invalid API key", 496243],
    [500, 2, "tmdb_unavailable", "Something went wrong, contact TMDb", 862],
    [429, 2, "tmdb_rate_limited", "Your request count", 863],
  ])("answers TMDB's %i in our words, not TMDB's status_message", async (status, times, code, tmdbWording, tmdbId) => {
    const { token } = await api.register();
    const { log, get } = appWithLog(api.fakeTmdb.url);
    api.fakeTmdb.failNext(status, times, { "Retry-After": "0" });
    const response = await get(`/movies/${tmdbId}`, token);
    expect(JSON.parse(response.text).error.code).toBe(code);
    expect(response.text).not.toContain(tmdbWording);
    expect(log.join("")).toContain(tmdbWording);
  });
});

describe("SSRF through TMDB requests", () => {
  it("never lets a movie id or a search text steer the server's TMDB request to another path or key", async () => {
    const { token } = await api.register();
    const before = api.fakeTmdb.requests.length;
    for (const path of ["/movies/1%2F..%2F..%2Fconfiguration", "/movies/1%3Fapi_key%3Devil", "/movies/..%2Fsearch", "/ratings/1%23x"]) {
      const response = path.startsWith("/ratings")
        ? await api.request("PUT", path, { token, body: { rating: "LIKE" } })
        : await api.request("GET", path, { token });
      expect(response.status).toBe(400);
    }
    expect(api.fakeTmdb.requests.length).toBe(before);

    const search = await api.request("GET", "/movies/search?q=dune%26api_key%3Devil%2F..%2F&api_key=evil", { token });
    expect(search.status).toBe(200);
    const sent = api.fakeTmdb.requests.slice(before);
    expect(sent.every((r) => r.path === "/search/movie" || r.path === "/genre/movie/list")).toBe(true);
    expect(sent.every((r) => r.query.api_key === "test-key")).toBe(true);
    expect(sent.find((r) => r.path === "/search/movie")?.query.query).toBe("dune&api_key=evil/../");
  });
});
