// Colour for human output, decided once when a renderer is first loaded (after main read --no-color).
import { Chalk } from "chalk";
import { colorEnabled } from "../terminal.js";

export const paint = new Chalk({ level: colorEnabled() ? 1 : 0 });
