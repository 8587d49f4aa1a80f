// IMDb's CSVs: the ratings export (Const, Your Rating, Date Rated, Title, …, Title Type, …) and a
// watchlist or list export (Position, Const, Created, Modified, Description, Title, …). Columns are
// found by name: IMDb has added and renamed columns over the years.
import type { CsvRow } from "./csv.cjs";
import { emptyEntry, type ImportEntry, type ReadNotes, RowError } from "./entries.cjs";
import { timestampField, titleField, yearField } from "./fields.cjs";
import { imdbRating } from "./ratings.cjs";

export type ImdbFile = "ratings" | "list";

export function imdbFileOf(header: string[]): ImdbFile | undefined {
  if (!header.includes("Const")) return undefined;
  // Newer list exports also carry Your Rating: Position is what only a list has.
  if (header.includes("Position") || header.includes("Created")) return "list";
  if (header.includes("Your Rating")) return "ratings";
  return undefined;
}

/**
 * Title types read as films. TMDB keeps TV movies, shorts and direct-to-video films in its movie
 * catalogue (its /find answers them as movies), so they are matched and rated like any film;
 * series, episodes, mini-series, specials, games, music videos and podcasts are not films. Old
 * exports wrote "Feature Film", the IMDb datasets "tvMovie": spaces and case do not count.
 */
const FILM_TYPES = new Set(["movie", "featurefilm", "film", "tvmovie", "short", "shortfilm", "video", "documentary"]);

export const isFilmType = (titleType: string) => FILM_TYPES.has(titleType.toLowerCase().replace(/[^a-z]/g, ""));

export async function* imdbEntries(
  file: ImdbFile,
  name: string,
  rows: AsyncIterable<CsvRow>,
  notes: ReadNotes,
  /** A list export read as the list of this name (not the queue): positions, notes (Description), Created. */
  list?: string,
): AsyncGenerator<ImportEntry> {
  if (list) notes.lists.push({ name: list, description: null, ranked: true });
  for await (const { line, fields } of rows) {
    const ref = list ? `${name} line ${line} (list ${list})` : `${name} line ${line}`;
    try {
      const title = titleField(fields.Title, "Title");
      const year = yearField(fields.Year);
      const titleType = (fields["Title Type"] ?? "").trim();
      if (titleType && !isFilmType(titleType)) {
        notes.skipped.push({ title, year, reason: `not a movie (${titleType})` });
        continue;
      }
      const imdbId = (fields.Const ?? "").trim();
      if (!/^tt\d{7,10}$/.test(imdbId)) throw new RowError(`Const '${imdbId}' is not an IMDb id (tt…)`);
      const entry = emptyEntry(ref, title, year);
      entry.imdbId = imdbId;
      const originalTitle = (fields["Original Title"] ?? "").trim().normalize("NFC");
      if (originalTitle && originalTitle !== title) entry.originalTitle = originalTitle;
      entry.rating = imdbRating(fields["Your Rating"]);
      if (entry.rating) entry.ratedAt = timestampField(fields["Date Rated"], "Date Rated");
      if (list) {
        const position = (fields.Position ?? "").trim();
        entry.lists.push({
          list,
          position: /^\d{1,7}$/.test(position) ? Number(position) : null,
          note: (fields.Description ?? "").replace(/\r\n?/g, "\n").trim() || null,
          addedAt: timestampField(fields.Created, "Created"),
        });
      } else if (!entry.rating && file === "list") entry.queued = { addedAt: timestampField(fields.Created, "Created") };
      else if (!entry.rating) continue; // a ratings export row without a rating says nothing
      yield entry;
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      notes.unreadable.push({ source: ref, reason: error.message });
    }
  }
}
