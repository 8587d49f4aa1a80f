import { notice, printJson } from "../output/io.js";
import { withSpinner } from "../output/spinner.js";
import { resolveMovie } from "../resolve-movie.js";
import { connect, type GlobalOptions } from "../session.js";
import { ratingArgument, ratingFor } from "./input.js";

export async function run(input: string, ratingInput: string | undefined, options: GlobalOptions & { year?: number; json?: boolean }) {
  const given = ratingArgument(ratingInput, options.json);
  const api = await connect(options);
  const movie = await resolveMovie(api, input, options);
  const rating = await ratingFor(movie, given);
  const entry = await withSpinner("Saving your rating", () => api.rate(movie.tmdbId, rating));
  if (options.json) return printJson(entry);
  const { renderRated } = await import("../output/render.js");
  notice(renderRated(entry));
}
