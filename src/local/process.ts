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

/** The arguments of a live process (argv[0] first), or undefined when it cannot be read (no /proc: macOS). */
export function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").slice(0, -1);
  } catch {
    return undefined;
  }
}

/**
 * When a process started, as an opaque string: with its pid it names one process for good, so a pid
 * recycled by another program (after it exited, or after a reboot) is not mistaken for it.
 * Linux: field 22 of /proc/<pid>/stat (clock ticks since boot); elsewhere `ps -o lstart=`.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return psField(pid, "lstart");
  }
}

/** The parent of a live process. */
export function parentPid(pid: number): number | undefined {
  let text: string | undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    text = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
  } catch {
    text = psField(pid, "ppid");
  }
  const parent = Number.parseInt(text ?? "", 10);
  return Number.isInteger(parent) && parent > 0 ? parent : undefined;
}

function psField(pid: number, field: string): string | undefined {
  if (process.platform === "win32") return undefined;
  try {
    // Loaded here only: the CLI reads process details on every command, and ps is the rare path (macOS).
    const { execFileSync } = process.getBuiltinModule("node:child_process");
    return (
      execFileSync("ps", ["-o", `${field}=`, "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() ||
      undefined
    );
  } catch {
    return undefined; // no such process
  }
}

/** Whether `pid` is alive and is the very process that started at `startTime` (see processStartTime). */
export function isSameProcess(pid: number, startTime: string | undefined): boolean {
  if (!isAlive(pid)) return false;
  const now = processStartTime(pid);
  return now === undefined || startTime === undefined ? false : now === startTime;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A deadline that does not keep the process alive on its own. */
export function timeout(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
