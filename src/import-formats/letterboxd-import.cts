// Letterboxd's import format (letterboxd.com/about/importing-data), which `watchlist export
// --letterboxd` writes and other tools write too: any of LetterboxdURI, tmdbID, imdbID, Title, Year,
// WatchedDate, Rating (0.5–5 stars) or Rating10 (1–10), Rewatch, Tags, Review…, names in any case.
// One entry per film (tmdbID, else imdbID, else title and year), merging its rows: a row with a
// WatchedDate is a viewing; one without is an undated viewing when it says Rewatch (true/false), a
// rating only when it has a rating and no Rewatch (how our export writes a rated film never viewed),
// else "watched": an undated viewing. Tags (comma-separated) and Review belong to the row's viewing (a
// row with either is a viewing).
import type { CsvRow } from "./csv.cjs";
import { emptyEntry, type ImportEntry, type ReadNotes, RowError } from "./entries.cjs";
import { dayField, titleField, yearField } from "./fields.cjs";
import { reviewOf, tagsOf } from "./letterboxd.cjs";
import { letterboxdRating } from "./ratings.cjs";

const COLUMNS = [
  "letterboxduri",
  "tmdbid",
  "imdbid",
  "title",
  "year",
  "directors",
  "watcheddate",
  "rating",
  "rating10",
  "rewatch",
  "tags",
  "review",
];
/** Enough to find the film. */
const FILM_COLUMNS = ["tmdbid", "imdbid", "title", "letterboxduri"];

const folded = (header: string[]) => header.map((column) => column.toLowerCase().replace(/[\s_]/g, ""));

/** Letterboxd's import columns only, naming at least one way to find the film. */
export function isLetterboxdImportHeader(header: string[]): boolean {
  const columns = folded(header);
  return columns.every((column) => COLUMNS.includes(column)) && FILM_COLUMNS.some((column) => columns.includes(column));
}

const YES = /^(true|yes|1)$/i;
const NO = /^(false|no|0)$/i;

function ratingOf(fields: Record<string, string>): ImportEntry["rating"] {
  const stars = fields.rating?.trim();
  if (stars) return letterboxdRating(stars);
  const ten = fields.rating10?.trim();
  if (!ten) return null;
  if (!/^(10|[1-9])$/.test(ten)) throw new RowError(`Rating10 '${ten}' is not 1 to 10`);
  return letterboxdRating(String(Number(ten) / 2));
}

export async function* letterboxdImportEntries(name: string, rows: AsyncIterable<CsvRow>, notes: ReadNotes): AsyncGenerator<ImportEntry> {
  const films = new Map<string, ImportEntry>();
  for await (const { line, fields: raw } of rows) {
    const ref = `${name} line ${line}`;
    try {
      const fields = Object.fromEntries(Object.entries(raw).map(([column, value]) => [folded([column])[0], value]));
      const tmdbText = (fields.tmdbid ?? "").trim();
      if (tmdbText && !/^[1-9]\d{0,9}$/.test(tmdbText)) throw new RowError(`tmdbID '${tmdbText}' is not a TMDB id (a number)`);
      const imdbId = (fields.imdbid ?? "").trim();
      if (imdbId && !/^tt\d{7,10}$/.test(imdbId)) throw new RowError(`imdbID '${imdbId}' is not an IMDb id (tt…)`);
      const title = (fields.title ?? "").trim() ? titleField(fields.title, "Title") : "";
      if (!tmdbText && !imdbId && !title) throw new RowError("no tmdbID, imdbID or Title");
      const year = yearField(fields.year);
      const rating = ratingOf(fields);
      const watchedOn = dayField(fields.watcheddate, "WatchedDate");
      const rewatch = (fields.rewatch ?? "").trim();
      if (rewatch && !YES.test(rewatch) && !NO.test(rewatch)) throw new RowError(`Rewatch '${rewatch}' is not true or false`);
      const key = tmdbText ? `tmdb:${tmdbText}` : imdbId ? `imdb:${imdbId}` : `title:${title.toLowerCase()}\u0000${year}`;
      let film = films.get(key);
      if (!film) {
        film = { ...emptyEntry(ref, title, year), tmdbId: tmdbText ? Number(tmdbText) : null, imdbId: imdbId || null };
        films.set(key, film);
      }
      const tags = tagsOf(fields.tags, ref, notes);
      const review = reviewOf(fields.review, false, null, ref, notes);
      if (rating) film.rating = rating;
      if (watchedOn || rewatch || !rating || tags.length || review) {
        film.viewings.push({ watchedOn, rewatch: YES.test(rewatch), ...(tags.length ? { tags } : {}), ...(review ? { review } : {}) });
      }
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      notes.unreadable.push({ source: ref, reason: error.message });
    }
  }
  yield* films.values();
}
