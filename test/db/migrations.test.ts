// The migrations folder is the single source of the database schema: these tests prove that it
// matches prisma/schema.prisma, that our runner and stock `prisma migrate deploy` agree, and that an
// edited, already-applied migration is refused.
import { execFile } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "../../src/db/migrate.js";
import { testDatabaseName } from "../helpers/db.js";
import { adminQuery, databaseUrl } from "../helpers/pg.js";

const created: string[] = [];
async function emptyDatabase(): Promise<string> {
  const name = testDatabaseName();
  await adminQuery(`CREATE DATABASE "${name}"`);
  created.push(name);
  return databaseUrl(name);
}
afterAll(async () => {
  for (const name of created) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

/** A stock Prisma CLI call, asynchronous: the concurrent tests below run theirs at the same time. */
async function prisma(url: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ["scripts/prisma.mjs", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url },
  });
  return stdout;
}

/**
 * Everything schema.prisma can describe, read from the catalog (no pg_dump on the PATH needed): enums
 * with their labels, tables with their columns in order (type, nullability, default), constraints and
 * indexes by name and definition. Prisma's own bookkeeping table is left out, and so are triggers
 * (constraint triggers included), which migrations add by hand (the activity log).
 */
async function schemaSnapshot(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows = async (sql: string) => (await client.query(sql)).rows;
  const ours = "n.nspname = 'public'";
  try {
    return {
      enums: await rows(`
        SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE ${ours} GROUP BY t.typname ORDER BY t.typname`),
      columns: await rows(`
        SELECT c.relname AS "table", a.attnum AS position, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
               a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS "default"
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE ${ours} AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum`),
      constraints: await rows(`
        SELECT c.relname AS "table", con.conname AS name, pg_get_constraintdef(con.oid) AS definition
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${ours} AND c.relname <> '_prisma_migrations' AND con.contype <> 't' ORDER BY c.relname, con.conname`),
      indexes: await rows(`
        SELECT tablename AS "table", indexname AS name, indexdef AS definition FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`),
    };
  } finally {
    await client.end();
  }
}

// Each stock Prisma CLI call takes ~1 s of work, then ~10 s before its adapter pool lets the process exit:
// the tests run concurrently (describe.concurrent), and so do those calls, as none blocks the event
// loop (execFile, not execFileSync), so the waits overlap instead of adding up.
describe.concurrent("migrations", { timeout: 90_000 }, () => {
  it("build exactly the database that schema.prisma describes", async () => {
    const fromMigrations = await emptyDatabase();
    await applyMigrations(fromMigrations);

    const fromSchema = await emptyDatabase();
    const sql = await prisma(fromSchema, "migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script");
    await adminQuery(sql, fromSchema);

    const [migrated, described] = await Promise.all([schemaSnapshot(fromMigrations), schemaSnapshot(fromSchema)]);
    expect(migrated.columns.length).toBeGreaterThan(20);
    expect(migrated).toEqual(described);
  });

  it("are recorded so that stock `prisma migrate deploy` and `status` accept the database", async () => {
    const url = await emptyDatabase();
    const applied = await applyMigrations(url);
    expect(applied).toEqual(readMigrations().map((m) => m.name));
    const [status, deploy] = await Promise.all([prisma(url, "migrate", "status"), prisma(url, "migrate", "deploy")]);
    expect(status).toContain("Database schema is up to date");
    expect(deploy).toContain("No pending migrations");
    expect(await applyMigrations(url)).toEqual([]);
  });

  it("accept a database that stock `prisma migrate deploy` migrated", async () => {
    const url = await emptyDatabase();
    await prisma(url, "migrate", "deploy");
    expect(await applyMigrations(url)).toEqual([]);
  });

  it("refuse a migration edited after it was applied", async () => {
    const url = await emptyDatabase();
    await applyMigrations(url);
    const copy = mkdtempSync(join(tmpdir(), "watchlist-migrations-"));
    cpSync(MIGRATIONS_DIR, copy, { recursive: true });
    appendFileSync(join(copy, readMigrations()[0].name, "migration.sql"), "\n-- edited\n");
    await expect(applyMigrations(url, copy)).rejects.toThrow(/edited after it was applied/);
  });

  it("apply once when two servers start together", async () => {
    const url = await emptyDatabase();
    const [first, second] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect([...first, ...second]).toEqual(readMigrations().map((m) => m.name));
  });
});
