import { CliError } from "../errors.cjs";
import type { InboxEntry, SentSuggestion } from "../household-types.cjs";
import { movieLabel, parseMovieArgument, titleMatch } from "../movie-argument.cjs";
import { sayNextPage } from "../next-page.cjs";
import { notice, print, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { loadPaint } from "../output/style.cjs";
import { resolveMovie } from "../resolve-movie.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

interface Options extends GlobalOptions {
  json?: boolean;
}

/** `watchlist suggest <movie> --to <friend> [--note TEXT]`. */
export async function run(input: string, options: Options & { to: string; note?: string; year?: number }): Promise<void> {
  const api = await connect(options);
  const movie = await resolveMovie(api, input, options);
  const sent = await withSpinner("Suggesting", () =>
    api.call<SentSuggestion>("POST", "/suggestions", { body: { tmdbId: movie.tmdbId, to: options.to, note: options.note } }),
  );
  if (options.json) return printJson(sent);
  notice(`Suggested ${movieLabel(sent.movie)} to ${sent.to}`);
}

/** `watchlist inbox`: what friends suggested to you, newest first. */
export async function inbox(options: Options & { limit?: number; cursor?: string }): Promise<void> {
  const api = await connect(options);
  const { items: entries, next } = await withSpinner("Loading your inbox", () =>
    api.page<InboxEntry>("/suggestions", { limit: options.limit, cursor: options.cursor }),
  );
  if (options.json) printJson(entries);
  else {
    await loadPaint();
    const { renderInbox } = require("../output/household.cjs") as typeof import("../output/household.cjs");
    print(renderInbox(entries));
  }
  sayNextPage(next);
}

/** The whole inbox, a page at a time. */
async function wholeInbox(api: Awaited<ReturnType<typeof connect>>): Promise<InboxEntry[]> {
  const entries: InboxEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.page<InboxEntry>("/suggestions", { limit: 1000, cursor });
    entries.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return entries;
}

/**
 * `watchlist inbox dismiss <movie> [--from USER]`: the suggestion leaves the inbox and stops raising
 * the film in `recommend`; without --from, every friend's suggestion of it. A title is looked up in the
 * inbox itself (not TMDB): what is dismissed is always a film that is there.
 */
export async function dismiss(input: string, options: Options & { from?: string; year?: number }): Promise<void> {
  const wanted = parseMovieArgument(input, options.year);
  const api = await connect(options);
  let tmdbId: number;
  let label = input;
  if (wanted.kind === "id") {
    tmdbId = wanted.tmdbId;
  } else {
    const entries = await wholeInbox(api);
    const films = new Map(
      entries
        .filter((entry) => options.from === undefined || entry.from === options.from)
        .filter(({ movie }) => titleMatch(movie, wanted.title) > 0 && (wanted.year === undefined || movie.year === wanted.year))
        .map(({ movie }) => [movie.tmdbId, movie]),
    );
    const from = options.from === undefined ? "" : ` from ${options.from}`;
    if (films.size === 0) throw new CliError(`no suggestion of ${input}${from} in your inbox`);
    if (films.size > 1) {
      const choices = [...films.values()].map((movie) => `${movieLabel(movie)}: tmdb:${movie.tmdbId}`).join(", ");
      throw new CliError(`${input} is more than one film in your inbox${from} (${choices}): name it as tmdb:ID or with --year`);
    }
    const [movie] = films.values();
    tmdbId = movie.tmdbId;
    label = movieLabel(movie);
  }
  const path = options.from === undefined ? `/suggestions/${tmdbId}` : `/suggestions/${encodeURIComponent(options.from)}/${tmdbId}`;
  const { dismissed } = await api.call<{ dismissed: number }>("DELETE", path);
  if (options.json) return printJson({ tmdbId, from: options.from ?? null, dismissed });
  notice(
    `Dismissed ${label}${options.from === undefined ? (dismissed > 1 ? ` (${dismissed} suggestions)` : "") : ` from ${options.from}`}`,
  );
}
