// One database per test file, cloned from the migrated template (fast: a file copy, no migrations).
import { afterAll, inject } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { adminQuery, databaseUrl, uniqueName } from "./pg.js";

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
}

/** Creates a fresh database for the calling test file and drops it after the file's tests. */
export async function useTestDatabase(): Promise<TestDatabase> {
  const name = uniqueName("watchlist_test");
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDatabase")}"`);
  const url = databaseUrl(name);
  const db = createDb(url, { poolSize: 20 });
  afterAll(async () => {
    await db.$disconnect();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  return { name, url, db };
}
