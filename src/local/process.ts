// Small process helpers shared by the lock, the embedded database and the background API.
import { readFileSync } from "node:fs";

/** Whether a process with this pid exists (one of another user counts: EPERM). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether the live process `pid` runs a command containing `fragment`, to tell ours from an
 * unrelated process that got a recycled pid. Without /proc (macOS) the pid is trusted.
 */
export function runsCommand(pid: number, fragment: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(fragment);
  } catch {
    return true;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A deadline that does not keep the process alive on its own. */
export function timeout(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
