#!/usr/bin/env node
// Writes a new migration offline: the SQL that takes the schema as of the newest migration (the
// schema.prisma committed with it) to the current prisma/schema.prisma.
// Usage: npm run migrate:diff -- <name>     (PostgreSQL must be reachable: the CLI connects through
// its adapter even for a schema-to-schema diff; DATABASE_URL defaults to the local server)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run migrate:diff -- <name_in_snake_case>");
  process.exit(2);
}

const migrationsDir = "prisma/migrations";
const git = (...args) => execFileSync("git", args, { encoding: "utf8" }).trim();
const hasMigrations = readdirSync(migrationsDir).some((entry) => /^\d{14}_/.test(entry));

let from = ["--from-empty"];
if (hasMigrations) {
  const lastMigrationCommit = git("log", "-1", "--format=%H", "--", migrationsDir);
  const previous = join(mkdtempSync(join(tmpdir(), "watchlist-migrate-")), "schema.prisma");
  writeFileSync(previous, git("show", `${lastMigrationCommit}:prisma/schema.prisma`));
  from = ["--from-schema-datamodel", previous];
}

const sql = execFileSync(
  process.execPath,
  ["scripts/prisma.mjs", "migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" } },
);
if (!/^\s*(CREATE|ALTER|DROP)/m.test(sql)) {
  console.error("schema.prisma matches the migrations: nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir);
writeFileSync(join(dir, "migration.sql"), sql);
console.log(`wrote ${dir}/migration.sql`);
