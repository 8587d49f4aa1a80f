import { ApiRequestError } from "../api-client.js";
import { CliError } from "../errors.js";
import { notice, printJson } from "../output/io.js";
import { withSpinner } from "../output/spinner.js";
import { resolveMovie } from "../resolve-movie.js";
import { connect, type GlobalOptions } from "../session.js";

export async function run(input: string, options: GlobalOptions & { year?: number; json?: boolean }): Promise<void> {
  const api = await connect(options);
  const movie = await resolveMovie(api, input, options);
  const label = movie.year ? `${movie.title} (${movie.year})` : movie.title;
  try {
    await withSpinner("Removing your rating", () => api.unrate(movie.tmdbId));
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 404) throw new CliError(`you have not rated ${label}`);
    throw error;
  }
  if (options.json) return printJson({ tmdbId: movie.tmdbId, title: movie.title, year: movie.year, removed: true });
  notice(`Removed your rating of ${label}`);
}
