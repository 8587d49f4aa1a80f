import { ApiRequestError } from "../api-client.cjs";
import { CliError } from "../errors.cjs";
import { movieLabel } from "../movie-argument.cjs";
import { notice, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { resolveMovie } from "../resolve-movie.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

export async function run(input: string, options: GlobalOptions & { year?: number; json?: boolean }): Promise<void> {
  const api = await connect(options);
  const movie = await resolveMovie(api, input, options);
  const label = movieLabel(movie);
  try {
    await withSpinner("Removing it from your queue", () => api.unqueue(movie.tmdbId));
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 404) throw new CliError(`${label} is not in your queue`);
    throw error;
  }
  if (options.json) return printJson({ tmdbId: movie.tmdbId, title: movie.title, year: movie.year, removed: true });
  notice(`Removed ${label} from your queue`);
}
