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
}

export async function run(options: Options): Promise<void> {
  const api = await connect(options);
  const entries = await withSpinner("Loading your ratings", () =>
    api.ratings({ rating: options.rating?.join(","), sort: options.sort, limit: options.limit }),
  );
  if (options.json) return printJson(entries);
  const { renderRatings } = await loadRenderers();
  print(renderRatings(entries));
}
