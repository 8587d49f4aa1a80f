// Read replicas, real: a primary and a streaming replica that the test starts. With the replica's WAL
// replay paused, what a request sees tells which server answered it: the replica is stuck in the past.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.js";
import type { Db } from "../../src/db/client.js";
import { type Coordination, createCoordination } from "../../src/db/coordination.js";
import { createRoutedDb } from "../../src/db/replicas.js";
import { silentLogger } from "../../src/logger.js";
import { createTmdbClient } from "../../src/tmdb/client.js";
import { startFakeTmdb } from "../fake-tmdb/server.js";
import { JWT_SECRET } from "../helpers/api.js";
import { type ReplicaCluster, startReplicaCluster } from "../helpers/replica-cluster.js";

const READ_YOUR_WRITES_MS = 400;
const INCEPTION = 27205;
const INTERSTELLAR = 157336;

let cluster: ReplicaCluster;
let db: Db;
let app: ReturnType<typeof createApp>;
let closeTmdb: () => Promise<void>;
let coordination: Coordination;

beforeAll(async () => {
  cluster = await startReplicaCluster();
  const fakeTmdb = await startFakeTmdb();
  closeTmdb = () => fakeTmdb.close();
  db = createRoutedDb(cluster.primaryUrl, [cluster.replicaUrl]);
  const tmdb = createTmdbClient({ baseUrl: fakeTmdb.url, apiKey: "test-key", timeoutMs: 2_000, retries: 0 });
  coordination = createCoordination(cluster.primaryUrl);
  app = createApp({
    db,
    coordination,
    tmdb,
    logger: silentLogger,
    jwtSecret: JWT_SECRET,
    jwtExpiresIn: "1h",
    readYourWritesMs: READ_YOUR_WRITES_MS,
  });
}, 120_000);

afterAll(async () => {
  await coordination?.close();
  await db?.$disconnect();
  await closeTmdb?.();
  await cluster?.stop();
}, 60_000);

async function call(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

const rated = async (token: string) => ((await call("GET", "/ratings", token)).json as any[]).map((entry) => entry.movie.tmdbId).sort();
const pastTheWindow = () => new Promise((resolve) => setTimeout(resolve, READ_YOUR_WRITES_MS + 100));
/** A token's first moments read from the primary too: `iat` is whole seconds, so up to a second more. */
const pastTheTokensFirstMoments = (token: string) => {
  const issuedAt = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()).iat as number;
  const readsFromReplicasAt = (issuedAt + 1) * 1000 + READ_YOUR_WRITES_MS + 100;
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, readsFromReplicasAt - Date.now())));
};

describe("DATABASE_REPLICA_URLS", { timeout: 60_000 }, () => {
  it("reads from the replica, writes to the primary, and shows a user their own writes at once", async () => {
    const register = await call("POST", "/auth/register", undefined, {
      email: "r@example.com",
      username: "reader",
      password: "long enough password",
    });
    expect(register.status).toBe(201);
    const token = register.json.token as string;
    expect((await call("PUT", `/ratings/${INCEPTION}`, token, { rating: "LIKE" })).status).toBe(200);
    await cluster.caughtUp();
    await pastTheWindow();
    await pastTheTokensFirstMoments(token);

    await cluster.onReplica("SELECT pg_wal_replay_pause()");
    try {
      // The write goes to the primary although the replica cannot take it…
      expect((await call("PUT", `/ratings/${INTERSTELLAR}`, token, { rating: "SUPER_LIKE" })).status).toBe(200);
      // …and the writer reads it back at once: their reads stay on the primary for a while.
      expect(await rated(token)).toEqual([INTERSTELLAR, INCEPTION].sort());

      await pastTheWindow();
      // Then reads go to the replica, paused before that write: model queries and raw SQL alike.
      expect(await rated(token)).toEqual([INCEPTION]);
      const stats = (await call("GET", "/stats", token)).json;
      expect(stats.ratings).toMatchObject({ LIKE: 1, SUPER_LIKE: 0 });
      // Recommendations read on the replica and still cache what they fetch (on the primary).
      expect((await call("GET", "/recommendations", token)).status).toBe(200);
    } finally {
      await cluster.onReplica("SELECT pg_wal_replay_resume()");
    }
    await cluster.caughtUp();
    expect(await rated(token)).toEqual([INTERSTELLAR, INCEPTION].sort());
    expect((await call("GET", "/stats", token)).json.ratings).toMatchObject({ LIKE: 1, SUPER_LIKE: 1 });
  });

  it("lets a user who just registered use the account while the replica has not seen it yet", async () => {
    await cluster.onReplica("SELECT pg_wal_replay_pause()");
    try {
      const register = await call("POST", "/auth/register", undefined, {
        email: "new@example.com",
        username: "newcomer",
        password: "long enough password",
      });
      expect(register.status).toBe(201);
      const me = await call("GET", "/me", register.json.token);
      expect(me.status).toBe(200);
      expect(me.json.username).toBe("newcomer");
    } finally {
      await cluster.onReplica("SELECT pg_wal_replay_resume()");
    }
  });
});
