// Where text goes: stdout holds data only, everything said to the person goes to stderr. This is the
// only module of the CLI that writes to stdout or stderr (test/cli/terminal-safety.test.ts checks it),
// so that whatever reaches a terminal is made terminal-safe here, once for every command (see
// safe-text.cts): human text is stripped of controls; data (JSON, an export streamed to stdout) is
// written exact to a pipe or a file and made safe only when stdout is a terminal.
import { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { StringDecoder } from "node:string_decoder";
import { colorEnabled } from "../terminal.cjs";
import { jsonForTerminal, stripControls, terminalText } from "./safe-text.cjs";

export function print(text: string): void {
  const safe = terminalText(text, colorEnabled());
  process.stdout.write(safe.endsWith("\n") ? safe : `${safe}\n`);
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
  process.stdout.write(process.stdout.isTTY ? jsonForTerminal(text) : text);
}

/** Our own text that carries no data from elsewhere (a completion script): written as it is. */
export function printOwn(text: string): void {
  process.stdout.write(text);
}

/** Written to a terminal a line at a time, so that a sequence split between two chunks is still whole. */
class TerminalSafeStdout extends Writable {
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";

  constructor(private readonly safe: (text: string) => string) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const text = this.pending + this.decoder.write(chunk);
    const end = text.lastIndexOf("\n") + 1;
    this.pending = text.slice(end);
    if (end === 0) done();
    else process.stdout.write(this.safe(text.slice(0, end)), () => done());
  }

  override _final(done: (error?: Error | null) => void): void {
    const rest = this.pending + this.decoder.end();
    if (!rest) done();
    else process.stdout.write(this.safe(rest), () => done());
  }
}

/**
 * Where data streamed to stdout goes (an export): stdout itself for a pipe or a file (exact bytes);
 * on a terminal, a stream that strips control sequences (`json`: escapes them, keeping the document).
 * `finish` flushes it once everything is written.
 */
export function stdoutData(kind: "json" | "text"): { sink: NodeJS.WritableStream; finish: () => Promise<void> } {
  if (!process.stdout.isTTY) return { sink: process.stdout, finish: async () => {} };
  const sink = new TerminalSafeStdout(kind === "json" ? jsonForTerminal : stripControls);
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
