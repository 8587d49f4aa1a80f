import { parseMovieArgument } from "../movie-argument.cjs";
import { print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { resolveMovie } from "../resolve-movie.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

export async function run(input: string, options: GlobalOptions & { year?: number; json?: boolean }): Promise<void> {
  const api = await connect(options);
  const found = await resolveMovie(api, input, options);
  // Search results lack runtime, director and cast: fetch the details unless the id was given.
  const movie = parseMovieArgument(input).kind === "id" ? found : await withSpinner("Fetching details", () => api.movie(found.tmdbId));
  if (options.json) return printJson(movie);
  const { renderMovie } = await loadRenderers();
  print(renderMovie(movie));
}
