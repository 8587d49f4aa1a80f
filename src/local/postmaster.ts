// PostgreSQL's lock file, postmaster.pid, read without loading the database code (the CLI's start-up
// counts): the embedded database checks it before a start, the background API's supervisor uses it
// to find an API whose state file was lost.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { commandLine, isAlive } from "./process.js";

/** postmaster.pid of a cluster: line 1 the pid, line 8 the state ("starting", "ready", "stopping"). */
export function readPostmasterPid(pgdata: string): { pid: number; status?: string } | undefined {
  try {
    const lines = readFileSync(join(pgdata, "postmaster.pid"), "utf8").split("\n");
    const pid = Number.parseInt(lines[0], 10);
    return Number.isInteger(pid) && pid > 0 ? { pid, status: lines[7]?.trim() } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` is a PostgreSQL server of this very cluster: ours runs with `-D <pgdata>` (see
 * embedded-db.ts). Any other process, the machine's own PostgreSQL included, holds a recycled pid.
 * Without /proc (macOS) the pid is trusted, and PostgreSQL's own check of its lock file still applies.
 */
export function isPostmasterOf(pid: number, pgdata: string): boolean {
  if (!isAlive(pid)) return false;
  const args = commandLine(pid);
  if (!args) return true;
  return args.some((arg, i) => arg === "-D" && args[i + 1] === pgdata);
}
