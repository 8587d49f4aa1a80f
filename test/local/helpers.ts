// Shared by the local-mode tests: temporary folders and TS fixtures run in child processes.
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A fresh folder removed after the file's tests (the embedded clusters in it are ~40 MB each). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `watchlist-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs test/local/fixtures/<name> (TypeScript, through jiti) in its own process. */
export function runFixture(name: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "jiti/register", join(ROOT, "test/local/fixtures", name), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    ...options,
    env: { ...process.env, JITI_FS_CACHE: "false", ...options.env },
  });
}

/** The first JSON line the child prints on stdout; rejects with its stderr if it exits first. */
export function firstJsonLine<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const complete = out.split("\n").slice(0, -1);
      const line = complete.find((candidate) => candidate.startsWith("{"));
      if (line) resolve(JSON.parse(line) as T);
    });
    child.stderr!.on("data", (chunk) => (err += chunk));
    child.once("exit", (code) => reject(new Error(`fixture exited (${code}) before printing: ${err}`)));
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}
