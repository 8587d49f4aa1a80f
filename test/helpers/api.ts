// An API app over a fresh test database and the fake TMDB, driven with app.request() (no socket).
import { afterAll } from "vitest";
import { createApp } from "../../src/api/app.js";
import { silentLogger } from "../../src/logger.js";
import { createTmdbClient } from "../../src/tmdb/client.js";
import { startFakeTmdb } from "../fake-tmdb/server.js";
import { useTestDatabase } from "./db.js";

export const JWT_SECRET = "test-secret-of-at-least-32-characters!";

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** A raw body, sent as is (for malformed-input tests). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** The client's address, as the socket gives it (the throttles count per address); none: "unknown". */
  address?: string;
}

/** What @hono/node-server reads a client's address from, for app.request(). */
export const fromAddress = (remoteAddress: string) => ({
  incoming: { socket: { remoteAddress, remotePort: 40000, remoteFamily: "IPv4" } },
});

export async function createTestApi() {
  const database = await useTestDatabase();
  const fakeTmdb = await startFakeTmdb();
  afterAll(() => fakeTmdb.close());
  const tmdb = createTmdbClient(
    { baseUrl: fakeTmdb.url, apiKey: "test-key", timeoutMs: 2_000, retries: 2 },
    { backoffMs: 5, maxRetryAfterMs: 50 },
  );
  const app = createApp({
    db: database.db,
    coordination: database.coordination,
    tmdb,
    logger: silentLogger,
    jwtSecret: JWT_SECRET,
    jwtExpiresIn: "1h",
  });

  async function request(method: string, path: string, options: RequestOptions = {}) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers["Content-Type"] ??= "application/json";
    }
    const response = await app.request(path, { method, headers, body }, options.address ? fromAddress(options.address) : undefined);
    const text = await response.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  let users = 0;
  /** Registers a new user and returns its token and public fields. */
  async function register(name = `user${users + 1}`) {
    users++;
    // Each account as if from a client of its own: the per-address registration limit is not what these tests are about.
    const response = await request("POST", "/auth/register", {
      body: { email: `${name}@example.com`, username: name, password: "correct horse battery" },
      address: `10.0.${users >> 8}.${users & 255}`,
    });
    if (response.status !== 201) throw new Error(`register failed: ${response.text}`);
    return response.json as { token: string; user: { id: string; email: string; username: string } };
  }

  return { ...database, app, tmdb, fakeTmdb, request, register };
}
