// The lock that serialises starts of the local API: takeover of abandoned locks by one process only,
// no waiting on a lock whose pid now belongs to a stranger, and a timeout that names the file.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withFileLock } from "../../src/local/lock.js";
import { exited, runFixture, tempDir } from "./helpers.js";

const base = tempDir("lock");
const DEAD_OWNER = "999999 1"; // no such pid

describe("withFileLock", () => {
  it("several processes contending on an abandoned lock: exactly one holds it at a time", async () => {
    const lockFile = join(base, "race.lock");
    const journal = join(base, "race.journal");
    writeFileSync(lockFile, DEAD_OWNER);
    const startAt = String(Date.now() + 1_500); // after every contender has loaded
    // After each turn the lock is left abandoned: up to 5 × 20 takeovers, raced by the other contenders.
    const contenders = Array.from({ length: 5 }, () => runFixture("lock-contender.ts", [lockFile, journal, startAt, "20"]));
    expect(await Promise.all(contenders.map(exited))).toEqual([0, 0, 0, 0, 0]);
    const lines = readFileSync(journal, "utf8").trim().split("\n");
    expect(lines).toHaveLength(200);
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i]).toMatch(/^in /);
      expect(lines[i + 1], `line ${i + 1}`).toBe(lines[i].replace("in", "out"));
    }
  }, 60_000);

  it("does not wait on a lock whose pid now belongs to another program (e.g. after a reboot)", async () => {
    const lockFile = join(base, "stranger.lock");
    const stranger = spawn("sleep", ["30"]);
    try {
      writeFileSync(lockFile, `${stranger.pid} 12345`); // its start time was another process's
      const started = Date.now();
      expect(await withFileLock(lockFile, 10_000, async () => "got it")).toBe("got it");
      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      stranger.kill();
    }
  });

  it("times out on a lock held by a live owner, naming the file to delete", async () => {
    const lockFile = join(base, "held.lock");
    await withFileLock(lockFile, 1_000, async () => {
      await expect(withFileLock(lockFile, 300, async () => "never")).rejects.toThrow(
        `waiting for the lock ${lockFile} (held by process ${process.pid}); if no other watchlist command is running, delete that file`,
      );
    });
    expect(existsSync(lockFile)).toBe(false);
  });
});
