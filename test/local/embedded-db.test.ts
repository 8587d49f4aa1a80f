// The embedded PostgreSQL on real binaries and real files: first start, restart, crashes (kill -9 of
// the API that started it, and of PostgreSQL itself), stale lock files, root and normal user.
import { spawn } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "../../src/local/embedded-db.js";
import { isAlive } from "../../src/local/process.js";
import { foldersOpenedForAccount } from "../../src/local/service-account.js";
import { exited, firstJsonLine, runFixture, tempDir } from "./helpers.js";

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function count(url: string): Promise<number> {
  return Number((await query<{ n: string }>(url, "SELECT count(*) AS n FROM note"))[0].n);
}

const root = process.getuid?.() === 0;

describe("startEmbeddedDatabase", () => {
  const base = tempDir("edb");

  it("initialises a real PostgreSQL on first use and keeps the data across a stop and a start", async () => {
    const dataDir = join(base, "restart");
    const first = await startEmbeddedDatabase({ dataDir });
    const [{ server_version }] = await query<{ server_version: string }>(first.url, "SHOW server_version");
    expect(server_version).toMatch(/^18\./);
    expect(new URL(first.url).hostname).toBe("127.0.0.1");
    expect(new URL(first.url).port).not.toBe("5432");
    await query(first.url, "CREATE TABLE note (id serial PRIMARY KEY, body text)");
    await query(first.url, "INSERT INTO note (body) VALUES ('kept'), ('also kept')");
    await first.stop();
    await expect(query(first.url, "SELECT 1")).rejects.toThrow();

    const second = await startEmbeddedDatabase({ dataDir });
    try {
      expect(await count(second.url)).toBe(2);
      expect(new URL(second.url).password).toBe(new URL(first.url).password);
      // Unicode case mapping works without any system locale (builtin C.UTF-8 provider).
      const [row] = await query<{ up: string; match: boolean }>(second.url, "SELECT upper('é') AS up, 'ÉTÉ' ILIKE 'été' AS match");
      expect(row).toEqual({ up: "É", match: true });
    } finally {
      await second.stop();
    }
    expect(statSync(join(dataDir, "password")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, "pgdata")).mode & 0o777).toBe(0o700);
  });

  it("loses nothing committed when the API process that started it is killed with SIGKILL", async () => {
    const dataDir = join(base, "kill-host");
    const host = runFixture("embedded-host.ts", [dataDir]);
    const { url } = await firstJsonLine<{ url: string }>(host);
    await query(url, "CREATE TABLE note (id serial PRIMARY KEY, body text)");
    for (let i = 0; i < 20; i++) await query(url, "INSERT INTO note (body) VALUES ($1)", [`row ${i}`]);
    host.kill("SIGKILL");
    await exited(host);

    // Its PostgreSQL is shutting itself down (the watchdog saw the API go); the next start waits for it.
    const again = await startEmbeddedDatabase({ dataDir });
    try {
      expect(await count(again.url)).toBe(20);
    } finally {
      await again.stop();
    }
  });

  it("recovers from a SIGKILL of PostgreSQL itself (crash recovery from the WAL)", async () => {
    const dataDir = join(base, "kill-postgres");
    const first = await startEmbeddedDatabase({ dataDir });
    await query(first.url, "CREATE TABLE note (id serial PRIMARY KEY, body text)");
    await query(first.url, "INSERT INTO note (body) SELECT 'bulk ' || g FROM generate_series(1, 500) g");
    const postmaster = Number.parseInt(readFileSync(join(dataDir, "pgdata", "postmaster.pid"), "utf8"), 10);
    process.kill(postmaster, "SIGKILL");
    await first.stop(); // the watchdog shell exits with it

    const again = await startEmbeddedDatabase({ dataDir });
    try {
      expect(await count(again.url)).toBe(500);
    } finally {
      await again.stop();
    }
  });

  it("starts over a stale postmaster.pid whose pid now belongs to another program", async () => {
    const dataDir = join(base, "stale-pid");
    const first = await startEmbeddedDatabase({ dataDir });
    await query(first.url, "CREATE TABLE note (id serial PRIMARY KEY, body text)");
    await query(first.url, "INSERT INTO note (body) VALUES ('kept')");
    await first.stop();
    const stranger = spawn("sleep", ["30"]);
    try {
      writeFileSync(join(dataDir, "pgdata", "postmaster.pid"), `${stranger.pid}\n${join(dataDir, "pgdata")}\n`);
      const again = await startEmbeddedDatabase({ dataDir });
      try {
        // The same cluster serves again, under a postmaster of its own; the stranger is left alone.
        expect(await count(again.url)).toBe(1);
        const postmaster = Number.parseInt(readFileSync(join(dataDir, "pgdata", "postmaster.pid"), "utf8"), 10);
        expect(postmaster).not.toBe(stranger.pid);
        expect(isAlive(postmaster)).toBe(true);
        expect(isAlive(stranger.pid!)).toBe(true);
      } finally {
        await again.stop();
      }
    } finally {
      stranger.kill();
    }
  });

  it("starts over a stale postmaster.pid saying ready whose pid is now another PostgreSQL (e.g. the machine's own)", async () => {
    const dataDir = join(base, "stale-pid-foreign-postgres");
    const pgdata = join(dataDir, "pgdata");
    const first = await startEmbeddedDatabase({ dataDir });
    const ours = readFileSync(join(pgdata, "postmaster.pid"), "utf8").split("\n");
    await first.stop();
    // A process whose command line says "postgres", serving another cluster.
    const stranger = spawn("sleep", ["30"], { argv0: "postgres" });
    try {
      const lines = [String(stranger.pid), ...ours.slice(1)];
      lines[7] = "ready   ";
      writeFileSync(join(pgdata, "postmaster.pid"), lines.join("\n"));
      const again = await startEmbeddedDatabase({ dataDir });
      await again.stop();
      expect(isAlive(stranger.pid!)).toBe(true);
    } finally {
      stranger.kill();
    }
  });

  it("refuses a password file or cluster folder swapped for a symbolic link (as root, the service account owns that folder)", async () => {
    const dataDir = join(base, "symlinks");
    const first = await startEmbeddedDatabase({ dataDir });
    await first.stop();
    const password = join(dataDir, "password");
    renameSync(password, join(base, "elsewhere"));
    symlinkSync(join(base, "elsewhere"), password);
    await expect(startEmbeddedDatabase({ dataDir })).rejects.toThrow(`${password} is a symbolic link: refused`);
    rmSync(password);
    renameSync(join(base, "elsewhere"), password);
    const pgdata = join(dataDir, "pgdata");
    renameSync(pgdata, join(base, "pgdata-elsewhere"));
    symlinkSync(join(base, "pgdata-elsewhere"), pgdata);
    await expect(startEmbeddedDatabase({ dataDir })).rejects.toThrow(`${pgdata} is a symbolic link or not a folder: refused`);
  });

  it("refuses a data dir another running server uses", async () => {
    const dataDir = join(base, "in-use");
    const first = await startEmbeddedDatabase({ dataDir });
    try {
      await expect(startEmbeddedDatabase({ dataDir })).rejects.toThrow(/in use by another PostgreSQL/);
    } finally {
      await first.stop();
    }
  }, 60_000);

  it.runIf(root)("as root, runs PostgreSQL as an unprivileged account that owns the cluster, even under a private folder", async () => {
    const privateParent = join(base, "private");
    const dataDir = join(privateParent, "config", "postgres");
    const database = await startEmbeddedDatabase({ dataDir });
    try {
      const postmaster = Number.parseInt(readFileSync(join(dataDir, "pgdata", "postmaster.pid"), "utf8"), 10);
      const owner = statSync(`/proc/${postmaster}`).uid;
      expect(owner).not.toBe(0);
      expect(statSync(join(dataDir, "pgdata")).uid).toBe(owner);
      // mkdtemp made the base 0700: it gained search (not read) for that account (ACL) or, without
      // setfacl, for others; nothing more.
      const opened = foldersOpenedForAccount();
      expect(opened?.folders).toContain(base);
      expect(statSync(base).mode & 0o007).toBe(opened?.how === "acl" ? 0 : 0o001);
      expect(await query(database.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      await database.stop();
    }
  });

  it.runIf(root)("works for a normal user (the API run as `nobody`)", async () => {
    const home = join(base, "nobody-home");
    const dataDir = join(home, "postgres");
    mkdirSync(home, { mode: 0o700 });
    chownSync(home, 65534, 65534);
    chmodSync(base, 0o711);
    const host = runFixture("embedded-host.ts", [dataDir], { uid: 65534, gid: 65534, env: { HOME: home } });
    const { url } = await firstJsonLine<{ url: string }>(host);
    try {
      expect(await query(url, "SELECT current_setting('data_directory') AS dir")).toEqual([{ dir: join(dataDir, "pgdata") }]);
      expect(statSync(join(dataDir, "pgdata")).uid).toBe(65534);
    } finally {
      host.kill("SIGTERM");
      await exited(host);
    }
  });
});
