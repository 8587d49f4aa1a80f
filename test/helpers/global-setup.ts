// Creates one migrated template database per test run; each test file clones it (test/helpers/db.ts).
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../src/db/migrate.js";
import { adminQuery, databaseUrl, uniqueName } from "./pg.js";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const template = uniqueName("watchlist_tpl");
  await adminQuery(`CREATE DATABASE "${template}"`);
  await applyMigrations(databaseUrl(template));
  project.provide("templateDatabase", template);
  return async () => {
    await adminQuery(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  };
}
