// Where text goes: stdout holds data only, everything said to the person goes to stderr.
export function print(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

export function notice(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Exactly one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
