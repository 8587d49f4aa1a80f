import { notice, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { resolveMovie } from "../resolve-movie.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import { ratingArgument, ratingFor } from "./input.cjs";

export async function run(input: string, ratingInput: string | undefined, options: GlobalOptions & { year?: number; json?: boolean }) {
  const given = ratingArgument(ratingInput, options.json);
  const api = await connect(options);
  const movie = await resolveMovie(api, input, options);
  const rating = await ratingFor(movie, given);
  const entry = await withSpinner("Marking it watched", () => api.watched(movie.tmdbId, rating));
  if (options.json) return printJson(entry);
  const { renderRated } = await loadRenderers();
  notice(renderRated(entry, "Watched"));
}
