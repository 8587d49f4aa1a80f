// The migrations folder is the single source of the database schema: these tests prove that it
// matches prisma/schema.prisma, that our runner and stock `prisma migrate deploy` agree (PL/pgSQL in
// dollar quotes included), that a database migrated before a change upgrades, and that an edited,
// already-applied migration is refused.
import { execFile } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
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

/** The same CLI with the project's prisma.config.ts, on another migrations folder. */
async function prismaOn(migrationsDir: string, url: string, ...args: string[]): Promise<string> {
  const config = join(mkdtempSync(join(tmpdir(), "watchlist-prisma-config-")), "prisma.config.ts");
  const project = process.cwd();
  writeFileSync(
    config,
    `import config from ${JSON.stringify(join(project, "prisma.config.ts"))};
export default { ...config, schema: ${JSON.stringify(join(project, "prisma/schema.prisma"))}, migrations: { path: ${JSON.stringify(migrationsDir)} } };`,
  );
  return prisma(url, ...args, "--config", config);
}

/** A migrations folder holding the given migrations of ours, then any extra ones written here. */
function migrationsFolder(names: string[], extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "watchlist-migrations-"));
  cpSync(join(MIGRATIONS_DIR, "migration_lock.toml"), join(dir, "migration_lock.toml"));
  for (const name of names) cpSync(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

/**
 * The migrations as released before PL/pgSQL moved to dollar quotes, with the checksums databases
 * deployed since recorded in `_prisma_migrations`. A changed byte would stop our runner on every such
 * database ("edited after it was applied"): a function is changed by a new migration instead.
 */
const SHIPPED_MIGRATIONS: [string, string][] = [
  ["20261125164500_init", "579962b87aea080f6df35b5fa53965a200237af0a932ff52deb26864f624cf22"],
  ["20261125165432_tmdb_recommendation_cache", "c3d0f6c295d9d4269872112911fe941b495bb00897c06c1632931aff6a3e156a"],
  ["20261129230246_viewing_history", "89abf94e22e75e831bd080d9d94b10ccf0c102ff95e5e65f002d9d2e948ca9e3"],
  ["20261129231244_tmdb_lookup", "b3eae81955277ad9138d5b00384663785d229a87b5e89ec676323bb8bbcbe1cc"],
  ["20261129231404_activity_log", "cbfc3a584d3f4634643bad3bab8b4f1d6d971ffb840014ccbdb5ed15fce6d8c6"],
  ["20261129235000_username_key", "1484946085a648712598586d78e1c584bba1028e3dc38df05af4705a3cd32158"],
  ["20261129235500_household", "806f76f7223fb6305fc95833f1561ff1ab47368fd4acac0a5cd8c3347a39a537"],
  ["20261129235800_token_revocation", "2702a2b3e13c6b9cb2139d3cd3e9086d7ef5f097297200c8fdeecfeb153cd659"],
  ["20261130000548_activity_friendships", "069d4e40cac688f133bf0ea365cd3e3daea213ddaf0d34d2dedd8dd4b095a9fa"],
  ["20261130002000_movie_features", "d54ab66c0a6f34e75b264301961aba297cc8a226dbcb0160046db188d5564d2d"],
  ["20261130020000_rating_in_one_statement", "013ef91791688861717da0cee38b425346fefebb0899a20f551319e24d9d6d01"],
];

/** What migrations write by hand: functions (whole definitions, body included) and triggers. */
async function routines(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const functions = await client.query(`
      SELECT p.proname AS name, p.prosrc AS body, pg_get_functiondef(p.oid) AS definition
      FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace ORDER BY p.proname`);
    const triggers = await client.query(`
      SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS definition FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
      ORDER BY t.tgname`);
    return { functions: functions.rows, triggers: triggers.rows };
  } finally {
    await client.end();
  }
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

// Each stock Prisma CLI call takes ~1 s of work (~3 s of CPU), then ~10 s before its adapter pool lets the process exit:
// the tests run concurrently (describe.concurrent), and so do those calls, as none blocks the event
// loop (execFile, not execFileSync), so the waits overlap instead of adding up.
describe.concurrent("migrations", { timeout: 240_000 }, () => {
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

  it("refuse a migration edited after it was applied", async () => {
    const url = await emptyDatabase();
    await applyMigrations(url);
    const copy = mkdtempSync(join(tmpdir(), "watchlist-migrations-"));
    cpSync(MIGRATIONS_DIR, copy, { recursive: true });
    appendFileSync(join(copy, readMigrations()[0].name, "migration.sql"), "\n-- edited\n");
    await expect(applyMigrations(url, copy)).rejects.toThrow(/edited after it was applied/);
  });

  it("accept a database that stock `prisma migrate deploy` migrated, its PL/pgSQL in dollar quotes as our runner applies it", async () => {
    const [ours, stock] = await Promise.all([emptyDatabase(), emptyDatabase()]);
    await Promise.all([applyMigrations(ours), prisma(stock, "migrate", "deploy")]);
    const [fromOurs, fromStock] = await Promise.all([routines(ours), routines(stock)]);
    expect(fromOurs.functions.map((f: { name: string }) => f.name)).toContain("rate_movie");
    expect(fromOurs.triggers.length).toBeGreaterThan(4);
    expect(fromStock).toEqual(fromOurs);
    expect(await applyMigrations(stock)).toEqual([]);
  });

  it("leave nothing of a failing migration under stock `prisma migrate deploy` (one transaction)", async () => {
    const url = await emptyDatabase();
    const dir = migrationsFolder([], {
      "20000101000000_half_done": `CREATE TABLE "HalfDone" ("id" int);\nSELECT 1 / 0;\n`,
    });
    await expect(prismaOn(dir, url, "migrate", "deploy")).rejects.toThrow(/division by zero/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT to_regclass('"HalfDone"') AS half_done`).finally(() => client.end());
    expect(rows).toEqual([{ half_done: null }]);
  });

  it("keep the released migrations byte for byte, and write new functions in dollar quotes", () => {
    const migrations = readMigrations();
    expect(migrations.slice(0, SHIPPED_MIGRATIONS.length).map((m) => [m.name, m.checksum])).toEqual(SHIPPED_MIGRATIONS);
    const newer = migrations.slice(SHIPPED_MIGRATIONS.length);
    expect(newer.length).toBeGreaterThan(0);
    for (const migration of newer) expect(migration.sql, migration.name).not.toMatch(/\bAS\s+E'/i);
  });

  it("upgrade a database migrated by the released migrations, by our runner or by stock deploy", async () => {
    const released = SHIPPED_MIGRATIONS.map(([name]) => name);
    const requoting = readMigrations().find((m) => m.name.endsWith("_dollar_quoted_functions"));
    if (!requoting) throw new Error("no dollar_quoted_functions migration");
    const [ours, stock, fresh] = await Promise.all([emptyDatabase(), emptyDatabase(), emptyDatabase()]);
    await Promise.all([
      applyMigrations(ours, migrationsFolder(released)),
      prismaOn(migrationsFolder(released), stock, "migrate", "deploy"),
      applyMigrations(fresh),
    ]);
    const before = await routines(ours);

    // The functions again in dollar quotes: the same code, every body the text it was.
    expect(await applyMigrations(ours, migrationsFolder([...released, requoting.name]))).toEqual([requoting.name]);
    const bodies = (r: typeof before) => Object.fromEntries(r.functions.map((f: { name: string; body: string }) => [f.name, f.body]));
    expect(bodies(await routines(ours))).toEqual(bodies(before));

    const newer = readMigrations()
      .slice(SHIPPED_MIGRATIONS.length)
      .map((m) => m.name);
    const [upgraded, deployOutput] = await Promise.all([applyMigrations(ours), prisma(stock, "migrate", "deploy")]);
    expect(upgraded).toEqual(newer.filter((name) => name !== requoting.name));
    for (const name of newer) expect(deployOutput).toContain(name);
    const [afterOurs, afterStock, fromScratch] = await Promise.all([routines(ours), routines(stock), routines(fresh)]);
    expect(afterOurs).toEqual(fromScratch);
    expect(afterStock).toEqual(fromScratch);
  });

  it("apply once when two servers start together", async () => {
    const url = await emptyDatabase();
    const [first, second] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect([...first, ...second]).toEqual(readMigrations().map((m) => m.name));
  });
});
