import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_TMDB_IMAGE_BASE_URL, loadServerConfig } from "../src/config.js";
import { silentLogger } from "../src/logger.js";
import { startServer } from "../src/server.js";
import { FAKE_TMDB_KEY, startFakeTmdb } from "./fake-tmdb/index.js";
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

  it("builds poster URLs from TMDB_IMAGE_BASE_URL (default TMDB's image server) and refuses one that is not http(s)", async () => {
    expect(loadServerConfig({}).imageBaseUrl).toBe(DEFAULT_TMDB_IMAGE_BASE_URL);
    expect(DEFAULT_TMDB_IMAGE_BASE_URL).toBe("https://image.tmdb.org/t/p/");
    expect(loadServerConfig({ TMDB_IMAGE_BASE_URL: "https://images.example/tmdb" }).imageBaseUrl).toBe("https://images.example/tmdb/");
    expect(() => loadServerConfig({ TMDB_IMAGE_BASE_URL: "images.example" })).toThrow(/TMDB_IMAGE_BASE_URL must be an http\(s\) URL/);
    const fakeTmdb = await startFakeTmdb();
    const env = {
      DATABASE_URL: databaseUrlOfTest,
      JWT_SECRET: "s".repeat(32),
      TMDB_BASE_URL: fakeTmdb.url,
      TMDB_API_KEY: FAKE_TMDB_KEY,
      TMDB_IMAGE_BASE_URL: "https://images.example/tmdb",
    };
    const server = await startServer({ port: 0, host: "127.0.0.1", env, logger: silentLogger });
    try {
      const registered = await fetch(`${server.url}/auth/register`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: "img@example.com", username: "images", password: "long enough pw" }),
      });
      const { token } = (await registered.json()) as { token: string };
      const movie = (await (await fetch(`${server.url}/movies/27205`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
        posterPath: string;
        posterUrl: string;
      };
      expect(movie.posterPath).toMatch(/^\//);
      expect(movie.posterUrl).toBe(`https://images.example/tmdb/w500${movie.posterPath}`);
    } finally {
      await server.close();
      await fakeTmdb.close();
    }
  });
});
