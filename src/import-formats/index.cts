// Opens a file to import: the format is told from its content (a zip's entries, a CSV's header, a
// JSON document's version), never from the file name alone. No CLI or server code: the readers
// turn rows into the import wire format's entries (see docs/import-cli.md).
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from "node:fs";
import { basename } from "node:path";
import { csvHeader, readCsv } from "./csv.cjs";
import { newNotes } from "./entries.cjs";
import { ExportDocumentError, exportDocumentOf } from "./export-document.cjs";
import { imdbEntries, imdbFileOf } from "./imdb.cjs";
import { isLetterboxdListExport, letterboxdFileOf } from "./letterboxd.cjs";
import { isLetterboxdImportHeader, letterboxdImportEntries } from "./letterboxd-import.cjs";
import { listFileEntries, listNameOfFile, ownListFileOf } from "./list-files.cjs";
import { type DocumentSource, ImportFileError, type ImportSource, letterboxdSource, unknownFormat } from "./source.cjs";
import { isUnmatchedHeader, unmatchedEntries, unmatchedFormat } from "./unmatched.cjs";
import { isWatchlistCsvHeader, watchlistCsvDocument } from "./watchlist-csv.cjs";
import { isZip, readLetterboxdZip } from "./zip.cjs";

export type {
  ImportEntry,
  ImportedList,
  ImportFormat,
  ListMembership,
  NotImported,
  ReadNotes,
  SkippedRow,
  UnreadableRow,
  Viewing,
} from "./entries.cjs";
export { emptyEntry, newNotes } from "./entries.cjs";
export { type DocumentItem, documentItems, documentWith, type ExportDocument } from "./export-document.cjs";
export * from "./source.cjs";
export { UNMATCHED_COLUMNS, unmatchedRow } from "./unmatched.cjs";

/** Bigger files are refused before they are read: a Letterboxd or IMDb export is a few MB. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

const PEEK_BYTES = 64 * 1024;

function peek(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(PEEK_BYTES);
    return buffer.subarray(0, readSync(fd, buffer, 0, PEEK_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/**
 * Opens `path` (named `name` in messages and refs). Throws ImportFileError for a file that cannot be
 * imported, and Node's own error when it cannot be read at all (missing, a directory…).
 */
export interface OpenOptions {
  /** An IMDb list goes on the queue (as before lists existed) instead of becoming a list. */
  queue?: boolean;
}

export async function openImport(path: string, name = basename(path), options: OpenOptions = {}): Promise<ImportSource> {
  const stats = statSync(path);
  if (stats.isDirectory()) throw Object.assign(new Error("it is a directory"), { code: "EISDIR" });
  if (stats.size > MAX_IMPORT_BYTES) {
    throw new ImportFileError(`${name} is ${megabytes(stats.size)}: import reads files up to ${megabytes(MAX_IMPORT_BYTES)}`);
  }
  const start = peek(path);
  if (isZip(start)) return readLetterboxdZip(path, name);

  const text = start.toString("utf8").replace(/^\uFEFF/, "");
  if (text.trimStart().startsWith("{")) return openJson(path, name);
  if (isLetterboxdListExport(text)) {
    const fileName = basename(name);
    return letterboxdSource(`a Letterboxd list (${fileName})`, async (merge, notes) => {
      merge.addList(fileName, readFileSync(path, "utf8"), notes);
    });
  }

  const header = csvHeader(text);
  if (header) {
    const fileName = basename(name);
    const letterboxdFile = letterboxdFileOf(header, fileName);
    if (letterboxdFile === "ambiguous") {
      throw new ImportFileError(
        `${name} has the columns of Letterboxd's watched.csv and watchlist.csv: name it watched.csv or watchlist.csv to say which it is`,
      );
    }
    if (letterboxdFile) {
      return letterboxdSource(`a Letterboxd ${fileName}`, async (merge, notes) => {
        await merge.add(letterboxdFile, fileName, readCsv(createReadStream(path), fileName, notes), notes);
      });
    }
    const imdbFile = imdbFileOf(header);
    if (imdbFile) {
      // A list not named like a watchlist becomes a list of that name, unless --queue.
      const list = imdbFile === "list" && !options.queue && !/watchlist/i.test(fileName) ? listNameOfFile(fileName) : undefined;
      return {
        kind: "entries",
        format: "imdb",
        description: imdbFile === "ratings" ? "IMDb ratings" : list ? `an IMDb list (as the list ${list})` : "an IMDb watchlist or list",
        read: (notes) => imdbEntries(imdbFile, fileName, readCsv(createReadStream(path), fileName, notes), notes, list),
      };
    }
    const ownList = ownListFileOf(header);
    if (ownList) {
      const list = listNameOfFile(fileName);
      return {
        kind: "entries",
        format: "letterboxd",
        description: `a list export (as the list ${list})`,
        read: (notes) => listFileEntries(ownList, list, fileName, readCsv(createReadStream(path), fileName, notes), notes),
      };
    }
    if (isUnmatchedHeader(header)) {
      const firstRow = csvHeader(text.split(/\r?\n/, 2)[1] ?? "");
      return {
        kind: "entries",
        format: unmatchedFormat(firstRow?.[header.indexOf("Format")]),
        description: "the unmatched rows of an earlier import",
        read: (notes) => unmatchedEntries(fileName, readCsv(createReadStream(path), fileName, notes), notes),
      };
    }
    if (isWatchlistCsvHeader(header)) {
      const notes = newNotes();
      const document = await watchlistCsvDocument(fileName, readCsv(createReadStream(path), fileName, notes), notes);
      return { kind: "document", format: "watchlist", description: "a watchlist export (CSV)", document, unreadable: notes.unreadable };
    }
    if (isLetterboxdImportHeader(header)) {
      return {
        kind: "entries",
        format: "letterboxd",
        description: "a CSV in Letterboxd's import format",
        read: (notes) => letterboxdImportEntries(fileName, readCsv(createReadStream(path), fileName, notes), notes),
      };
    }
  }
  throw unknownFormat(name);
}

function openJson(path: string, name: string): DocumentSource {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch {
    throw unknownFormat(name);
  }
  try {
    const document = exportDocumentOf(value);
    if (!document) throw unknownFormat(name);
    return { kind: "document", format: "watchlist", description: `a watchlist export (version ${document.version})`, document };
  } catch (error) {
    if (error instanceof ExportDocumentError) throw new ImportFileError(`${name}: ${error.message}`);
    throw error;
  }
}
