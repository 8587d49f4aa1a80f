import { describe, expect, it } from "vitest";
import { ConfigError } from "../src/config.js";
import { silentLogger } from "../src/logger.js";
import { startServer } from "../src/server.js";
import { testDatabaseName, useTestDatabase } from "./helpers/db.js";
import { adminQuery, databaseUrl } from "./helpers/pg.js";

const { url: databaseUrlOfTest } = await useTestDatabase();

describe("startServer", () => {
  it("applies pending migrations on an empty database, listens on a free port with --port 0, and closes", async () => {
    const name = testDatabaseName();
    await adminQuery(`CREATE DATABASE "${name}"`);
    try {
      const env = { DATABASE_URL: databaseUrl(name), JWT_SECRET: "s".repeat(32), TMDB_BASE_URL: "http://127.0.0.1:1/3" };
      const server = await startServer({ port: 0, host: "127.0.0.1", env, logger: silentLogger });
      try {
        expect(server.port).toBeGreaterThan(0);
        expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
        const health = await fetch(`${server.url}/health`);
        expect(await health.json()).toMatchObject({ status: "ok" });
        const registered = await fetch(`${server.url}/auth/register`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ email: "s@example.com", username: "serve", password: "long enough pw" }),
        });
        expect(registered.status).toBe(201);
      } finally {
        await server.close();
      }
      await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    } finally {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it("refuses to start in production without JWT_SECRET", async () => {
    const env = { NODE_ENV: "production", DATABASE_URL: databaseUrlOfTest };
    await expect(startServer({ port: 0, env, logger: silentLogger })).rejects.toThrow(ConfigError);
  });

  it("refuses a malformed PORT with a clear message", async () => {
    const env = { DATABASE_URL: databaseUrlOfTest, JWT_SECRET: "x", PORT: "http" };
    await expect(startServer({ env, logger: silentLogger })).rejects.toThrow(/PORT must be a non-negative integer/);
  });
});
