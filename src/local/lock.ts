// A lock between processes: a file created exclusively, holding its owner's pid and start time. A lock
// whose owner is gone (kill -9 in the middle of a start, or a reboot that handed its pid to another
// program) is taken over instead of waited for.
import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { isAlive, isSameProcess, processStartTime, sleep } from "./process.js";

export class LockTimeoutError extends Error {}

export async function withFileLock<T>(file: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const mine = await acquire(file, timeoutMs);
  try {
    return await work();
  } finally {
    if (readOwner(file) === mine) removeFile(file);
  }
}

async function acquire(file: string, timeoutMs: number): Promise<string> {
  const mine = `${process.pid} ${processStartTime(process.pid) ?? ""}`.trim();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (createWith(file, mine)) return mine;
    const owner = readOwner(file);
    if (owner !== undefined && isAbandoned(file, owner, timeoutMs)) {
      takeOver(file, owner, mine, timeoutMs);
      continue;
    }
    if (Date.now() > deadline) {
      throw new LockTimeoutError(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for the lock ${file} (held by process ${owner?.split(" ")[0] ?? "?"}); ` +
          "if no other watchlist command is running, delete that file",
      );
    }
    await sleep(50);
  }
}

/** Creates `file` holding `content`, complete from its first instant (a reader never sees it empty). */
function createWith(file: string, content: string): boolean {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(draft, content, { mode: 0o600 });
  try {
    linkSync(draft, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    unlinkSync(draft);
  }
}

/**
 * Removes the abandoned lock, unless it changed since it was judged abandoned. Of several processes
 * that saw the same dead owner, the one holding `<file>.break` does it; a latecomer then finds a
 * different owner (the winner) and leaves that lock alone.
 */
function takeOver(file: string, abandoned: string, mine: string, timeoutMs: number): void {
  const breaker = `${file}.break`;
  if (!createWith(breaker, mine)) {
    // A takeover under way, or one whose process died in those few microseconds.
    const other = readOwner(breaker);
    if (other !== undefined && isAbandoned(breaker, other, timeoutMs)) removeFile(breaker);
    return;
  }
  try {
    if (readOwner(file) === abandoned) removeFile(file);
  } finally {
    removeFile(breaker);
  }
}

/** Abandoned: its process is gone, or another process now has that pid (recorded start time differs). */
function isAbandoned(file: string, owner: string, timeoutMs: number): boolean {
  const [pidText, startTime] = owner.split(" ");
  const pid = Number.parseInt(pidText, 10);
  if (!Number.isInteger(pid)) return true;
  if (startTime) return !isSameProcess(pid, startTime);
  // Written without a start time (another platform, or an older watchlist): trust it for one timeout.
  return !isAlive(pid) || ageMs(file) > timeoutMs;
}

function readOwner(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    return undefined; // gone already: the next attempt creates it
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
