import { parseMovieArgument } from "../movie-argument.cjs";
import { print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { resolveMovie } from "../resolve-movie.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import type { HistoryEntry, Review } from "../types.cjs";

/** Viewings of one film: more than anyone watches a film, fewer than a page of /history can hold. */
const MAX_VIEWINGS = 1_000;

/** A film's details, your viewings of it (date, rewatch, tags), your reviews and your friends' readable ones (and their comments). */
export async function run(input: string, options: GlobalOptions & { year?: number; json?: boolean; spoilers?: boolean }): Promise<void> {
  const api = await connect(options);
  const found = await resolveMovie(api, input, options);
  // Search results lack runtime, director and cast: fetch the details unless the id was given.
  const [movie, reviews, history] = await withSpinner("Fetching details", () =>
    Promise.all([
      parseMovieArgument(input).kind === "id" ? found : api.movie(found.tmdbId),
      api.call<Review[]>("GET", "/reviews", { query: { tmdbId: found.tmdbId, friends: true } }),
      api.call<HistoryEntry[]>("GET", "/history", { query: { tmdbId: found.tmdbId, limit: MAX_VIEWINGS } }),
    ]),
  );
  // The film and its rating are said once, above: a viewing is its date, rewatch, tags and review.
  const viewings = history.map(({ watchedOn, rewatch, tags, review }) => ({ watchedOn, rewatch, tags, review }));
  if (options.json) return printJson({ ...movie, viewings, reviews });
  const { renderMovie } = await loadRenderers();
  const { reviewBlock, viewingLine } = require("../output/reviews.cjs") as typeof import("../output/reviews.cjs");
  const blocks = reviews.map((review) => reviewBlock(review, options.spoilers ?? false));
  print(
    [
      renderMovie(movie),
      ...(viewings.length ? ["", "Your viewings", ...viewings.map(viewingLine)] : []),
      ...(blocks.length ? ["", "Reviews", ...blocks] : []),
    ].join("\n"),
  );
}
