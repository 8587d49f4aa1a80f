// cli-table3 tables that fit the terminal: the widest flexible column wraps, the others keep their width.
import Table from "cli-table3";
import { outputWidth } from "../terminal.cjs";
import { paint } from "./style.cjs";

export interface Column {
  header: string;
  /** This column gives up width (wraps) when the table is wider than the terminal. */
  flexible?: boolean;
  align?: "left" | "right";
}

const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Extended_Pictographic}\u3000-\u303F\uFF00-\uFF60]/u;
const ANSI = /\u001B\[[0-9;]*m/g;
const DECORATION = /[\uFE0E\uFE0F\u200D]/gu;

/** Columns a string takes on a terminal (CJK and emoji count two). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ANSI, "").replace(DECORATION, "")) width += WIDE.test(char) ? 2 : 1;
  return width;
}

// Each cell has one space of padding on both sides and each column one border character.
const CELL_PADDING = 2;
const MIN_FLEXIBLE = 12;

export function renderTable(columns: Column[], rows: string[][], width = outputWidth()): string {
  const natural = columns.map(
    (column, i) =>
      Math.max(
        displayWidth(column.header),
        ...rows.map((row) =>
          Math.max(
            ...String(row[i] ?? "")
              .split("\n")
              .map(displayWidth),
          ),
        ),
      ) + CELL_PADDING,
  );
  const total = natural.reduce((sum, w) => sum + w, 0) + columns.length + 1;
  let colWidths: number[] | undefined;
  if (total > width) {
    const flexible = columns.findIndex((column) => column.flexible);
    if (flexible >= 0) {
      colWidths = [...natural];
      colWidths[flexible] = Math.max(MIN_FLEXIBLE, natural[flexible] - (total - width));
    }
  }
  // Rows of one line each read best without separators; multi-line rows need them.
  const compact = rows.every((row) => row.every((cell) => !String(cell).includes("\n")));
  const table = new Table({
    head: columns.map((column) => paint.bold(column.header)),
    colAligns: columns.map((column) => column.align ?? "left"),
    style: { head: [], border: [], compact },
    ...(colWidths ? { colWidths, wordWrap: true } : {}),
  });
  table.push(...rows);
  return table.toString();
}
