// Runs the binary on a pseudo-terminal with util-linux `script` (no native build needed), so that
// stdin and stdout are TTYs: prompts appear and keys can be typed.
import { spawn } from "node:child_process";
import { BIN } from "./build.js";
import { cleanEnv } from "./cli.js";

export const KEY = { down: "\u001b[B", up: "\u001b[A", enter: "\r", ctrlC: "\u0003" } as const;

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]|\u001b[=>78]/g;

/** The screen text without escape sequences (what a person reads, more or less). */
export const plainText = (text: string) => text.replace(ANSI, "").replace(/\r/g, "");

export interface PtyOptions {
  /** The terminal's size (`stty cols … rows …`): fixed, so tables and prompts lay out the same everywhere. */
  columns?: number;
  rows?: number;
  /** Killed once it has written this much: a runaway redraw fails the test instead of filling memory. */
  maxOutputBytes?: number;
}

export function runInPty(args: string[], env: Record<string, string | undefined> = {}, options: PtyOptions = {}) {
  const { columns = 100, rows = 40, maxOutputBytes = 64 * 1024 * 1024 } = options;
  const command = `stty cols ${columns} rows ${rows} 2>/dev/null; exec ${[process.execPath, BIN, ...args].map(quote).join(" ")}`;
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    env: cleanEnv({ TERM: "xterm-256color", ...env }),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: string) => {
    output += chunk;
    if (output.length > maxOutputBytes) child.kill("SIGKILL");
  };
  child.stdout.setEncoding("utf8").on("data", collect);
  child.stderr.setEncoding("utf8").on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  exited.finally(() => clearTimeout(killer));

  return {
    /** Everything written to the terminal so far, raw (with escape sequences). */
    raw: () => output,
    text: () => plainText(output),
    /** Waits until the screen text (after `from` characters) matches. */
    async waitFor(pattern: RegExp | string, timeoutMs = 15_000): Promise<void> {
      const started = Date.now();
      const test = () => (typeof pattern === "string" ? plainText(output).includes(pattern) : pattern.test(plainText(output)));
      while (!test()) {
        if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}; screen:\n${plainText(output)}`);
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before ${pattern}; screen:\n${plainText(output)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    /** Types keys, one write each with a pause so that the prompt reads them as separate key presses. */
    async press(...keys: string[]): Promise<void> {
      for (const key of keys) {
        child.stdin.write(key);
        await new Promise((resolve) => setTimeout(resolve, 80));
      }
    },
    exited,
  };
}
