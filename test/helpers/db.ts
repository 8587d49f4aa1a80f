// One database per test file, cloned from the migrated template (fast: a file copy, no migrations).
import { afterAll, inject } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { type Coordination, createCoordination } from "../../src/db/coordination.js";
import { adminQuery, databaseUrl } from "./pg.js";

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  /** This database's coordination connection (made at its first use, closed before the drop). */
  coordination: Coordination;
}

/** A name for a test database: named after the run, the global teardown drops it whatever happens. */
export const testDatabaseName = () => `${inject("testRun")}_${Math.random().toString(36).slice(2, 10)}`;

/** Creates a fresh database for the calling test file and drops it after the file's tests. */
export async function useTestDatabase(): Promise<TestDatabase> {
  const name = testDatabaseName();
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDatabase")}"`);
  const url = databaseUrl(name);
  const db = createDb(url, { poolSize: 20 });
  const coordination = createCoordination(url);
  afterAll(async () => {
    await coordination.close();
    await db.$disconnect();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  return { name, url, db, coordination };
}
