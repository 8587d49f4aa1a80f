// The migrations folder is the single source of the database schema: these tests prove that it
// matches prisma/schema.prisma, that our runner and stock `prisma migrate deploy` agree, and that an
// edited, already-applied migration is refused.
import { execFile, execFileSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
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

function schemaDump(url: string): string {
  return execFileSync("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", "--exclude-table=_prisma_migrations", url], {
    encoding: "utf8",
  })
    .split("\n")
    .filter((line) => !line.startsWith("--") && !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict"))
    .join("\n");
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
    execFileSync("psql", ["-v", "ON_ERROR_STOP=1", "-q", fromSchema], { input: sql });

    expect(schemaDump(fromMigrations)).toEqual(schemaDump(fromSchema));
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
