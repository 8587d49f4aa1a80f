import { sayNextPage } from "../next-page.cjs";
import { print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import type { Rating } from "../vocabulary.cjs";

interface Options extends GlobalOptions {
  rating?: Rating[];
  sort?: string;
  limit?: number;
  cursor?: string;
  json?: boolean;
  of?: string;
}

export async function run(options: Options): Promise<void> {
  const api = await connect(options);
  const whose = options.of === undefined ? "your" : `${options.of}'s`;
  const { items: entries, next } = await withSpinner(`Loading ${whose} ratings`, () =>
    api.ratings({ rating: options.rating?.join(","), sort: options.sort, limit: options.limit, cursor: options.cursor, of: options.of }),
  );
  if (options.json) printJson(entries);
  else print((await loadRenderers()).renderRatings(entries));
  sayNextPage(next);
}
