import { sayNextPage } from "../next-page.cjs";
import { print, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { loadPaint } from "../output/style.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

interface Options extends GlobalOptions {
  year?: number;
  limit?: number;
  cursor?: string;
  json?: boolean;
  of?: string;
  tag?: string;
}

/** Viewings, newest first (undated ones last): yours, or another member's as their visibility allows. */
export async function run(options: Options): Promise<void> {
  const api = await connect(options);
  const whose = options.of === undefined ? "your" : `${options.of}'s`;
  const { items: entries, next } = await withSpinner(`Loading ${whose} history`, () =>
    api.history({ year: options.year, limit: options.limit, cursor: options.cursor, of: options.of, tag: options.tag }),
  );
  if (options.json) printJson(entries);
  else {
    await loadPaint();
    const { renderHistory } = require("../output/history.cjs") as typeof import("../output/history.cjs");
    print(renderHistory(entries, options.year));
  }
  sayNextPage(next);
}
