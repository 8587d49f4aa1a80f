// The columns of our two CSV exports: the server writes them (src/services/export.ts), the importer
// recognizes and reads them (src/import-formats), so a file we export is a file we import.

/** `export --csv`: one row per rating, watchlist entry and viewing; `list` says which. */
export const CSV_COLUMNS = [
  "list",
  "tmdbId",
  "imdbId",
  "title",
  "year",
  "rating",
  "watched",
  "priority",
  "watchedOn",
  "rewatch",
  "createdAt",
  "updatedAt",
  "addedAt",
] as const;

/**
 * `export --letterboxd`: Letterboxd's import columns (letterboxd.com/about/importing-data); the film
 * is matched by tmdbID first. A row per viewing (`Rewatch` true/false, `WatchedDate` empty when the
 * day is unknown) with its `Tags` (comma-separated) and `Review`, then a row per rated film never viewed
 * (`Rewatch` empty: no viewing at all).
 */
export const LETTERBOXD_COLUMNS = ["tmdbID", "imdbID", "Title", "Year", "Rating", "WatchedDate", "Rewatch", "Tags", "Review"] as const;
