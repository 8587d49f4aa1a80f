// `watchlist export --csv` read back: its rows become the export document they came from (version 2),
// sent as documents like `export --json`, so that every field the CSV carries (a rating's watched flag
// and dates, a queue entry's priority and date, each viewing) comes back exactly.
import { CSV_COLUMNS } from "../shared/export-columns.cjs";
import type { CsvRow } from "./csv.cjs";
import { RATINGS, type Rating, type ReadNotes, RowError } from "./entries.cjs";
import type { ExportDocument } from "./export-document.cjs";
import { dayField, timestampField, titleField, yearField } from "./fields.cjs";

export const isWatchlistCsvHeader = (header: string[]) => CSV_COLUMNS.every((column) => header.includes(column));

const PRIORITIES = ["LOW", "MEDIUM", "HIGH"] as const;

function tmdbIdField(text: string | undefined): number {
  const value = (text ?? "").trim();
  if (!/^[1-9]\d{0,9}$/.test(value)) throw new RowError(`tmdbId '${value}' is not a TMDB id (a number)`);
  return Number(value);
}

function booleanField(text: string | undefined, column: string): boolean {
  const value = (text ?? "").trim();
  if (value !== "true" && value !== "false") throw new RowError(`${column} '${value}' is not true or false`);
  return value === "true";
}

function oneOf<T extends string>(text: string | undefined, values: readonly T[], column: string): T {
  const value = (text ?? "").trim() as T;
  if (!values.includes(value)) throw new RowError(`${column} '${value}' is not one of ${values.join(", ")}`);
  return value;
}

/** The document the CSV was written from; rows that cannot be read are noted by line and left out. */
export async function watchlistCsvDocument(name: string, rows: AsyncIterable<CsvRow>, notes: ReadNotes): Promise<ExportDocument> {
  const document = { version: 2 as const, ratings: [] as unknown[], watchlist: [] as unknown[], history: [] as unknown[] };
  for await (const { line, fields } of rows) {
    try {
      const film = { tmdbId: tmdbIdField(fields.tmdbId), title: titleField(fields.title, "title"), year: yearField(fields.year) };
      const list = (fields.list ?? "").trim();
      if (list === "ratings") {
        document.ratings.push({
          ...film,
          rating: oneOf<Rating>(fields.rating, RATINGS, "rating"),
          watched: booleanField(fields.watched, "watched"),
          ...optionalTime("createdAt", fields.createdAt),
          ...optionalTime("updatedAt", fields.updatedAt),
        });
      } else if (list === "watchlist") {
        document.watchlist.push({
          ...film,
          priority: oneOf(fields.priority, PRIORITIES, "priority"),
          ...optionalTime("addedAt", fields.addedAt),
        });
      } else if (list === "history") {
        document.history.push({
          ...film,
          watchedOn: dayField(fields.watchedOn, "watchedOn"),
          rewatch: booleanField(fields.rewatch, "rewatch"),
        });
      } else {
        throw new RowError(`list '${list}' is not ratings, watchlist or history`);
      }
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      notes.unreadable.push({ source: `${name} line ${line}`, reason: error.message });
    }
  }
  return document;
}

function optionalTime(column: string, text: string | undefined): Record<string, string> {
  const time = timestampField(text, column);
  return time ? { [column]: time } : {};
}
