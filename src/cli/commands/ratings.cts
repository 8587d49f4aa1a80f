import { print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import type { Rating } from "../vocabulary.cjs";

interface Options extends GlobalOptions {
  rating?: Rating[];
  sort?: string;
  limit?: number;
  json?: boolean;
  of?: string;
}

export async function run(options: Options): Promise<void> {
  const api = await connect(options);
  const whose = options.of === undefined ? "your" : `${options.of}'s`;
  const entries = await withSpinner(`Loading ${whose} ratings`, () =>
    api.ratings({ rating: options.rating?.join(","), sort: options.sort, limit: options.limit, of: options.of }),
  );
  if (options.json) return printJson(entries);
  const { renderRatings } = await loadRenderers();
  print(renderRatings(entries));
}
