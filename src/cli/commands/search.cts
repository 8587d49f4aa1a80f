import type { ApiClient } from "../api-client.cjs";
import { CliError, usageError } from "../errors.cjs";
import { movieLabel } from "../movie-argument.cjs";
import { notice, print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { askPriority, askRating, chooseFrom } from "../prompts.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import { canPrompt } from "../terminal.cjs";
import type { MovieWithState } from "../types.cjs";

interface Options extends GlobalOptions {
  lang?: string;
  year?: number;
  page?: number;
  json?: boolean;
}

export async function run(words: string[], options: Options): Promise<void> {
  const query = words.join(" ").normalize("NFC").trim();
  if (!query) throw usageError("the search text is empty: watchlist search <query>");
  if (!/[\p{L}\p{N}]/u.test(query)) throw usageError(`nothing to search for in '${query}': give a word of the title`);
  const api = await connect(options);
  const page = await withSpinner(`Searching for ${query}`, () =>
    api.search({ q: query, year: options.year, page: options.page, lang: options.lang }),
  );
  if (page.source === "cache") {
    // "No match" would be a lie while TMDB is down: a script must tell it from "no such film" (exit 1, as rate).
    if (!page.results.length) throw new CliError(`TMDB is unreachable and no movie known here matches '${query}': try again later`);
    notice("TMDB is unreachable: these results come from the movies already known here.");
  }
  if (options.json) return printJson(page.results);

  const { renderSearch } = await loadRenderers();
  if (!page.results.length) return notice(`No movie matches '${query}'.`);
  print(renderSearch(page.results));
  if (page.totalPages > page.page) {
    notice(`page ${page.page} of ${page.totalPages} (${page.totalResults} results): --page ${page.page + 1} for more`);
  }
  if (canPrompt()) await offerAction(api, page.results);
}

/** After a search at a terminal: rate or queue one of the results, or nothing. */
async function offerAction(api: ApiClient, results: MovieWithState[]): Promise<void> {
  const { renderRated } = await loadRenderers();
  const movie = await chooseFrom<MovieWithState | null>("Rate or queue one of these?", [
    { name: "No, thanks", value: null },
    ...results.map((result) => ({ name: `${movieLabel(result)}  tmdb:${result.tmdbId}`, value: result })),
  ]);
  if (!movie) return;
  const action = await chooseFrom("What now?", [
    { name: "Rate it", value: "rate" as const },
    ...(movie.myRating ? [] : [{ name: movie.queued ? "Change its queue priority" : "Queue it", value: "queue" as const }]),
  ]);
  if (action === "rate") {
    const rating = await askRating(movie);
    const entry = await withSpinner("Saving your rating", () => api.rate(movie.tmdbId, rating));
    notice(renderRated(entry));
  } else {
    const priority = await askPriority(movie.queued);
    const entry = await withSpinner("Updating your queue", () => api.enqueue(movie.tmdbId, priority));
    notice(`Queued ${movieLabel(movie)} (${entry.priority.toLowerCase()} priority)`);
  }
}
