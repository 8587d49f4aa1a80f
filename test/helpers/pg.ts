// PostgreSQL for tests: the server of TEST_DATABASE_URL. The global setup sets it before any worker
// starts (test/helpers/test-server.ts): the given one, the machine's on 127.0.0.1:5432, or an
// embedded PostgreSQL of the run's own.
import pg from "pg";

export const MACHINE_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** Read when called, not when imported: the global setup may only just have chosen the server. */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? MACHINE_SERVER_URL;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs SQL as the server's administrator: one statement, or a script of several (no parameters). */
export async function adminQuery(sql: string, url = adminUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Names of the databases that start with `prefix`. */
export async function listDatabases(prefix: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
