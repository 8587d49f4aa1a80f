// Where text goes: stdout holds data only, everything said to the person goes to stderr. Human text
// is made terminal-safe here, once for every command (see safe-text.cts); JSON is printed exact.
import { colorEnabled } from "../terminal.cjs";
import { terminalText } from "./safe-text.cjs";

export function print(text: string): void {
  const safe = terminalText(text, colorEnabled());
  process.stdout.write(safe.endsWith("\n") ? safe : `${safe}\n`);
}

export function notice(text: string): void {
  process.stderr.write(`${terminalText(text, colorEnabled())}\n`);
}

/** Exactly one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
