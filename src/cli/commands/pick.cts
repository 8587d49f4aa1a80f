import { type FilmFilterFlags, filmFilterQuery } from "../film-filters.cjs";
import type { Pick } from "../household-types.cjs";
import { print, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { loadPaint } from "../output/style.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

const loadLists = () => require("./lists.cjs") as typeof import("./lists.cjs");

interface Options extends GlobalOptions, FilmFilterFlags {
  with: string[];
  limit?: number;
  maxRuntime?: number;
  genre?: string;
  from?: string;
  json?: boolean;
}

/** `watchlist pick --with a,b`: films for you and these friends tonight, with what each film means for each of you. */
export async function run(options: Options): Promise<void> {
  const api = await connect(options);
  const from = options.from ? await loadLists().resolveList(api, options.from) : undefined;
  const query = {
    with: options.with.join(","),
    limit: options.limit,
    maxRuntime: options.maxRuntime,
    genre: options.genre,
    from: from ? `${from.owner}/${from.name}` : undefined,
    ...filmFilterQuery(options),
  };
  const picks = await withSpinner("Finding films for all of you", () => api.call<Pick[]>("GET", "/pick", { query }));
  if (options.json) return printJson(picks);
  await loadPaint();
  const { renderPicks } = require("../output/household.cjs") as typeof import("../output/household.cjs");
  print(renderPicks(picks));
}
