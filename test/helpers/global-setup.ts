// Creates one migrated template database per test run; each test file clones it (test/helpers/db.ts).
// Every database of the run is named after it, so the teardown drops them all, even those whose
// file could not clean up after itself (a worker that died, a hook registered inside beforeAll).
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../src/db/migrate.js";
import { adminQuery, databaseUrl, listDatabases, uniqueName } from "./pg.js";
import { chooseTestServer } from "./test-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The prefix of every database this run creates. */
    testRun: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await chooseTestServer();
  // Workers and the processes the tests spawn inherit it (test/helpers/pg.ts reads it).
  process.env.TEST_DATABASE_URL = server.url;
  const run = uniqueName("watchlist_run");
  const template = `${run}_tpl`;
  await adminQuery(`CREATE DATABASE "${template}"`);
  await applyMigrations(databaseUrl(template));
  project.provide("testRun", run);
  project.provide("templateDatabase", template);
  return async () => {
    // The template last: a clone in progress would hold it.
    const mine = (await listDatabases(`${run}_`)).sort((a, b) => Number(a === template) - Number(b === template));
    for (const name of mine) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await server.stop();
  };
}
