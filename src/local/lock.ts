// A lock between processes: a file created exclusively, holding its owner's pid. A lock whose owner
// died (kill -9 in the middle of a start) is taken over instead of waited for.
import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { isAlive, sleep } from "./process.js";

/** An empty lock older than this lost its writer between create and write. */
const EMPTY_LOCK_GRACE_MS = 2_000;

export class LockTimeoutError extends Error {}

export async function withFileLock<T>(file: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  await acquire(file, timeoutMs);
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}

async function acquire(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (isAbandoned(file)) {
      // Moved aside rather than deleted, so of two processes that saw the same dead owner only one
      // removes that file; the other's rename fails and it simply tries again.
      const aside = `${file}.${process.pid}.abandoned`;
      try {
        renameSync(file, aside);
        rmSync(aside, { force: true });
      } catch {
        // someone else took it over first
      }
      continue;
    }
    if (Date.now() > deadline) throw new LockTimeoutError(`timed out waiting for ${file} (held by another watchlist process)`);
    await sleep(50);
  }
}

function isAbandoned(file: string): boolean {
  try {
    const owner = Number.parseInt(readFileSync(file, "utf8"), 10);
    if (Number.isInteger(owner)) return !isAlive(owner);
    return Date.now() - statSync(file).mtimeMs > EMPTY_LOCK_GRACE_MS;
  } catch {
    return false; // gone already: the next attempt creates it
  }
}
