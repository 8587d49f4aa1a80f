// `watchlist import` for a person: the counts, then every row skipped, not matched or unreadable.
import type { ImportReport } from "../types.cjs";
import { paint } from "./style.cjs";

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
