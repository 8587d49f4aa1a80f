// What the CLI may do on this terminal: prompt, colour, spin.

/** Prompts need a person at both ends; --json never prompts. */
export function canPrompt(json = false): boolean {
  return !json && Boolean(process.stdin.isTTY && process.stdout.isTTY);
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

/** Table width: the terminal's, or unlimited when piped (nothing to fit). */
export function outputWidth(): number {
  return process.stdout.isTTY ? process.stdout.columns || 80 : Number.POSITIVE_INFINITY;
}
