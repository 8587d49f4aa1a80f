import { parseMovieArgument } from "../movie-argument.cjs";
import { print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { resolveMovie } from "../resolve-movie.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import type { Review } from "../types.cjs";

/** A film's details, with your reviews and your friends' readable ones (and their comments). */
export async function run(input: string, options: GlobalOptions & { year?: number; json?: boolean; spoilers?: boolean }): Promise<void> {
  const api = await connect(options);
  const found = await resolveMovie(api, input, options);
  // Search results lack runtime, director and cast: fetch the details unless the id was given.
  const [movie, reviews] = await withSpinner("Fetching details", () =>
    Promise.all([
      parseMovieArgument(input).kind === "id" ? found : api.movie(found.tmdbId),
      api.call<Review[]>("GET", "/reviews", { query: { tmdbId: found.tmdbId, friends: true } }),
    ]),
  );
  if (options.json) return printJson({ ...movie, reviews });
  const { renderMovie } = await loadRenderers();
  const { reviewBlock } = require("../output/reviews.cjs") as typeof import("../output/reviews.cjs");
  const blocks = reviews.map((review) => reviewBlock(review, options.spoilers ?? false));
  print([renderMovie(movie), ...(blocks.length ? ["", "Reviews", ...blocks] : [])].join("\n"));
}
