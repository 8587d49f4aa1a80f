import { parseMovieArgument } from "../movie-argument.js";
import { print, printJson } from "../output/io.js";
import { withSpinner } from "../output/spinner.js";
import { resolveMovie } from "../resolve-movie.js";
import { connect, type GlobalOptions } from "../session.js";

export async function run(input: string, options: GlobalOptions & { year?: number; json?: boolean }): Promise<void> {
  const api = await connect(options);
  const found = await resolveMovie(api, input, options);
  // Search results lack runtime, director and cast: fetch the details unless the id was given.
  const movie = parseMovieArgument(input).kind === "id" ? found : await withSpinner("Fetching details", () => api.movie(found.tmdbId));
  if (options.json) return printJson(movie);
  const { renderMovie } = await import("../output/render.js");
  print(renderMovie(movie));
}
