import { ApiRequestError } from "../api-client.cjs";
import { CliError } from "../errors.cjs";
import { movieLabel } from "../movie-argument.cjs";
import { notice, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { loadPaint } from "../output/style.cjs";
import { resolveMovie } from "../resolve-movie.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import { canPrompt } from "../terminal.cjs";
import { type Rating, ratingOrUsageError } from "../vocabulary.cjs";
import { localToday } from "../watch-date.cjs";
import { ratingFor } from "./input.cjs";

interface Options extends GlobalOptions {
  year?: number;
  json?: boolean;
  /** YYYY-MM-DD, checked by the option's parser. */
  on?: string;
  /** --tag, repeatable. */
  tag?: string[];
  /** --rewatch: another viewing on a day the film already has one is meant. */
  rewatch?: boolean;
}

/**
 * Records a viewing (a rewatch when the film has one already), rates it when a rating is given and
 * takes it off the queue. Without a rating: asked at a terminal for a film not rated yet; otherwise
 * (a rated film, or no terminal) the viewing alone is recorded and the rating kept.
 */
export async function run(input: string, ratingInput: string | undefined, options: Options) {
  const given = ratingInput === undefined ? undefined : ratingOrUsageError(ratingInput);
  const api = await connect(options);
  const movie = await resolveMovie(api, input, options);
  let rating: Rating | undefined = given;
  if (!rating && !movie.myRating && canPrompt(options.json)) rating = await ratingFor(movie, undefined);
  // The person's own today (their timezone), not the server's.
  const watchedOn = options.on ?? localToday();
  let entry: Awaited<ReturnType<typeof api.watched>>;
  try {
    entry = await withSpinner("Marking it watched", () =>
      api.watched(movie.tmdbId, { rating, watchedOn, tags: options.tag, rewatch: options.rewatch || undefined }),
    );
  } catch (error) {
    if (error instanceof ApiRequestError && error.code === "same_day_viewing")
      throw new CliError(`you already recorded ${movieLabel(movie)} on ${watchedOn}; --rewatch to record another viewing that day`);
    throw error;
  }
  if (options.json) return printJson(entry);
  await loadPaint();
  const { renderWatched } = require("../output/history.cjs") as typeof import("../output/history.cjs");
  notice(renderWatched(entry));
}
