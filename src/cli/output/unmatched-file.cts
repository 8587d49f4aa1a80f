// The CSV of what an import could not match, written as the batches answer by the project's one CSV
// writer (src/shared/csv.cts: formula-leading titles neutralized, read back unchanged): the person
// corrects it (tmdbID or imdbID) and imports it again; its own header tells import what it is.
import { closeSync, createWriteStream, openSync, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Stringifier } from "csv-stringify";
import { type ImportEntry, type ImportFormat, UNMATCHED_COLUMNS, unmatchedRow } from "../../import-formats/index.cjs";
import { csvStream } from "../../shared/csv.cjs";

/** The preferred path when it can be written (next to the imported file), else the temp dir. */
function writablePath(preferred: string): string {
  try {
    closeSync(openSync(preferred, "w"));
    return preferred;
  } catch {
    return join(tmpdir(), basename(preferred));
  }
}

export class UnmatchedFile {
  readonly path: string;
  private readonly csv: Stringifier;
  private readonly file: WriteStream;

  constructor(preferred: string) {
    this.path = writablePath(preferred);
    this.csv = csvStream(UNMATCHED_COLUMNS);
    this.file = createWriteStream(this.path);
    this.csv.pipe(this.file);
  }

  write(entry: ImportEntry, format: ImportFormat): void {
    this.csv.write(unmatchedRow(entry, format));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.file.once("close", () => resolve());
      this.csv.end();
    });
  }
}
