// `watchlist import` for a person: the counts, then every row skipped, not matched or unreadable.
import type { ImportReport } from "../types.cjs";
import { RATING_NAME, RATINGS, type Rating } from "../vocabulary.cjs";
import { paint } from "./style.cjs";

type Updated = ImportReport["updated"][number];

const lower = (to: string, from: string) => RATINGS.indexOf(to as Rating) < RATINGS.indexOf(from as Rating);
const levelName = (row: Updated, value: string) =>
  row.list === "ratings" ? RATING_NAME[value as Rating].toLowerCase() : `${value.toLowerCase()} priority`;

/** "rating like → ok", "rating like, date changed", "queue medium priority → high priority". */
function updateText(row: Updated): string {
  const what = row.list === "ratings" ? "rating" : "queue";
  const others = row.fields.filter((field) => field !== "rating" && field !== "priority");
  const rest = others.length ? ` (${others.map((field) => FIELD_NAMES[field] ?? field).join(", ")} changed)` : "";
  if (row.from === row.to) return `${what} ${levelName(row, row.to)}${rest}`;
  return `${what} ${levelName(row, row.from)} → ${levelName(row, row.to)}${rest}`;
}

const FIELD_NAMES: Record<string, string> = { createdAt: "date", updatedAt: "last change", addedAt: "date", watched: "watched" };

const counts = (label: string, c: ImportReport["ratings"]) => `${label}: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged`;
const film = (title: string, year: number | null) => (year === null ? title : `${title} (${year})`);

export function renderImportReport(report: ImportReport, description: string): string {
  const lines = [
    report.dryRun ? paint.yellow(`Dry run of ${description}: nothing was changed.`) : `Imported ${description}.`,
    counts("ratings", report.ratings),
    counts("watchlist", report.watchlist),
    counts("history", report.history),
  ];
  if (report.lists.added + report.lists.updated + report.lists.unchanged > 0) {
    lines.push(
      `${counts("lists", report.lists)} (films in them: ${report.listEntries.added} added, ${report.listEntries.updated} updated, ${report.listEntries.unchanged} unchanged)`,
    );
  }
  // Reviews, tags and the profile: only when the file brought any.
  for (const [label, c] of [
    ["reviews", report.reviews],
    ["tags", report.tags],
    ["profile fields", report.profile],
  ] as const) {
    if (c.added + c.updated + c.unchanged > 0) lines.push(counts(label, c));
  }
  if (report.updated.length) {
    const downgrades = report.updated.filter((row) => row.list === "ratings" && lower(row.to, row.from)).length;
    const note = downgrades ? ` (${downgrades} rating${downgrades === 1 ? "" : "s"} lowered)` : "";
    lines.push(paint.yellow(`${report.dryRun ? "Would update" : "Updated"} ${report.updated.length}${note}:`));
    for (const row of report.updated) lines.push(`  ${film(row.title, row.year)}: ${updateText(row)}`);
  }
  if (report.skipped.length) {
    lines.push(paint.yellow(`Skipped ${report.skipped.length}:`));
    for (const row of report.skipped) lines.push(`  ${film(row.title, row.year)}: ${row.reason}`);
  }
  if (report.unmatched.length) {
    lines.push(paint.yellow(`Not matched ${report.unmatched.length} (in ${report.unmatchedFile}):`));
    for (const row of report.unmatched) lines.push(`  ${film(row.title, row.year)}, ${row.source}`);
  }
  if (report.notImported.length) {
    lines.push(paint.dim(`Not imported ${report.notImported.length}:`));
    for (const row of report.notImported) lines.push(`  ${row.source}: ${row.reason}`);
  }
  if (report.unreadable.length) {
    lines.push(paint.red(`Unreadable ${report.unreadable.length}:`));
    for (const row of report.unreadable) lines.push(`  ${row.source}: ${row.reason}`);
  }
  return lines.join("\n");
}
