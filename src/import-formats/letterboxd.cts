// Letterboxd's export: ratings.csv, watched.csv, watchlist.csv, diary.csv, reviews.csv (Date, Name,
// Year, Letterboxd URI, and Rating / Rewatch, Tags, Watched Date / Review) and profile.csv. One entry
// per film, merging its rows: the rating from ratings.csv, dated viewings from diary.csv with their
// tags, each review on the diary's viewing of that film and day (or a viewing of its own), an undated
// viewing for a film watched with no diary entry, the watchlist from watchlist.csv (a rated film is
// not queued); profile.csv's bio, and its favourite films found by their Letterboxd URIs.
import { csvCell } from "../shared/csv.cjs";
import { BIO_TEXT, normalizeNewlines, REVIEW_TEXT, TAG_TEXT, tagKey, textProblem } from "../shared/member-text.cjs";
import type { CsvRow } from "./csv.cjs";
import {
  emptyEntry,
  type ImportEntry,
  type ImportedList,
  type ListMembership,
  type Rating,
  type ReadNotes,
  RowError,
  type Viewing,
} from "./entries.cjs";
import { dayField, timestampField, titleField, yearField } from "./fields.cjs";
import { letterboxdRating } from "./ratings.cjs";

export type LetterboxdFile = "ratings" | "diary" | "reviews" | "watched" | "watchlist";
/** In the order they are read: a review finds the diary's viewing it belongs to. */
export const LETTERBOXD_FILES: readonly LetterboxdFile[] = ["ratings", "diary", "reviews", "watched", "watchlist"];

const has = (header: string[], ...columns: string[]) => columns.every((column) => header.includes(column));

export const isLetterboxdHeader = (header: string[]) => has(header, "Date", "Name", "Year", "Letterboxd URI");

/**
 * Which file of the export a header is. watched.csv and watchlist.csv have the same columns (so do
 * likes/films.csv), so for those two the name decides: "ambiguous" when it says neither.
 */
export function letterboxdFileOf(header: string[], fileName: string): LetterboxdFile | "ambiguous" | undefined {
  if (!isLetterboxdHeader(header)) return undefined;
  // reviews.csv has diary.csv's columns plus Review.
  if (has(header, "Review")) return "reviews";
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

/** What `lists/*.csv` of an export starts with: "Letterboxd list export v7", then the list's own CSV block. */
export const isLetterboxdListExport = (text: string) => /^\uFEFF?Letterboxd list export v\d+\s*(\r?\n|$)/.test(text);

/** A profile's favourite films at most (as on Letterboxd and here). */
const MAX_FAVOURITES = 4;

/** The name Letterboxd's likes become. */
export const LIKED_FILMS = "Liked films";

/** A list row, with its line in the file. */
interface ListRow {
  line: number;
  fields: Record<string, string>;
}

/**
 * A "Letterboxd list export v7" file: the version line, a CSV block with the list (Date, Name, Tags,
 * URL, Description: the description may hold commas and line breaks, quoted), a blank line, then the
 * films (Position, Name, Year, URL, Description = the note). Ranked when every film has a position.
 */
export function readLetterboxdList(text: string, fileName: string): { list: ImportedList & { createdAt: string | null }; rows: ListRow[] } {
  const { parse } = require("csv-parse/sync") as typeof import("csv-parse/sync");
  const body = text.replace(/^\uFEFF?[^\n]*\n/, "");
  const records = parse(body.replace(/\r\n/g, "\n"), {
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    bom: true,
  }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const header = records[0]?.record.map((cell) => cell.trim()) ?? [];
  const values = records[1]?.record ?? [];
  const meta = Object.fromEntries(header.map((column, index) => [column, csvCell(values[index] ?? "")]));
  const name = (meta.Name ?? "").trim();
  if (!header.includes("Name") || !name) throw new RowError(`${fileName} has no list name (its Name column is empty)`);
  const filmsAt = records.findIndex((entry, index) => index >= 2 && entry.record.includes("Name") && entry.record.includes("Year"));
  const columns = filmsAt < 0 ? [] : records[filmsAt].record.map((cell) => cell.trim());
  const rows =
    filmsAt < 0
      ? []
      : records.slice(filmsAt + 1).map(({ record, info }) => ({
          // csv-parse counts lines of the body: +1 for the version line; `lines` is where the record ends.
          line: info.lines + 1,
          fields: Object.fromEntries(columns.map((column, index) => [column, csvCell(record[index] ?? "")])),
        }));
  const ranked = rows.length > 0 && rows.every((row) => (row.fields.Position ?? "").trim() !== "");
  const description = (meta.Description ?? "").replace(/\r\n?/g, "\n").trim() || null;
  let createdAt: string | null = null;
  try {
    createdAt = timestampField(meta.Date, "Date");
  } catch {
    createdAt = null;
  }
  return { list: { name: name.normalize("NFC"), description, ranked, createdAt }, rows };
}

const YES = /^(yes|true)$/i;

/** A Tags cell ("imax, with sam"): each tag as written; one the rules refuse is reported and left out. */
export function tagsOf(cell: string | undefined, ref: string, notes: ReadNotes): string[] {
  const tags: string[] = [];
  for (const tag of (cell ?? "").split(",").map((text) => text.trim())) {
    if (!tag) continue;
    const problem = textProblem(tag, TAG_TEXT);
    if (problem) notes.unreadable.push({ source: ref, reason: `${problem}: that tag was left out` });
    else tags.push(tag.normalize("NFC"));
  }
  return tags;
}

/** A Review cell: the review, or null when empty or refused by the rules (then reported; its viewing is kept). */
export function reviewOf(
  cell: string | undefined,
  spoilers: boolean,
  createdAt: string | null,
  ref: string,
  notes: ReadNotes,
): Viewing["review"] {
  const text = normalizeNewlines(cell ?? "").trim();
  if (!text) return null;
  const problem = textProblem(text, REVIEW_TEXT);
  if (problem) {
    notes.unreadable.push({ source: ref, reason: `${problem}: the review was left out (its viewing was not)` });
    return null;
  }
  return { text, spoilers, createdAt };
}

/** A viewing's tags with more added, a tag once whatever its case. */
function withTags(viewing: Viewing, tags: string[]): void {
  if (tags.length === 0) return;
  const known = viewing.tags ?? [];
  const folded = new Set(known.map(tagKey));
  for (const tag of tags) {
    if (folded.has(tagKey(tag))) continue;
    folded.add(tagKey(tag));
    known.push(tag);
  }
  viewing.tags = known;
}

/** "https://boxd.it/29Qs/" → "https://boxd.it/29Qs" (Letterboxd's short codes are case-sensitive). */
const uriKey = (uri: string) => uri.trim().replace(/\/+$/, "");

/** profile.csv's columns this import does not bring (the account here keeps its own). */
const PROFILE_COLUMNS_KEPT = new Set(["Bio", "Favorite Films"]);

/** Films gathered from the export's files, merged by title and year. */
export class LetterboxdMerge {
  private readonly films = new Map<string, Film>();
  /** Each film by the Letterboxd URIs its rows give (the profile names its favourites by them). */
  private readonly byUri = new Map<string, Film>();
  private ratingsFileRead = false;

  async add(file: LetterboxdFile, name: string, rows: AsyncIterable<CsvRow>, notes: ReadNotes): Promise<void> {
    if (file === "ratings") this.ratingsFileRead = true;
    for await (const { line, fields } of rows) {
      const ref = `${name} line ${line}`;
      try {
        this.addRow(file, ref, fields, notes);
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        notes.unreadable.push({ source: ref, reason: error.message });
      }
    }
  }

  private filmOf(ref: string, title: string, year: number | null): Film {
    const key = `${title.toLowerCase()}\u0000${year}`;
    let film = this.films.get(key);
    if (!film) {
      film = { entry: emptyEntry(ref, title, year), watched: false };
      this.films.set(key, film);
    }
    return film;
  }

  /** A list of the export (`lists/*.csv`): the list for `notes.lists`, each film's place in it. */
  addList(fileName: string, text: string, notes: ReadNotes): void {
    let read: ReturnType<typeof readLetterboxdList>;
    try {
      read = readLetterboxdList(text, fileName);
    } catch (error) {
      notes.unreadable.push({
        source: fileName,
        reason: error instanceof RowError ? error.message : `not a Letterboxd list: ${(error as Error).message}`,
      });
      return;
    }
    const { list, rows } = read;
    this.declare(notes, list);
    for (const { line, fields } of rows) {
      const ref = `${fileName} line ${line} (list ${list.name})`;
      try {
        const position = (fields.Position ?? "").trim();
        if (position && !/^\d{1,7}$/.test(position)) throw new RowError(`Position '${position}' is not a number`);
        const film = this.filmOf(ref, titleField(fields.Name, "Name"), yearField(fields.Year));
        this.join(film, {
          list: list.name,
          position: list.ranked ? Number(position) : null,
          note: (fields.Description ?? "").replace(/\r\n?/g, "\n").trim() || null,
          addedAt: list.createdAt,
        });
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        notes.unreadable.push({ source: ref, reason: error.message });
      }
    }
  }

  /** `likes/films.csv` (Date, Name, Year, Letterboxd URI): the list "Liked films", newest like first. */
  async addLikes(fileName: string, rows: AsyncIterable<CsvRow>, notes: ReadNotes): Promise<void> {
    this.declare(notes, { name: LIKED_FILMS, description: null, ranked: false });
    for await (const { line, fields } of rows) {
      const ref = `${fileName} line ${line} (list ${LIKED_FILMS})`;
      try {
        const film = this.filmOf(ref, titleField(fields.Name, "Name"), yearField(fields.Year));
        const date = dayField(fields.Date, "Date");
        this.join(film, { list: LIKED_FILMS, position: null, note: null, addedAt: date && timestampField(date, "Date") });
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        notes.unreadable.push({ source: ref, reason: error.message });
      }
    }
  }

  private declare(notes: ReadNotes, list: ImportedList): void {
    const { name, description, ranked } = list;
    if (!notes.lists.some((known) => known.name.toLowerCase() === name.toLowerCase())) notes.lists.push({ name, description, ranked });
  }

  /** A film once per list: a second row of the same film in one list keeps the first. */
  private join(film: Film, membership: ListMembership): void {
    if (!film.entry.lists.some((known) => known.list === membership.list)) film.entry.lists.push(membership);
  }

  private addRow(file: LetterboxdFile, ref: string, fields: Record<string, string>, notes: ReadNotes): void {
    const title = titleField(fields.Name, "Name");
    const year = yearField(fields.Year);
    const date = dayField(fields.Date, "Date");
    const film = this.filmOf(ref, title, year);
    const uri = uriKey(fields["Letterboxd URI"] ?? "");
    if (uri && !this.byUri.has(uri)) this.byUri.set(uri, film);
    const at = date && timestampField(date, "Date");
    switch (file) {
      case "ratings": {
        const value = letterboxdRating(fields.Rating);
        if (value) film.rating = { value, at };
        break;
      }
      case "diary":
      case "reviews": {
        const watchedOn = dayField(fields["Watched Date"], "Watched Date") ?? date;
        const value = letterboxdRating(fields.Rating);
        const rewatch = YES.test((fields.Rewatch ?? "").trim());
        const tags = tagsOf(fields.Tags, ref, notes);
        // A review belongs to the diary's viewing of that film and day (one not yet reviewed); with none, it is a viewing of its own.
        const diaryViewing =
          file === "reviews" ? film.entry.viewings.find((viewing) => viewing.watchedOn === watchedOn && !viewing.review) : undefined;
        const viewing: Viewing = diaryViewing ?? { watchedOn, rewatch };
        withTags(viewing, tags);
        // Spoiler(s): when the export has the column.
        const spoilers = YES.test((fields.Spoiler ?? fields.Spoilers ?? "").trim());
        if (file === "reviews") viewing.review = reviewOf(fields.Review, spoilers, at, ref, notes);
        if (!diaryViewing) film.entry.viewings.push(viewing);
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

  /**
   * profile.csv (read after the other files): the bio, and the favourite films (Letterboxd URIs) found
   * among the films the other files name, in order. What is not brought is named in notImported.
   */
  async addProfile(fileName: string, rows: AsyncIterable<CsvRow>, notes: ReadNotes): Promise<void> {
    for await (const { fields } of rows) {
      const others = Object.keys(fields).filter((column) => !PROFILE_COLUMNS_KEPT.has(column) && fields[column].trim() !== "");
      if (others.length) {
        notes.notImported.push({ source: fileName, reason: `${others.join(", ")}: not imported (this account keeps its own)` });
      }
      let bio: string | null = normalizeNewlines(fields.Bio ?? "").trim() || null;
      const problem = bio && textProblem(bio, BIO_TEXT);
      if (problem) {
        notes.unreadable.push({ source: `${fileName} Bio`, reason: `${problem}: not imported` });
        bio = null;
      }
      let favourites = 0;
      for (const uri of (fields["Favorite Films"] ?? "")
        .split(/[\s,]+/)
        .map(uriKey)
        .filter(Boolean)) {
        const film = this.byUri.get(uri);
        const source = `${fileName} Favorite Films`;
        if (!film) notes.notImported.push({ source, reason: `${uri} is not a film of the export's other files: not imported` });
        else if (favourites === MAX_FAVOURITES)
          notes.notImported.push({ source, reason: `${uri}: more than ${MAX_FAVOURITES} favourites` });
        else if (film.entry.favourite === undefined) film.entry.favourite = ++favourites;
      }
      if (bio || favourites) notes.profile = { bio, favourites };
      return; // one member, one row
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
