// Runs the real `watchlist` binary as a child process, stdin a pipe (never a TTY), and collects its output.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BIN } from "./build.js";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws when it is not exactly one JSON document). */
  json<T = any>(): T;
}

export interface CliOptions {
  input?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Another copy of the binary than the tree's. */
  bin?: string;
}

/** Environment without the caller's colour or watchlist settings, so results do not depend on the shell. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(WATCHLIST_|NO_COLOR$|FORCE_COLOR$|DATABASE_URL$|TMDB_|JWT_SECRET$)/.test(key)) delete env[key];
  }
  return { ...env, ...extra };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [options.bin ?? BIN, ...args], { env: cleanEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
  child.stdin.end(options.input ?? "");
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr,
        json() {
          try {
            return JSON.parse(stdout);
          } catch {
            throw new Error(`stdout is not one JSON document:\n${stdout}\nstderr:\n${stderr}`);
          }
        },
      });
    });
  });
}

/** A `watchlist` bound to one API and one config dir (one person on one machine). */
export function cliUser(apiUrl: string, configDir = mkdtempSync(join(tmpdir(), "watchlist-cli-"))) {
  const run = (args: string[], options: CliOptions = {}) =>
    runCli(args, { ...options, env: { WATCHLIST_API_URL: apiUrl, WATCHLIST_CONFIG_DIR: configDir, ...options.env } });
  return { configDir, run };
}
