// Turns a <movie> argument into one movie: an id is exact, a title is searched and ranked; on a TTY a
// person picks among several plausible matches, otherwise the best is taken and named on stderr.
import type { ApiClient } from "./api-client.cjs";
import { ApiRequestError } from "./api-client.cjs";
import { CliError } from "./errors.cjs";
import { movieLabel, parseMovieArgument, plausibleMatches, rankMatches, titleMatch } from "./movie-argument.cjs";
import { notice } from "./output/io.cjs";
import { withSpinner } from "./output/spinner.cjs";
import { chooseFrom } from "./prompts.cjs";
import { canPrompt } from "./terminal.cjs";
import type { MovieWithState } from "./types.cjs";

export interface ResolveOptions {
  year?: number;
  /** --json: never ask. */
  json?: boolean;
}

export async function resolveMovie(api: ApiClient, input: string, options: ResolveOptions = {}): Promise<MovieWithState> {
  const wanted = parseMovieArgument(input, options.year);
  if (wanted.kind === "id") {
    try {
      return await withSpinner(`Looking up tmdb:${wanted.tmdbId}`, () => api.movie(wanted.tmdbId));
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 404) throw new CliError(`no movie has the id tmdb:${wanted.tmdbId}`);
      throw error;
    }
  }

  const page = await withSpinner(`Searching for ${input}`, () => api.search({ q: wanted.title, year: wanted.year }));
  const ranked = rankMatches(page.results, wanted);
  if (!ranked.length) throw new CliError(`no movie matches '${input}'${wanted.year ? "" : " (check the spelling, or try tmdb:ID)"}`);
  const titled = titleMatch(ranked[0], wanted.title) > 0;
  // The cache knows few movies: a title that merely contains the words is a guess too far to write to.
  if (page.source === "cache" && !titled) {
    throw new CliError(`TMDB is unreachable and no movie known here is titled '${wanted.title}': try again later, or give tmdb:ID`);
  }
  if (page.source === "cache") notice("TMDB is unreachable: matching against the movies already known here.");
  const candidates = plausibleMatches(ranked, wanted);
  if (candidates.length === 1 && titled) return candidates[0];

  if (canPrompt(options.json)) {
    return chooseFrom(
      `Several movies match '${input}'; which one?`,
      candidates.slice(0, 15).map((movie) => ({
        name: `${movieLabel(movie)}  tmdb:${movie.tmdbId}`,
        value: movie,
        description: movie.overview ?? undefined,
      })),
    );
  }
  const best = candidates[0];
  const how = titled ? `matches ${candidates.length} movies` : "matches no title exactly";
  notice(`'${input}' ${how}; using ${movieLabel(best)} (tmdb:${best.tmdbId}). Pass tmdb:ID or --year to pick another.`);
  return best;
}
