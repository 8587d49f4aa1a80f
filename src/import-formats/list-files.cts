// A list written by `watchlist list export --letterboxd` (Position, tmdbID, imdbID, Title, Year,
// Review) or `--csv` (position, tmdbId, imdbId, title, year, note, addedBy, addedAt), read back as the
// list named after the file: the project's own list exports import into a list again.
import { basename, extname } from "node:path";
import type { CsvRow } from "./csv.cjs";
import { emptyEntry, type ImportEntry, type ReadNotes, RowError } from "./entries.cjs";
import { timestampField, titleField, yearField } from "./fields.cjs";

export type OwnListFile = "letterboxd" | "csv";

const LETTERBOXD = ["Position", "tmdbID", "imdbID", "Title", "Year", "Review"];
const CSV = ["position", "tmdbId", "imdbId", "title", "year", "note"];

export function ownListFileOf(header: string[]): OwnListFile | undefined {
  if (LETTERBOXD.every((column) => header.includes(column))) return "letterboxd";
  if (CSV.every((column) => header.includes(column))) return "csv";
  return undefined;
}

/** "Halloween night.csv" → "Halloween night" (a list's name has at most 100 characters). */
export function listNameOfFile(fileName: string): string {
  const name = basename(fileName, extname(fileName))
    .replace(/[\p{Cc}]/gu, " ")
    .trim()
    .normalize("NFC");
  return (name || "Imported list").slice(0, 100);
}

export async function* listFileEntries(
  file: OwnListFile,
  list: string,
  fileName: string,
  rows: AsyncIterable<CsvRow>,
  notes: ReadNotes,
): AsyncGenerator<ImportEntry> {
  const column = file === "letterboxd" ? LETTERBOXD : CSV;
  const [positionColumn, tmdbColumn, imdbColumn, titleColumn, yearColumn, noteColumn] = column;
  const read: ImportEntry[] = [];
  for await (const { line, fields } of rows) {
    const ref = `${fileName} line ${line} (list ${list})`;
    try {
      const entry = emptyEntry(ref, titleField(fields[titleColumn], titleColumn), yearField(fields[yearColumn]));
      const tmdbId = (fields[tmdbColumn] ?? "").trim();
      if (tmdbId && !/^[1-9]\d{0,9}$/.test(tmdbId)) throw new RowError(`${tmdbColumn} '${tmdbId}' is not a TMDB id (a number)`);
      entry.tmdbId = tmdbId ? Number(tmdbId) : null;
      const imdbId = (fields[imdbColumn] ?? "").trim();
      if (imdbId && !/^tt\d{7,10}$/.test(imdbId)) throw new RowError(`${imdbColumn} '${imdbId}' is not an IMDb id (tt…)`);
      entry.imdbId = imdbId || null;
      const position = (fields[positionColumn] ?? "").trim();
      if (position && !/^\d{1,7}$/.test(position)) throw new RowError(`${positionColumn} '${position}' is not a number`);
      entry.lists.push({
        list,
        position: position ? Number(position) : null,
        note: (fields[noteColumn] ?? "").trim() || null,
        addedAt: file === "csv" ? timestampField(fields.addedAt, "addedAt") : null,
      });
      read.push(entry);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      notes.unreadable.push({ source: ref, reason: error.message });
    }
  }
  // Ranked when every film has a position (an unranked list exports its positions empty).
  const ranked = read.length > 0 && read.every((entry) => entry.lists[0].position !== null);
  notes.lists.push({ name: list, description: null, ranked });
  yield* read;
}
