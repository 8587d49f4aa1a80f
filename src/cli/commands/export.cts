import { writeFileSync } from "node:fs";
import { CliError, fileErrorReason } from "../errors.cjs";
import { notice } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import type { ExportDocument } from "../types.cjs";

interface Options extends GlobalOptions {
  json?: boolean;
  csv?: boolean;
  output?: string;
}

export async function run(options: Options): Promise<void> {
  const doc = await withSpinner("Exporting", async () => (await connect(options)).exportAccount());
  // JSON unless CSV is asked for, by flag or by the output file's name.
  const csv = options.csv || (!options.json && /\.csv$/i.test(options.output ?? ""));
  const text = csv ? await toCsv(doc) : `${JSON.stringify(doc, null, 2)}\n`;
  if (!options.output || options.output === "-") {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(options.output, text);
  } catch (error) {
    throw new CliError(`cannot write ${options.output}: ${fileErrorReason(error)}`);
  }
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  notice(
    `Exported ${count(doc.ratings.length, "rating", "ratings")} and ${count(doc.watchlist.length, "watchlist entry", "watchlist entries")} to ${options.output}`,
  );
}

/** One row per rating or watchlist entry; the columns that do not apply stay empty. */
export async function toCsv(doc: ExportDocument): Promise<string> {
  const { stringify } = require("csv-stringify/sync") as typeof import("csv-stringify/sync");
  const rows = [
    ...doc.ratings.map((r) => ({
      list: "ratings",
      tmdbId: r.tmdbId,
      title: r.title,
      year: r.year,
      rating: r.rating,
      watched: r.watched,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    })),
    ...doc.watchlist.map((w) => ({
      list: "watchlist",
      tmdbId: w.tmdbId,
      title: w.title,
      year: w.year,
      priority: w.priority,
      addedAt: w.addedAt,
    })),
  ];
  const columns = ["list", "tmdbId", "title", "year", "rating", "watched", "priority", "createdAt", "updatedAt", "addedAt"];
  return stringify(rows, { header: true, columns, cast: { boolean: (value) => String(value) } });
}
