import type { ApiClient } from "../api-client.cjs";
import { ApiRequestError } from "../api-client.cjs";
import { CliError } from "../errors.cjs";
import { type FilmFilterFlags, filmFilterQuery } from "../film-filters.cjs";
import { movieLabel } from "../movie-argument.cjs";
import { notice, print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { askPriority, chooseFrom } from "../prompts.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import { canPrompt } from "../terminal.cjs";
import type { Movie, Recommendation } from "../types.cjs";

export async function run(options: GlobalOptions & FilmFilterFlags & { limit?: number; genre?: string; json?: boolean }): Promise<void> {
  const api = await connect(options);
  let recommendations: Awaited<ReturnType<typeof api.recommendations>>;
  try {
    recommendations = await withSpinner("Finding movies for you", () =>
      api.recommendations({ limit: options.limit, genre: options.genre, ...filmFilterQuery(options) }),
    );
  } catch (error) {
    // An API older than recommendations answers "no route".
    if (error instanceof ApiRequestError && error.status === 404 && /no route/.test(error.message)) {
      throw new CliError("recommendations are not available yet on this API");
    }
    throw error;
  }
  if (options.json) return printJson(recommendations);
  const { renderRecommendations } = await loadRenderers();
  // Nothing to show: "rate a few movies first" only to someone who has not liked any.
  const liked = recommendations.length ? 0 : await likedCount(api);
  print(renderRecommendations(recommendations, options.genre, liked));
  if (recommendations.length && canPrompt()) await offerToQueue(api, recommendations);
}

async function likedCount(api: ApiClient): Promise<number> {
  const { ratings } = await api.stats();
  return ratings.LIKE + ratings.SUPER_LIKE;
}

/** At a terminal: put one of the recommendations on the watchlist, or nothing. */
async function offerToQueue(api: ApiClient, recommendations: Recommendation[]): Promise<void> {
  const movie = await chooseFrom<Movie | null>("Queue one of these?", [
    { name: "No, thanks", value: null },
    ...recommendations.map(({ movie }) => ({ name: `${movieLabel(movie)}  tmdb:${movie.tmdbId}`, value: movie })),
  ]);
  if (!movie) return;
  const priority = await askPriority();
  const entry = await withSpinner("Updating your queue", () => api.enqueue(movie.tmdbId, priority));
  notice(`Queued ${movieLabel(movie)} (${entry.priority.toLowerCase()} priority)`);
}
