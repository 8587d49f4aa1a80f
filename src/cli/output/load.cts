// The renderers, with colour ready: commands load them only when they print for a person.
import { loadPaint } from "./style.cjs";

export async function loadRenderers(): Promise<typeof import("./render.cjs")> {
  await loadPaint();
  return require("./render.cjs") as typeof import("./render.cjs");
}
