// CSV rows streamed with csv-parse (bounded memory), each with the line it starts on, so that a
// broken row is reported by its line number and the rest of the file is still read.
import { type Readable, Transform, type TransformCallback } from "node:stream";
import type { CsvError } from "csv-parse";
import { csvCell } from "../shared/csv.cjs";
import type { ReadNotes } from "./entries.cjs";
import { ImportFileError } from "./source.cjs";

export interface CsvRow {
  /** The line the row starts on (the header is line 1). */
  line: number;
  fields: Record<string, string>;
}

/** A quoted field longer than this is an unclosed quote eating the file, not a title. */
const MAX_RECORD_BYTES = 1 << 20;

/**
 * CRLF → LF before csv-parse: with CRLF line ends, csv-parse counts a line break inside a quoted
 * field twice, and every later line number would be off.
 */
class CrlfToLf extends Transform {
  private carriageReturn = false;
  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    // latin1 maps bytes 1:1, so UTF-8 sequences pass through untouched.
    let text = (this.carriageReturn ? "\r" : "") + chunk.toString("latin1");
    this.carriageReturn = text.endsWith("\r");
    if (this.carriageReturn) text = text.slice(0, -1);
    done(null, Buffer.from(text.replace(/\r\n/g, "\n"), "latin1"));
  }
  _flush(done: TransformCallback): void {
    done(null, this.carriageReturn ? Buffer.from("\r") : undefined);
  }
}

function problem(error: CsvError, header: number | undefined): string {
  switch (error.code) {
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
      return `${(error.record as unknown[] | undefined)?.length ?? "a different number of"} fields where the header has ${header}`;
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quote is never closed: the rest of the file could not be read";
    case "CSV_MAX_RECORD_SIZE":
      return "a field longer than 1 MB (an unclosed quote?): the rest of the file could not be read";
    default:
      return error.message.replace(/\s+at line \d+.*$/, "");
  }
}

/**
 * The rows of a CSV as header-keyed fields (a UTF-8 BOM, CRLF, quoted commas and line breaks all
 * read). A row that cannot be read is noted as `name line N` and skipped; a fault that stops the
 * parse (an unclosed quote, a damaged zip entry) is noted and ends the file.
 */
export async function* readCsv(input: Readable, name: string, notes: ReadNotes): AsyncGenerator<CsvRow> {
  const { parse } = require("csv-parse") as typeof import("csv-parse");
  let headerLength: number | undefined;
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      headerLength = header.length;
      return header.map((column) => column.trim());
    },
    info: true,
    raw: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  parser.on("skip", (error: CsvError) =>
    notes.unreadable.push({ source: `${name} line ${error.lines}`, reason: problem(error, headerLength) }),
  );
  input.on("error", (error) => parser.destroy(error));
  input.pipe(new CrlfToLf()).pipe(parser);
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
      raw: string;
    }>) {
      // info.lines is the line the record ends on; a quoted field may span lines.
      const breaks = raw.replace(/\n$/, "").split("\n").length - 1;
      // Cells our own writer neutralized ('=…) read back as they were written.
      for (const column of Object.keys(record)) record[column] = csvCell(record[column]);
      yield { line: info.lines - breaks, fields: record };
    }
  } catch (error) {
    // A file that cannot be imported at all (a zip bomb found while inflating) stops the import.
    if (error instanceof ImportFileError) throw error;
    const csvError = error as CsvError;
    const where = typeof csvError.lines === "number" ? `${name} line ${csvError.lines}` : name;
    notes.unreadable.push({
      source: where,
      reason: csvError.code ? problem(csvError, headerLength) : `cannot be read: ${csvError.message}`,
    });
  }
}

/** The column names of a CSV's first line, or undefined when it does not read as CSV. */
export function csvHeader(start: string): string[] | undefined {
  const { parse } = require("csv-parse/sync") as typeof import("csv-parse/sync");
  const firstLine = start.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0];
  try {
    const [header] = parse(firstLine, { relax_quotes: true }) as string[][];
    return header?.map((column) => column.trim());
  } catch {
    return undefined;
  }
}
