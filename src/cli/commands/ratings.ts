import { print, printJson } from "../output/io.js";
import { withSpinner } from "../output/spinner.js";
import { connect, type GlobalOptions } from "../session.js";
import type { Rating } from "../vocabulary.js";

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
  const { renderRatings } = await import("../output/render.js");
  print(renderRatings(entries));
}
