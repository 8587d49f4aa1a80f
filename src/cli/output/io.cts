// Where text goes: stdout holds data only, everything said to the person goes to stderr. This is the
// only module of the CLI that writes to stdout or stderr (test/cli/terminal-safety.test.ts checks it),
// so that whatever reaches a terminal is made terminal-safe here, once for every command (see
// safe-text.cts): human text is stripped of controls; data (JSON, an export streamed to stdout) is
// written exact to a pipe or a file and made safe only when stdout is a terminal.
import { writeSync } from "node:fs";
import { EXIT } from "../errors.cjs";
import { colorEnabled } from "../terminal.cjs";
import { jsonForTerminal, stripControls, terminalText } from "./safe-text.cjs";

let stdoutWatched = false;

/** process.stdout, made on first use: `--help` never needs its stream (for a pipe, ~5 ms of start-up). */
function stdout(): NodeJS.WriteStream {
  if (!stdoutWatched) {
    stdoutWatched = true;
    // `watchlist queue | head -1`: a reader that went away is not an error worth a stack trace.
    process.stdout.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(EXIT.ok);
      throw error;
    });
  }
  return process.stdout;
}

export function print(text: string): void {
  const safe = terminalText(text, colorEnabled());
  stdout().write(safe.endsWith("\n") ? safe : `${safe}\n`);
}

export function notice(text: string): void {
  process.stderr.write(`${terminalText(text, colorEnabled())}\n`);
}

/**
 * Exactly one JSON document on stdout. JSON escapes C0 controls itself; on a terminal the characters
 * it leaves raw but a terminal acts on (DEL, C1, bidi controls) are written as \u escapes too: the
 * same document for a JSON reader, nothing for the terminal to run.
 */
export function printJson(value: unknown): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  stdout().write(process.stdout.isTTY ? jsonForTerminal(text) : text);
}

/** Our own text that carries no data from elsewhere (a completion script): written as it is. */
export function printOwn(text: string): void {
  stdout().write(text);
}

/**
 * commander's help and version text (ours, nothing from elsewhere): written to the descriptor itself
 * unless process.stdout already exists. A reader that went away reads nothing, as with stdout.
 */
export function printHelpText(text: string): void {
  if (stdoutWatched) {
    stdout().write(text);
    return;
  }
  try {
    writeSync(1, text);
  } catch (error) {
    // A non-blocking pipe that is full takes the rest through the stream, which waits for the reader.
    if ((error as NodeJS.ErrnoException).code === "EAGAIN") stdout().write(text);
    else if ((error as NodeJS.ErrnoException).code !== "EPIPE") throw error;
  }
}

/**
 * Where data streamed to stdout goes (an export): stdout itself for a pipe or a file (exact bytes);
 * on a terminal, a stream that strips control sequences (`json`: escapes them, keeping the document).
 * `finish` flushes it once everything is written.
 */
export function stdoutData(kind: "json" | "text"): { sink: NodeJS.WritableStream; finish: () => Promise<void> } {
  if (!process.stdout.isTTY) return { sink: stdout(), finish: async () => {} };
  const { LineSafeWriter } = require("./line-safe-writer.cjs") as typeof import("./line-safe-writer.cjs");
  const { finished } = require("node:stream/promises") as typeof import("node:stream/promises");
  const sink = new LineSafeWriter(kind === "json" ? jsonForTerminal : stripControls, (text, done) => stdout().write(text, () => done()));
  return {
    sink,
    finish: async () => {
      sink.end();
      await finished(sink);
    },
  };
}

/** WATCHLIST_DEBUG's stack trace (its message may quote a server or a file). */
export function debugTrace(stack: string): void {
  process.stderr.write(`${stripControls(stack)}\n`);
}
