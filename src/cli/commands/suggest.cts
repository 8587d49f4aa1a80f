import type { InboxEntry, SentSuggestion } from "../household-types.cjs";
import { movieLabel } from "../movie-argument.cjs";
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
export async function inbox(options: Options & { limit?: number }): Promise<void> {
  const api = await connect(options);
  const entries = await withSpinner("Loading your inbox", () =>
    api.call<InboxEntry[]>("GET", "/suggestions", { query: { limit: options.limit } }),
  );
  if (options.json) return printJson(entries);
  await loadPaint();
  const { renderInbox } = require("../output/household.cjs") as typeof import("../output/household.cjs");
  print(renderInbox(entries));
}
