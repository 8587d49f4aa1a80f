// The username_key migration fills User.usernameKey for accounts that registered before it, including
// those that share a folded name because uniqueness regardless of case was once checked by the app only.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../../src/db/migrate.js";
import { testDatabaseName } from "../helpers/db.js";
import { adminQuery, databaseUrl } from "../helpers/pg.js";

const name = testDatabaseName();
afterAll(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

it("backfills usernameKey: the oldest of a folded name keeps it plain, later ones get their id appended", async () => {
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = databaseUrl(name);
  const before = mkdtempSync(join(tmpdir(), "watchlist-migrations-"));
  const migrations = readMigrations().map((m) => m.name);
  const keyMigration = migrations.findIndex((m) => m.endsWith("_username_key"));
  for (const migration of migrations.slice(0, keyMigration))
    cpSync(join(MIGRATIONS_DIR, migration), join(before, migration), { recursive: true });
  await applyMigrations(url, before);
  rmSync(before, { recursive: true });

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const users = [
      ["a", "dave", "2024-01-01"],
      ["b", "Dave", "2024-02-01"],
      ["c", "ｄａｖｅ", "2024-03-01"],
      ["d", "Éva", "2024-01-01"],
      ["e", "wl_", "2024-01-01"],
    ];
    for (const [id, username, createdAt] of users) {
      await client.query(
        `INSERT INTO "User" (id, email, username, "passwordHash", "createdAt", "updatedAt") VALUES ($1, $1 || '@example.com', $2, 'x', $3, now())`,
        [id, username, createdAt],
      );
    }
    await applyMigrations(url);
    const { rows } = await client.query<{ id: string; username: string; usernameKey: string }>(
      `SELECT id, username, "usernameKey" FROM "User" ORDER BY id`,
    );
    // Skeletons need Unicode's confusables data: the app fills them at the next registration.
    expect((await client.query(`SELECT count(*)::int AS n FROM "User" WHERE "lookalikeKey" IS NULL`)).rows[0].n).toBe(5);
    expect(rows).toEqual([
      { id: "a", username: "dave", usernameKey: "dave" },
      { id: "b", username: "Dave", usernameKey: "dave~b" },
      { id: "c", username: "ｄａｖｅ", usernameKey: "dave~c" },
      { id: "d", username: "Éva", usernameKey: "éva" },
      { id: "e", username: "wl_", usernameKey: "wl_" },
    ]);
  } finally {
    await client.end();
  }
});
