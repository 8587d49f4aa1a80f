import { ApiRequestError } from "../api-client.cjs";
import { CliError, usageError } from "../errors.cjs";
import { type FilmFilterFlags, filmFilterQuery } from "../film-filters.cjs";
import { movieLabel } from "../movie-argument.cjs";
import { sayNextPage } from "../next-page.cjs";
import { notice, print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { resolveMovie } from "../resolve-movie.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import { type Priority, ratingLabel } from "../vocabulary.cjs";

interface Options extends GlobalOptions, FilmFilterFlags {
  priority?: Priority;
  sort?: string;
  limit?: number;
  cursor?: string;
  year?: number;
  json?: boolean;
  of?: string;
}

export async function run(input: string | undefined, options: Options): Promise<void> {
  if (options.of !== undefined && input !== undefined) throw usageError("--of lists a friend's queue: give no movie with it");
  if ((options.limit !== undefined || options.cursor !== undefined) && input !== undefined)
    throw usageError("--limit and --cursor page the list: give no movie with them");
  const api = await connect(options);
  if (options.of !== undefined) {
    const { friendQueue } = require("./friends.cjs") as typeof import("./friends.cjs");
    return friendQueue(api, options.of, options);
  }
  if (input === undefined) return list(api, options);

  const movie = await resolveMovie(api, input, options);
  const label = movieLabel(movie);
  let entry: Awaited<ReturnType<typeof api.enqueue>>;
  try {
    entry = await withSpinner("Updating your queue", () => api.enqueue(movie.tmdbId, options.priority));
  } catch (error) {
    if (error instanceof ApiRequestError && error.code === "already_rated") {
      const rated = movie.myRating ? ` ${ratingLabel(movie.myRating)}` : "";
      throw new CliError(`${label} is already rated${rated}; a rated movie is not queued (\`watchlist unrate\` it first)`);
    }
    throw error;
  }
  if (options.json) return printJson(entry);
  const priority = entry.priority.toLowerCase();
  if (!movie.queued) notice(`Queued ${label} (${priority} priority)`);
  else if (movie.queued !== entry.priority) notice(`Moved ${label} to ${priority} priority (was ${movie.queued.toLowerCase()})`);
  else notice(`${label} is already in your queue (${priority} priority)`);
}

async function list(api: Awaited<ReturnType<typeof connect>>, options: Options): Promise<void> {
  const { items: entries, next } = await withSpinner("Loading your queue", () =>
    api.queue({
      priority: options.priority,
      sort: options.sort,
      limit: options.limit,
      cursor: options.cursor,
      ...filmFilterQuery(options),
    }),
  );
  if (options.json) printJson(entries);
  else print((await loadRenderers()).renderQueue(entries));
  sayNextPage(next);
}
