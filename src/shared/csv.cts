// The one CSV writer of the project, for every CSV we write (`export --csv`, `--letterboxd`,
// `GET /export?format=csv|letterboxd`, an import's `*-unmatched.csv`, list exports), and its inverse
// for our own importer. A cell that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+cmd|…`,
// `@SUM(…)`, `-…`, a leading tab or CR, their full-width forms) is written with a `'` in front
// (csv-stringify's `escape_formulas`, the OWASP advice), so opening an export cannot run a title.
// A cell already starting with `'`s then a formula character gets one more `'`, so that reading
// strips exactly one and every text comes back as it was: `=x` → `'=x` → `=x`, `'=x` → `''=x` → `'=x`.
// Loaded by both sides (bundled into the CLI): csv-stringify is required only when a CSV is written.
import type { Options, Stringifier } from "csv-stringify";

/** The first characters csv-stringify's escape_formulas neutralizes. */
const FORMULA_LEAD = "=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20";
/** A text csv-stringify leaves alone (it starts with `'`) that reading back would shorten. */
const QUOTED_FORMULA = new RegExp(`^'+[${FORMULA_LEAD}]`, "u");

function writerOptions(columns: readonly string[], header: boolean): Options {
  return {
    columns: [...columns],
    header,
    escape_formulas: true,
    cast: {
      boolean: (value) => String(value),
      string: (value) => (QUOTED_FORMULA.test(value) ? `'${value}` : value),
    },
  };
}

/** Rows (objects keyed by column, or arrays in column order) as CSV text; the header line first when asked. */
export function csvText(columns: readonly string[], rows: readonly unknown[], { header = false } = {}): string {
  const { stringify } = require("csv-stringify/sync") as typeof import("csv-stringify/sync");
  return stringify(rows as unknown[] as Record<string, unknown>[], writerOptions(columns, header));
}

/** A stream of CSV text, header line first: write rows to it, pipe it to a file. */
export function csvStream(columns: readonly string[]): Stringifier {
  const { stringify } = require("csv-stringify") as typeof import("csv-stringify");
  return stringify(writerOptions(columns, true));
}

/** A cell of a CSV as it was before our writer neutralized it (other files' cells are very rarely touched). */
export function csvCell(cell: string): string {
  return QUOTED_FORMULA.test(cell) ? cell.slice(1) : cell;
}
