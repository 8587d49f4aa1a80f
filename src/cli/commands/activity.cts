import { sayNextPage } from "../next-page.cjs";
import { print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import type { ActivityEntry } from "../types.cjs";

/** `watchlist activity`: a page of changes, newest first, each with what it did; the next page's cursor on stderr. */
export async function run(options: GlobalOptions & { limit?: number; cursor?: string; json?: boolean }): Promise<void> {
  const api = await connect(options);
  const { items: entries, next } = await withSpinner("Loading your activity", () =>
    api.page<ActivityEntry>("/activity", { limit: options.limit, cursor: options.cursor }),
  );
  if (options.json) printJson(entries);
  else print((await loadRenderers()).renderActivity(entries));
  sayNextPage(next);
}
