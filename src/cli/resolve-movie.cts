// Turns a <movie> argument into one movie: an id is exact, a title is searched and ranked; on a TTY a
// person picks among several plausible matches. Off a TTY nothing is guessed between well-known films
// of the same title (contract "Resolution"): that is a usage error naming each; one such film is taken.
import type { ApiClient } from "./api-client.cjs";
import { ApiRequestError } from "./api-client.cjs";
import { CliError, usageError } from "./errors.cjs";
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
  return pickWithoutAsking(input, candidates, { titled, yearGiven: wanted.year !== undefined });
}

/** TMDB's bar for "a film people know" (contract): below it, a namesake does not make a title ambiguous. */
const WELL_KNOWN_VOTES = 100;

/**
 * Off a TTY. When the candidates carry the title asked for and no year was given, two or more
 * well-known ones are refused (a cached result, whose vote count is unknown, counts as known), one is
 * taken. Otherwise (a year given, or no title matching) the best is taken. Either way stderr says which.
 */
function pickWithoutAsking(
  input: string,
  candidates: MovieWithState[],
  { titled, yearGiven }: { titled: boolean; yearGiven: boolean },
): MovieWithState {
  const label = (movie: MovieWithState) => `tmdb:${movie.tmdbId}  ${movieLabel(movie)}`;
  const known = titled && !yearGiven ? candidates.filter((movie) => (movie.voteCount ?? WELL_KNOWN_VOTES) >= WELL_KNOWN_VOTES) : [];
  if (known.length > 1) {
    throw usageError(
      `'${input}' is the title of ${known.length} well-known movies; name one with --year or tmdb:ID:\n${known.map((movie) => `  ${label(movie)}`).join("\n")}`,
    );
  }
  const best = known[0] ?? candidates[0];
  const how = titled ? `matches ${candidates.length} movies` : "matches no title exactly";
  notice(`'${input}' ${how}; using ${movieLabel(best)} (tmdb:${best.tmdbId}). Pass tmdb:ID or --year to pick another.`);
  return best;
}
