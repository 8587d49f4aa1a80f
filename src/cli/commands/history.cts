import { print, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { loadPaint } from "../output/style.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

interface Options extends GlobalOptions {
  year?: number;
  limit?: number;
  json?: boolean;
}

/** Viewings, newest first (undated ones last). */
export async function run(options: Options): Promise<void> {
  const api = await connect(options);
  const entries = await withSpinner("Loading your history", () => api.history({ year: options.year, limit: options.limit }));
  if (options.json) return printJson(entries);
  await loadPaint();
  const { renderHistory } = require("../output/history.cjs") as typeof import("../output/history.cjs");
  print(renderHistory(entries, options.year));
}
