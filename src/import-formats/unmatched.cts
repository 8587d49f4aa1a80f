// The CSV of rows an import could not match, written for the person to correct (fill tmdbID or
// imdbID, fix a title or year) and import again: it carries the whole entry, so nothing is lost.
import type { CsvRow } from "./csv.cjs";
import {
  emptyEntry,
  type ImportEntry,
  type ImportFormat,
  RATINGS,
  type Rating,
  type ReadNotes,
  RowError,
  type Viewing,
} from "./entries.cjs";
import { dayField, timestampField, titleField, yearField } from "./fields.cjs";

export const UNMATCHED_COLUMNS = [
  "tmdbID",
  "imdbID",
  "Title",
  "Year",
  "Original Title",
  "Rating",
  "Rated At",
  "Watchlist Added At",
  "Viewings",
  "Format",
  "Source",
  "Lists",
  "Viewing Details",
  "Favourite",
] as const;

/** Columns later versions added: files written before them are read the same. */
const ADDED_LATER = new Set<string>(["Lists", "Viewing Details", "Favourite"]);
export const isUnmatchedHeader = (header: string[]) =>
  UNMATCHED_COLUMNS.filter((column) => !ADDED_LATER.has(column)).every((column) => header.includes(column));

/** "Halloween night; Liked films": the lists the film was to go in (a list name has no line break). */
const LIST_SEPARATOR = "; ";

/** On the watchlist with no known date. */
const QUEUED_UNDATED = "yes";
const UNDATED = "undated";

/** "2019-05-01; 2020-02-03 rewatch; undated" */
const viewingsText = (viewings: Viewing[]) =>
  viewings.map((viewing) => `${viewing.watchedOn ?? UNDATED}${viewing.rewatch ? " rewatch" : ""}`).join("; ");

/**
 * Each viewing's tags and review, in the order of Viewings, as JSON (`[{"tags":["imax"],"review":{…}}, null]`):
 * kept whole for the import of the corrected file; empty when no viewing has any.
 */
function viewingDetails(viewings: Viewing[]): string {
  const details = viewings.map(({ tags, review }) =>
    tags?.length || review ? { ...(tags?.length ? { tags } : {}), ...(review ? { review } : {}) } : null,
  );
  return details.some(Boolean) ? JSON.stringify(details) : "";
}

function withViewingDetails(viewings: Viewing[], text: string): Viewing[] {
  if (!text.trim()) return viewings;
  let details: unknown;
  try {
    details = JSON.parse(text);
  } catch {
    throw new RowError("Viewing Details is not the JSON this file was written with");
  }
  if (!Array.isArray(details) || details.length !== viewings.length)
    throw new RowError("Viewing Details does not match Viewings (one item per viewing)");
  return viewings.map((viewing, index) => {
    const detail = details[index] as Pick<Viewing, "tags" | "review"> | null;
    if (detail === null) return viewing;
    const tags = Array.isArray(detail.tags) ? detail.tags.filter((tag): tag is string => typeof tag === "string") : [];
    const review = detail.review && typeof detail.review.text === "string" ? detail.review : null;
    return { ...viewing, ...(tags.length ? { tags } : {}), ...(review ? { review } : {}) };
  });
}

export function unmatchedRow(entry: ImportEntry, format: ImportFormat): string[] {
  return [
    entry.tmdbId ? String(entry.tmdbId) : "",
    entry.imdbId ?? "",
    entry.title,
    entry.year === null ? "" : String(entry.year),
    entry.originalTitle ?? "",
    entry.rating ?? "",
    entry.ratedAt ?? "",
    entry.queued ? (entry.queued.addedAt ?? QUEUED_UNDATED) : "",
    viewingsText(entry.viewings),
    format,
    entry.ref,
    entry.lists.map((membership) => membership.list).join(LIST_SEPARATOR),
    viewingDetails(entry.viewings),
    entry.favourite ? String(entry.favourite) : "",
  ];
}

function viewingsField(text: string): Viewing[] {
  return text
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [day, flag, ...rest] = part.split(/\s+/);
      if (rest.length || (flag && flag !== "rewatch"))
        throw new RowError(`viewing '${part}' is not "YYYY-MM-DD", "undated", either followed by "rewatch"`);
      return { watchedOn: day === UNDATED ? null : dayField(day, "viewing"), rewatch: flag === "rewatch" };
    });
}

export const unmatchedFormat = (text: string | undefined): ImportFormat => (text === "imdb" || text === "watchlist" ? text : "letterboxd");

export async function* unmatchedEntries(name: string, rows: AsyncIterable<CsvRow>, notes: ReadNotes): AsyncGenerator<ImportEntry> {
  const refs = new Set<string>();
  for await (const { line, fields } of rows) {
    const here = `${name} line ${line}`;
    try {
      // The original place of the row, so that what stays unmatched keeps pointing at it.
      const source = (fields.Source ?? "").trim();
      const ref = source && !refs.has(source) ? source : here;
      refs.add(ref);
      const entry = emptyEntry(ref, titleField(fields.Title, "Title"), yearField(fields.Year));
      const tmdbId = (fields.tmdbID ?? "").trim();
      if (tmdbId && !/^[1-9]\d{0,9}$/.test(tmdbId)) throw new RowError(`tmdbID '${tmdbId}' is not a TMDB id (a number)`);
      entry.tmdbId = tmdbId ? Number(tmdbId) : null;
      const imdbId = (fields.imdbID ?? "").trim();
      if (imdbId && !/^tt\d{7,10}$/.test(imdbId)) throw new RowError(`imdbID '${imdbId}' is not an IMDb id (tt…)`);
      entry.imdbId = imdbId || null;
      entry.originalTitle = (fields["Original Title"] ?? "").trim() || null;
      const rating = (fields.Rating ?? "").trim().toUpperCase().replace(/[- ]/g, "_");
      if (rating && !RATINGS.includes(rating as Rating))
        throw new RowError(`Rating '${fields.Rating}' is not one of ${RATINGS.join(", ")}`);
      entry.rating = (rating as Rating) || null;
      entry.ratedAt = entry.rating ? timestampField(fields["Rated At"], "Rated At") : null;
      const queued = (fields["Watchlist Added At"] ?? "").trim();
      if (queued && !entry.rating)
        entry.queued = { addedAt: queued === QUEUED_UNDATED ? null : timestampField(queued, "Watchlist Added At") };
      entry.viewings = withViewingDetails(viewingsField(fields.Viewings ?? ""), fields["Viewing Details"] ?? "");
      const favourite = (fields.Favourite ?? "").trim();
      if (favourite && !/^[1-4]$/.test(favourite)) throw new RowError(`Favourite '${favourite}' is not a place from 1 to 4`);
      if (favourite) entry.favourite = Number(favourite);
      for (const list of (fields.Lists ?? "").split(LIST_SEPARATOR.trim())) {
        const name = list.trim();
        if (name) entry.lists.push({ list: name, position: null, note: null, addedAt: null });
      }
      yield entry;
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      notes.unreadable.push({ source: here, reason: error.message });
    }
  }
}
