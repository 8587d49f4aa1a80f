// Colour for human output. chalk is ESM-only and costs start-up time, so it is loaded (by load.cts)
// only when colour is on: TTY, no NO_COLOR, no --no-color. Until then, and without colour, text is plain.
import { colorEnabled } from "../terminal.cjs";

type Painter = (text: string) => string;
export interface Paint {
  bold: Painter;
  dim: Painter;
  red: Painter;
  yellow: Painter;
  green: Painter;
  cyan: Painter;
}

const plain: Painter = (text) => text;
export let paint: Paint = { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };

export async function loadPaint(): Promise<void> {
  if (!colorEnabled()) return;
  const { Chalk } = await import("chalk");
  paint = new Chalk({ level: 1 });
}
