// With the database unreachable the API answers 503 in the error shape, never a 500 or a hang.
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/api/app.js";
import { signToken } from "../../src/auth/tokens.js";
import { createDb } from "../../src/db/client.js";
import { createCoordination } from "../../src/db/coordination.js";
import { silentLogger } from "../../src/logger.js";
import { createTmdbClient } from "../../src/tmdb/client.js";

// Port 1 on loopback: nothing listens there, connections are refused at once.
const db = createDb("postgresql://postgres@127.0.0.1:1/nothing");
afterAll(() => db.$disconnect());
const tmdb = createTmdbClient({ baseUrl: "http://127.0.0.1:1/3", apiKey: "k", timeoutMs: 500, retries: 0 });
const coordination = createCoordination("postgresql://postgres@127.0.0.1:1/nothing");
afterAll(() => coordination.close());
const app = createApp({ db, coordination, tmdb, logger: silentLogger, jwtSecret: "secret", jwtExpiresIn: "1h" });

describe("database unavailable", () => {
  it("GET /health answers 503", async () => {
    const response = await app.request("/health");
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "unavailable" });
  });

  it("an authenticated route answers 503 database_unavailable", async () => {
    const token = signToken("00000000-0000-4000-8000-000000000000", "secret", "1h");
    const response = await app.request("/ratings", { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: "database_unavailable", message: expect.any(String) } });
  });
});
