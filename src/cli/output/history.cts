// Human renderings of viewings: `watched` says what it recorded, `history` lists them. Commands
// require this module (cli-table3 comes with it) only when they print for a person, after loadPaint().
import { movieLabel } from "../movie-argument.cjs";
import type { HistoryEntry, WatchedEntry } from "../types.cjs";
import { ratingLabel } from "../vocabulary.cjs";
import { paint } from "./style.cjs";
import { renderTable } from "./table.cjs";

const watchedOnLabel = (watchedOn: string | null) => watchedOn ?? "date unknown";

export function renderWatched(entry: WatchedEntry): string {
  const parts = [
    `Watched ${paint.bold(movieLabel(entry.movie))} on ${entry.viewing.watchedOn ?? "an unknown date"}`,
    entry.viewing.rewatch ? " (a rewatch)" : "",
    entry.rating ? ` ${ratingLabel(entry.rating)}` : " — not rated",
    entry.removedFromQueue ? " — removed from your queue" : "",
    entry.viewing.tags.length ? ` — tagged ${entry.viewing.tags.join(", ")}` : "",
  ];
  return parts.join("");
}

export function renderHistory(entries: HistoryEntry[], year?: number): string {
  if (!entries.length) {
    return paint.dim(
      year ? `Nothing watched in ${year}.` : "No viewings yet: record one with `watchlist watched <movie> [rating] [--on YYYY-MM-DD]`.",
    );
  }
  return renderTable(
    [
      { header: "watched" },
      { header: "id", align: "right" },
      { header: "title", flexible: true },
      { header: "year" },
      { header: "rating" },
      { header: "rewatch" },
      { header: "tags" },
    ],
    entries.map((entry) => [
      watchedOnLabel(entry.watchedOn),
      paint.dim(String(entry.movie.tmdbId)),
      entry.movie.title,
      String(entry.movie.year ?? ""),
      entry.rating ? ratingLabel(entry.rating) : "",
      entry.rewatch ? "rewatch" : "",
      entry.tags.join(", "),
    ]),
  );
}
