// The spawned tests run the real binary, which runs dist/: build it once per test run (test files run
// in parallel forks, so a lock directory makes the others wait for the first build).
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export const ROOT = join(import.meta.dirname, "..", "..", "..");
export const BIN = join(ROOT, "bin", "watchlist.js");
const MAIN = join(ROOT, "dist", "cli", "main.cjs");
const LOCK = join(tmpdir(), `watchlist-cli-build-${ROOT.replace(/\W/g, "_")}`);

function newestSource(dir = join(ROOT, "src")): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const upToDate = () => existsSync(MAIN) && statSync(MAIN).mtimeMs >= newestSource();

export async function ensureBuilt(): Promise<void> {
  // Everyone takes the lock, even to find dist up to date: a half-written dist/ must never be used.
  for (;;) {
    try {
      mkdirSync(LOCK);
    } catch {
      // Another test file is building (or a crashed build left the lock: give up on it after two minutes).
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      if (upToDate()) return;
      // Type errors elsewhere in the tree do not stop tsc from emitting; the CLI's own are caught by typecheck.
      await promisify(execFile)(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], {
        cwd: ROOT,
      }).catch(() => undefined);
      // As `npm run build` does: the entry bundled (the tests run what is shipped).
      await promisify(execFile)(process.execPath, [join(ROOT, "scripts", "bundle-cli.mjs")], { cwd: ROOT });
      if (!existsSync(MAIN)) throw new Error("the build did not produce dist/cli/main.cjs");
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
