import { usageError } from "../errors.cjs";
import { print, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { loadPaint } from "../output/style.cjs";
import { isRegionCode } from "../region.cjs";
import { resolveMovie } from "../resolve-movie.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import type { WhereAnswer } from "../types.cjs";

interface Options extends GlobalOptions {
  region?: string;
  year?: number;
  json?: boolean;
}

/** `watchlist where <movie>`: where it streams, is free, free with ads, to rent or to buy in a region. */
export async function run(input: string, options: Options): Promise<void> {
  if (options.region !== undefined && !isRegionCode(options.region)) {
    throw usageError(`--region takes a two-letter country code such as GB or US, got '${options.region}'`);
  }
  const api = await connect(options);
  const movie = await resolveMovie(api, input, options);
  const answer = await withSpinner("Looking up where to watch it", () =>
    api.call<WhereAnswer>("GET", `/movies/${movie.tmdbId}/providers`, { query: { region: options.region?.toUpperCase() } }),
  );
  if (options.json) return printJson(answer);
  await loadPaint();
  const { renderWhere } = require("../output/where.cjs") as typeof import("../output/where.cjs");
  print(renderWhere(answer));
}
