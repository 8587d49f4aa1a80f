// Three `watchlist serve` processes started at once on an empty database, as `docker compose up
// --scale api=3` starts them: the migrations are applied once (the runner's advisory lock), each
// process waits for them and then serves.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { readMigrations } from "../../src/db/migrate.js";
import { testDatabaseName } from "../helpers/db.js";
import { adminQuery, databaseUrl } from "../helpers/pg.js";
import { call, startServeProcesses } from "../helpers/serve-processes.js";

const name = testDatabaseName();
afterAll(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`), 120_000);

describe("three API processes starting at once on an empty database", () => {
  it("apply each migration once, and all three serve", async () => {
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = databaseUrl(name);
    const processes = await startServeProcesses(3, { databaseUrl: url, env: { LOG_LEVEL: "info" } });
    for (const server of processes) expect((await call(server.url, "GET", "/health")).status).toBe(200);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration_name: string; finished_at: Date | null }>(
        `SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      expect(rows.map((row) => row.migration_name)).toEqual(readMigrations().map((migration) => migration.name));
      expect(rows.every((row) => row.finished_at !== null)).toBe(true);
    } finally {
      await client.end();
    }
    // Each process took its turn at the lock: one applied everything, two found nothing to do.
    const applied = processes.filter((server) => server.log().includes("applied migrations"));
    expect(applied).toHaveLength(1);
  });
});
