// Letterboxd's export: ratings.csv, watched.csv, watchlist.csv, diary.csv (Date, Name, Year,
// Letterboxd URI, and Rating / Rewatch, Tags, Watched Date). One entry per film, merging its rows:
// the rating from ratings.csv, dated viewings from diary.csv, an undated viewing for a film watched
// with no diary entry, the watchlist from watchlist.csv (a rated film is not queued).
import type { CsvRow } from "./csv.cjs";
import { emptyEntry, type ImportEntry, type Rating, type ReadNotes, RowError, type Viewing } from "./entries.cjs";
import { dayField, timestampField, titleField, yearField } from "./fields.cjs";
import { letterboxdRating } from "./ratings.cjs";

export type LetterboxdFile = "ratings" | "diary" | "watched" | "watchlist";
export const LETTERBOXD_FILES: readonly LetterboxdFile[] = ["ratings", "diary", "watched", "watchlist"];

const has = (header: string[], ...columns: string[]) => columns.every((column) => header.includes(column));

export const isLetterboxdHeader = (header: string[]) => has(header, "Date", "Name", "Year", "Letterboxd URI");

/**
 * Which file of the export a header is. watched.csv and watchlist.csv have the same columns (so do
 * likes/films.csv), so for those two the name decides: "ambiguous" when it says neither.
 */
export function letterboxdFileOf(header: string[], fileName: string): LetterboxdFile | "ambiguous" | undefined {
  if (!isLetterboxdHeader(header)) return undefined;
  // reviews.csv has diary.csv's columns plus Review: its rows are diary entries.
  if (has(header, "Rating", "Rewatch", "Watched Date")) return "diary";
  if (has(header, "Rating")) return "ratings";
  if (/watchlist/i.test(fileName)) return "watchlist";
  if (/watched/i.test(fileName)) return "watched";
  return "ambiguous";
}

interface Film {
  entry: ImportEntry;
  rating?: { value: Rating; at: string | null };
  /** The newest rating given in the diary, used when no ratings.csv is imported. */
  diaryRating?: { value: Rating; at: string };
  watched: boolean;
  queuedAt?: string | null;
}

/** Films gathered from the export's files, merged by title and year. */
export class LetterboxdMerge {
  private readonly films = new Map<string, Film>();
  private ratingsFileRead = false;

  async add(file: LetterboxdFile, name: string, rows: AsyncIterable<CsvRow>, notes: ReadNotes): Promise<void> {
    if (file === "ratings") this.ratingsFileRead = true;
    for await (const { line, fields } of rows) {
      const ref = `${name} line ${line}`;
      try {
        this.addRow(file, ref, fields);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        notes.unreadable.push({ source: ref, reason: error.message });
      }
    }
  }

  private addRow(file: LetterboxdFile, ref: string, fields: Record<string, string>): void {
    const title = titleField(fields.Name, "Name");
    const year = yearField(fields.Year);
    const date = dayField(fields.Date, "Date");
    const key = `${title.toLowerCase()}\u0000${year}`;
    let film = this.films.get(key);
    if (!film) {
      film = { entry: emptyEntry(ref, title, year), watched: false };
      this.films.set(key, film);
    }
    const at = date && timestampField(date, "Date");
    switch (file) {
      case "ratings": {
        const value = letterboxdRating(fields.Rating);
        if (value) film.rating = { value, at };
        break;
      }
      case "diary": {
        const watchedOn = dayField(fields["Watched Date"], "Watched Date") ?? date;
        const value = letterboxdRating(fields.Rating);
        const viewing: Viewing = { watchedOn, rewatch: /^yes$/i.test((fields.Rewatch ?? "").trim()) };
        film.entry.viewings.push(viewing);
        const ratedAt = at ?? (watchedOn && `${watchedOn}T00:00:00.000Z`);
        if (value && ratedAt && (!film.diaryRating || ratedAt >= film.diaryRating.at)) film.diaryRating = { value, at: ratedAt };
        break;
      }
      case "watched":
        film.watched = true;
        break;
      case "watchlist":
        film.queuedAt = at;
        break;
    }
  }

  get size(): number {
    return this.films.size;
  }

  /** The merged entries (read as often as asked: nothing is changed by reading). */
  *entries(): Generator<ImportEntry> {
    for (const film of this.films.values()) {
      // ratings.csv holds the current rating; the diary's are what was given at the time.
      const rating = this.ratingsFileRead ? film.rating : (film.rating ?? film.diaryRating);
      const dated = [...film.entry.viewings].sort((a, b) => (a.watchedOn ?? "").localeCompare(b.watchedOn ?? ""));
      yield {
        ...film.entry,
        rating: rating?.value ?? null,
        ratedAt: rating?.at ?? null,
        queued: film.queuedAt !== undefined && !rating ? { addedAt: film.queuedAt } : null,
        viewings: dated.length || !film.watched ? dated : [{ watchedOn: null, rewatch: false }],
      };
    }
  }
}
