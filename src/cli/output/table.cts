// The one table renderer of the CLI. Every listing (ratings, queue, search, recommend, and the lists
// commands add: history, friends, inbox, activity, pick…) calls `renderTable`, which picks the form:
//   - on a terminal: a cli-table3 box that fits the width (the flexible column wraps), colour allowed;
//   - piped (stdout not a TTY, contract "Output when piped"): one header line and tab-separated rows,
//     no box, no colour, no truncation, one line per row, so `watchlist queue | cut -f2` works.
// Give it plain cells (paint them if you like: colour is stripped when piped) and, for an empty list,
// the hint to show on a terminal (piped, an empty list is the header line alone).
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

export interface TableOptions {
  /** Shown on a terminal instead of a table without rows. */
  empty?: string;
  /** Tab-separated rows instead of a box; default: stdout is not a TTY. */
  piped?: boolean;
  /** The box's width; default: the terminal's. */
  width?: number;
}

/** One cell, one line: tabs and newlines inside a cell would break the columns a script cuts. */
const tsvCell = (cell: string) =>
  String(cell)
    .replace(ANSI, "")
    .replace(/\s*\n\s*/g, "; ")
    .replace(/\t/g, " ");

export function renderTable(columns: Column[], rows: string[][], options: TableOptions = {}): string {
  const piped = options.piped ?? !process.stdout.isTTY;
  if (piped) return [columns.map((column) => column.header), ...rows].map((row) => row.map(tsvCell).join("\t")).join("\n");
  if (!rows.length && options.empty !== undefined) return paint.dim(options.empty);
  return boxTable(columns, rows, options.width ?? outputWidth());
}

function boxTable(columns: Column[], rows: string[][], width: number): string {
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
