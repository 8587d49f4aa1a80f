// Human renderings of the API's answers; each returns a string, the commands print it.

import { movieLabel } from "../movie-argument.cjs";
import type {
  ActivityEntry,
  MovieWithState,
  QueueEntry,
  RatedEntry,
  RatingEntry,
  Recommendation,
  Stats,
  UndoAnswer,
  User,
} from "../types.cjs";
import { PRIORITIES, type Priority, RATINGS, type Rating, ratingLabel } from "../vocabulary.cjs";
import { activitySummary } from "./activity.cjs";
import { paint } from "./style.cjs";
import { renderTable } from "./table.cjs";

const day = (iso: string) => iso.slice(0, 10);

const PRIORITY_PAINT: Record<Priority, (text: string) => string> = {
  HIGH: (text) => paint.red(text),
  MEDIUM: (text) => paint.yellow(text),
  LOW: (text) => paint.dim(text),
};

export const priorityLabel = (priority: Priority) => PRIORITY_PAINT[priority](priority.toLowerCase());

function stateLabel(movie: MovieWithState): string {
  if (movie.myRating) return ratingLabel(movie.myRating);
  if (movie.queued) return `queued (${priorityLabel(movie.queued)})`;
  return "";
}

export function renderSearch(results: MovieWithState[]): string {
  return renderTable(
    [{ header: "id", align: "right" }, { header: "title", flexible: true }, { header: "year" }, { header: "you" }],
    results.map((movie) => [paint.dim(String(movie.tmdbId)), movie.title, String(movie.year ?? ""), stateLabel(movie)]),
  );
}

export function renderMovie(movie: MovieWithState): string {
  const line = (label: string, value: string | null | undefined) => (value ? `${paint.dim(label.padEnd(10))}${value}` : undefined);
  const cast = movie.cast.slice(0, 5).map((member) => (member.character ? `${member.name} (${member.character})` : member.name));
  const lines = [
    `${paint.bold(movieLabel(movie))}  ${paint.dim(`tmdb:${movie.tmdbId}`)}`,
    line("runtime", movie.runtime ? `${movie.runtime} min` : null),
    line("genres", movie.genres.map((genre) => genre.name).join(", ")),
    line("director", movie.director),
    line("cast", cast.join(", ")),
    line(
      "you",
      movie.myRating
        ? ratingLabel(movie.myRating)
        : movie.queued
          ? `in your queue, ${priorityLabel(movie.queued)} priority`
          : "not rated, not queued",
    ),
    movie.overview ? `\n${movie.overview}` : undefined,
  ];
  return lines.filter((text) => text !== undefined).join("\n");
}

export function renderRatings(entries: RatingEntry[]): string {
  return renderTable(
    [{ header: "id", align: "right" }, { header: "title", flexible: true }, { header: "year" }, { header: "rating" }, { header: "rated" }],
    entries.map((entry) => [
      paint.dim(String(entry.movie.tmdbId)),
      entry.movie.title,
      String(entry.movie.year ?? ""),
      ratingLabel(entry.rating),
      day(entry.updatedAt),
    ]),
    { empty: "No ratings yet: rate a movie with `watchlist rate <movie> <rating>`." },
  );
}

export function renderQueue(entries: QueueEntry[]): string {
  return renderTable(
    [
      { header: "id", align: "right" },
      { header: "title", flexible: true },
      { header: "year" },
      { header: "priority" },
      { header: "added" },
    ],
    entries.map((entry) => [
      paint.dim(String(entry.movie.tmdbId)),
      entry.movie.title,
      String(entry.movie.year ?? ""),
      priorityLabel(entry.priority),
      day(entry.addedAt),
    ]),
    { empty: "Your queue is empty: add a movie with `watchlist queue <movie>`." },
  );
}

/** `liked`: how many films the person rated 👍 or ❤️ (asked only when there is nothing to show). */
export function renderRecommendations(recommendations: Recommendation[], genre?: string, liked = 0): string {
  const empty = genre
    ? `No recommendations in ${genre} yet; try without --genre or rate more ${genre} movies.`
    : liked > 0
      ? `Nothing new to recommend: the films your ${liked} liked ${liked === 1 ? "movie leads" : "movies lead"} to are rated, watched or queued already. ` +
        "Each call looks up more of them on TMDB: try again in a while, or rate more movies."
      : 'No recommendations yet: rate a few movies you liked first, e.g. `watchlist rate "Inception" super-like` — recommendations grow from your 👍 and ❤️ ratings.';
  return renderTable(
    [
      { header: "id", align: "right" },
      { header: "title" },
      { header: "year" },
      { header: "score", align: "right" },
      { header: "why", flexible: true },
    ],
    recommendations.map((item) => [
      paint.dim(String(item.movie.tmdbId)),
      item.movie.title,
      String(item.movie.year ?? ""),
      item.score.toFixed(1),
      // A caution ("But it's Horror, and you disliked …") reads as one, not as a reason.
      item.reasons.map((reason) => (/^but /i.test(reason) ? paint.yellow(reason) : reason)).join("\n"),
    ]),
    { empty },
  );
}

const BAR_WIDTH = 24;
const SPARKS = "▁▂▃▄▅▆▇█";

/** A horizontal bar of `value` out of `max`, at least one block for a non-zero value. */
export function bar(value: number, max: number, width = BAR_WIDTH): string {
  if (value <= 0 || max <= 0) return "";
  return "█".repeat(Math.max(1, Math.round((value / max) * width)));
}

/** One character per value, ▁ for the smallest, █ for the largest. */
export function sparkline(values: number[]): string {
  const max = Math.max(...values, 0);
  return values.map((value) => (max === 0 ? SPARKS[0] : SPARKS[Math.round((value / max) * (SPARKS.length - 1))])).join("");
}

/** The longest sparkline drawn: a longer history is summed by quarter, then by year. */
export const SPARKLINE_MAX = 36;

/** Months ("2024-05") summed into the finest periods that fit SPARKLINE_MAX characters, oldest first. */
export function ratingPeriods(months: { month: string; count: number }[]): {
  unit: "month" | "quarter" | "year";
  periods: { label: string; count: number }[];
} {
  const units = [
    { unit: "month" as const, label: (month: string) => month },
    { unit: "quarter" as const, label: (month: string) => `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}` },
    { unit: "year" as const, label: (month: string) => month.slice(0, 4) },
  ];
  let result = { unit: "month" as "month" | "quarter" | "year", periods: [] as { label: string; count: number }[] };
  for (const { unit, label } of units) {
    const periods: { label: string; count: number }[] = [];
    for (const { month, count } of months) {
      const name = label(month);
      if (periods.at(-1)?.label === name) periods.at(-1)!.count += count;
      else periods.push({ label: name, count });
    }
    result = { unit, periods };
    if (periods.length <= SPARKLINE_MAX) break;
  }
  return result;
}

const signed = (weight: number) => `${weight > 0 ? "+" : ""}${weight.toFixed(2)}`;

/** Names for codes in English ("ko" → "Korean", "GB" → "United Kingdom"); the code itself when Intl has none. */
const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });
const countryNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
const nameOf = (names: Intl.DisplayNames, code: string) => {
  if (names === languageNames && code === "cn") return "Cantonese"; // TMDB's own code for it
  try {
    return names.of(code) ?? code;
  } catch {
    return code; // not a well-formed code
  }
};
/** Bar labels stay in one column: a longer name is cut. */
const LABEL_WIDTH = 24;
const labelled = (label: string) => (label.length > LABEL_WIDTH - 1 ? `${label.slice(0, LABEL_WIDTH - 2)}…` : label);

export function renderStats(stats: Stats): string {
  const heading = (text: string) => paint.bold(text);
  const rows = (entries: [label: string, count: number][]) => {
    const max = Math.max(...entries.map(([, count]) => count));
    const width = Math.max(14, ...entries.map(([label]) => labelled(label).length + 1));
    return entries.map(([label, count]) =>
      `  ${labelled(label).padEnd(width)}${String(count).padStart(5)}  ${paint.cyan(bar(count, max))}`.trimEnd(),
    );
  };
  const lines = [
    heading("Ratings"),
    ...rows(RATINGS.map((rating: Rating) => [ratingLabel(rating), stats.ratings[rating] ?? 0])),
    heading("Queue"),
    ...rows([...PRIORITIES].reverse().map((priority) => [priority.toLowerCase(), stats.queue[priority] ?? 0])),
  ];
  for (const [title, list] of [
    ["Top genres", stats.topGenres],
    ["Top directors", stats.topDirectors],
  ] as const) {
    if (!list?.length) continue;
    lines.push(heading(title));
    for (const item of list.slice(0, 5)) {
      const average = typeof item.averageWeight === "number" ? `  average ${signed(item.averageWeight)}` : "";
      lines.push(`  ${item.name.padEnd(24)}${String(item.count).padStart(4)} rated${average}`);
    }
  }
  for (const [title, list, names] of [
    ["Original languages", stats.topLanguages, languageNames],
    ["Production countries", stats.topCountries, countryNames],
  ] as const) {
    if (!list?.length) continue;
    lines.push(heading(title), ...rows(list.map(({ code, count }) => [nameOf(names, code), count])));
  }
  if (stats.decades?.length) lines.push(heading("Decades"), ...rows(stats.decades.map(({ decade, count }) => [`${decade}s`, count])));
  if (typeof stats.hoursWatched === "number") lines.push(`${heading("Hours watched")}  ${stats.hoursWatched.toFixed(1)}`);
  const { unit, periods } = ratingPeriods(stats.ratingsPerMonth ?? []);
  if (periods.length) {
    const span = periods.length > 1 ? `${periods[0].label} … ${periods[periods.length - 1].label}` : periods[0].label;
    lines.push(`${heading(`Ratings per ${unit}`)}  ${paint.cyan(sparkline(periods.map((p) => p.count)))}  ${paint.dim(span)}`);
  }
  return lines.join("\n");
}

export function renderUser(user: User): string {
  return `${paint.bold(user.username)} <${user.email}>`;
}

/** "Rated Inception (2010) ❤️ Super like — removed from your queue" */
export function renderRated(entry: RatedEntry, verb = "Rated"): string {
  const queueNote = entry.removedFromQueue ? " — removed from your queue" : "";
  return `${verb} ${paint.bold(movieLabel(entry.movie))} ${ratingLabel(entry.rating)}${queueNote}`;
}

const ACTIVITY_VERBS: Record<string, string> = {
  rate: "rated",
  unrate: "removed the rating of",
  queue: "queued",
  unqueue: "took off the queue",
  watched: "watched",
  import: "imported",
  friend: "added as a friend:",
  unfriend: "removed from your friends:",
  block: "blocked",
  unblock: "unblocked",
  undo: "undid",
};

/** "rated Inception (2010)", "added as a friend: wl2", "imported 12 changes" */
function describeActivity(entry: ActivityEntry): string {
  const verb = ACTIVITY_VERBS[entry.action] ?? entry.action;
  if (entry.movie) return `${verb} ${movieLabel(entry.movie)}`;
  if (entry.detail) return `${verb} ${entry.detail}`;
  return entry.action === "import" ? `${verb} ${entry.changes} change${entry.changes === 1 ? "" : "s"}` : verb;
}

export function renderActivity(entries: ActivityEntry[]): string {
  if (!entries.length) return paint.dim("Nothing yet: your ratings, queue changes and imports will show here.");
  return renderTable(
    [{ header: "when" }, { header: "what" }, { header: "detail", flexible: true }, { header: "undone" }],
    entries.map((entry) => [
      paint.dim(entry.at.slice(0, 16).replace("T", " ")),
      describeActivity(entry),
      activitySummary(entry.effect),
      entry.undone ? paint.dim("undone") : entry.undoRefused ? paint.dim("cannot undo") : "",
    ]),
  );
}

/** "Undid: rated Inception (2010)" */
export function renderUndo(answer: UndoAnswer): string {
  return `Undid: ${describeActivity(answer.undone)}`;
}
