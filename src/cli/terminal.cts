// What the CLI may do on this terminal: prompt, colour, spin.
import { fstatSync } from "node:fs";

/** Prompts need a person at both ends; --json never prompts. */
export function canPrompt(json = false): boolean {
  return !json && Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/**
 * Whether stdout is a terminal, without making process.stdout when it is a pipe or a file (for a pipe,
 * its stream is ~5 ms of start-up that `--help` does not need): only a character device may be one.
 */
export function stdoutIsTerminal(): boolean {
  try {
    return fstatSync(1).isCharacterDevice() && Boolean(process.stdout.isTTY);
  } catch {
    return false; // no stdout at all
  }
}

let colorFlag: boolean | undefined;

/** main records commander's `--no-color` here before any command runs. */
export function setColorFlag(flag: boolean | undefined): void {
  colorFlag = flag;
}

/** Colour only on a TTY, and never with NO_COLOR (any non-empty value) or --no-color. */
export function colorEnabled(): boolean {
  if (colorFlag === false) return false;
  if (process.env.NO_COLOR) return false;
  return Boolean(process.stdout.isTTY);
}

/** What a terminal that reports no width (0 columns: `script` from a pipe, `docker run -t` before its first resize) is drawn as. */
const FALLBACK_COLUMNS = 80;

/** Table width: the terminal's, or unlimited when piped (nothing to fit). */
export function outputWidth(): number {
  return process.stdout.isTTY ? process.stdout.columns || FALLBACK_COLUMNS : Number.POSITIVE_INFINITY;
}

/**
 * The stream as a spinner or progress bar sees it: its width read afresh at each use, never 0.
 * ora reads `columns ?? 80`, so a 0-column terminal made its count of lines to clear Infinity and
 * its clear loop never ended. What the drawer sets on the stream (ora replaces `write` while it
 * spins) stays on this view; methods run on the stream itself.
 */
export function drawingStream(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  const own = new Map<PropertyKey, unknown>();
  return new Proxy(stream, {
    get(target, key) {
      if (key === "columns") return target.columns > 0 ? target.columns : FALLBACK_COLUMNS;
      if (own.has(key)) return own.get(key);
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
    set(_target, key, value) {
      own.set(key, value);
      return true;
    },
  });
}
