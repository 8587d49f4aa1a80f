// `watchlist lists` and `watchlist list …`: lists of films, your own and those shared with you
// (docs/lists.md). A <list> is a name, matched regardless of case (yours first, then one shared with
// you), or USER/NAME.
import { writeFileSync } from "node:fs";
import { foldTitle } from "../../shared/titles.cjs";
import type { ApiClient } from "../api-client.cjs";
import { CliError, fileErrorReason, usageError } from "../errors.cjs";
import { type FilmFilterFlags, filmFilterQuery } from "../film-filters.cjs";
import type { Collaborator, ListDetails, ListEntry, ListSummary, PutEntryAnswer } from "../list-types.cjs";
import { movieLabel, parseMovieArgument } from "../movie-argument.cjs";
import { notice, print, printJson, stdoutData } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { loadPaint } from "../output/style.cjs";
import { resolveMovie } from "../resolve-movie.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

interface Options extends GlobalOptions {
  json?: boolean;
}

export interface ListRef {
  owner: string;
  name: string;
}

const listPath = (ref: ListRef) => `/lists/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.name)}`;
const label = (ref: ListRef) => `${ref.owner}/${ref.name}`;
/** As the server folds names: "Halloween" and "HALLOWEEN" are one. */
const fold = (name: string) => name.normalize("NFKC").toLowerCase();

async function renderers() {
  await loadPaint();
  return require("../output/lists.cjs") as typeof import("../output/lists.cjs");
}

/**
 * The list a <list> argument names: the caller's own of that name, else one shared with them (two
 * owners sharing one name with you: say USER/NAME), else USER/NAME as given (the server then answers
 * a list you may not see exactly as a missing one).
 */
export async function resolveList(api: ApiClient, ref: string): Promise<ListRef> {
  const text = ref.normalize("NFC").trim();
  if (!text) throw usageError("the list is empty: give its name or USER/NAME");
  const lists = await withSpinner("Finding the list", () => api.call<ListSummary[]>("GET", "/lists"));
  const named = lists.filter((list) => fold(list.name) === fold(text));
  const own = named.find((list) => list.access === "owner");
  if (own) return own;
  if (named.length === 1) return named[0];
  if (named.length > 1) {
    throw usageError(
      `${named.length} lists named '${text}' are shared with you; name one as USER/NAME:\n${named.map((list) => `  ${label(list)}`).join("\n")}`,
    );
  }
  const slash = text.indexOf("/");
  if (slash > 0) return { owner: text.slice(0, slash), name: text.slice(slash + 1) };
  throw new CliError(`no list named ${text} (yours or shared with you; another member's: USER/NAME)`);
}

/** `watchlist lists [--of USER]`. */
export async function run(options: Options & { of?: string }): Promise<void> {
  const api = await connect(options);
  const lists = await withSpinner("Loading lists", () => api.call<ListSummary[]>("GET", "/lists", { query: { of: options.of } }));
  if (options.json) return printJson(lists);
  print((await renderers()).renderLists(lists, options.of));
}

/** `watchlist list create <name>`. */
export async function create(
  name: string,
  options: Options & { description?: string; ranked?: boolean; visibility?: string },
): Promise<void> {
  const api = await connect(options);
  const body = { name, description: options.description, ranked: options.ranked, visibility: options.visibility };
  const list = await withSpinner("Creating the list", () => api.call<ListSummary>("POST", "/lists", { body }));
  if (options.json) return printJson(list);
  notice(`Created ${list.ranked ? "the ranked list" : "the list"} ${list.name} (visible to ${visibilityWords(list.visibility)}).`);
}

const visibilityWords = (visibility: string) =>
  ({ private: "you and those you share it with", friends: "your friends", server: "every member" })[visibility] ?? visibility;

/** `watchlist list show <list> [--on S|mine] [--lang L] [--country C] [--max-cert X]`. */
export async function show(ref: string, options: Options & FilmFilterFlags): Promise<void> {
  const api = await connect(options);
  const list = await fetchList(api, await resolveList(api, ref), filmFilterQuery(options));
  if (options.json) return printJson(list);
  print((await renderers()).renderList(list));
}

/** Entries asked for a page at a time: each answer stays small and quick, however long the list. */
const PAGE = 1_000;

/** The list with all its entries (or those the film filters let through), page after page. */
const fetchList = (api: ApiClient, ref: ListRef, filters: FilmFilterFlags = {}) =>
  withSpinner(`Loading ${label(ref)}`, async () => {
    let cursor: string | undefined;
    let list: ListDetails | undefined;
    do {
      let next: string | undefined;
      const page = await api.call<ListDetails>("GET", listPath(ref), {
        query: { ...filters, limit: PAGE, cursor },
        onHeaders: (headers) => {
          const header = headers["x-next-cursor"];
          next = typeof header === "string" && header ? header : undefined;
        },
      });
      list = list ? { ...page, entries: [...list.entries, ...page.entries] } : page;
      cursor = next;
    } while (cursor);
    return list;
  });

/** `watchlist list add <list> <movie> [--note TEXT] [--at N]`: adding again updates the note (and place). */
export async function add(ref: string, input: string, options: Options & { note?: string; at?: number; year?: number }): Promise<void> {
  const api = await connect(options);
  const list = await resolveList(api, ref);
  const movie = await resolveMovie(api, input, options);
  const entry = await withSpinner("Adding", () =>
    api.call<PutEntryAnswer>("PUT", `${listPath(list)}/entries/${movie.tmdbId}`, { body: { note: options.note, at: options.at } }),
  );
  if (options.json) return printJson(entry);
  const where = entry.position ? ` at ${entry.position}` : "";
  notice(
    entry.created
      ? `Added ${movieLabel(entry.movie)} to ${label(list)}${where}.`
      : `Updated ${movieLabel(entry.movie)} in ${label(list)}${where}.`,
  );
}

/** The entry of the list a <movie> argument names, matched among the list's own films (no TMDB search). */
function entryOf(list: ListDetails, input: string, year?: number): ListEntry {
  const wanted = parseMovieArgument(input, year);
  const matches =
    wanted.kind === "id"
      ? list.entries.filter((entry) => entry.movie.tmdbId === wanted.tmdbId)
      : list.entries.filter(
          (entry) =>
            foldTitle(entry.movie.title) === foldTitle(wanted.title) && (wanted.year === undefined || entry.movie.year === wanted.year),
        );
  if (matches.length === 0) throw new CliError(`${input} is not in ${label(list)}`);
  if (matches.length > 1) {
    throw usageError(
      `'${input}' matches ${matches.length} films of ${label(list)}; name one with --year or tmdb:ID:\n${matches.map((entry) => `  tmdb:${entry.movie.tmdbId}  ${movieLabel(entry.movie)}`).join("\n")}`,
    );
  }
  return matches[0];
}

/** `watchlist list remove <list> <movie>`. */
export async function remove(ref: string, input: string, options: Options & { year?: number }): Promise<void> {
  const api = await connect(options);
  const list = await fetchList(api, await resolveList(api, ref));
  const entry = entryOf(list, input, options.year);
  await withSpinner("Removing", () => api.call<void>("DELETE", `${listPath(list)}/entries/${entry.movie.tmdbId}`));
  if (options.json) return printJson(entry);
  notice(`Removed ${movieLabel(entry.movie)} from ${label(list)}.`);
}

/** `watchlist list move <list> <movie> --to N`. */
export async function move(ref: string, input: string, options: Options & { to: number; year?: number }): Promise<void> {
  const api = await connect(options);
  const list = await fetchList(api, await resolveList(api, ref));
  const entry = entryOf(list, input, options.year);
  const moved = await withSpinner("Moving", () =>
    api.call<PutEntryAnswer>("PUT", `${listPath(list)}/entries/${entry.movie.tmdbId}`, { body: { at: options.to } }),
  );
  if (options.json) return printJson(moved);
  notice(`Moved ${movieLabel(moved.movie)} to ${moved.position} in ${label(list)}.`);
}

/** `watchlist list edit <list> [--name N] [--description T] [--ranked|--unranked] [--visibility V]`. */
export async function edit(
  ref: string,
  options: Options & { name?: string; description?: string; ranked?: boolean; visibility?: string },
): Promise<void> {
  const patch = { name: options.name, description: options.description, ranked: options.ranked, visibility: options.visibility };
  if (Object.values(patch).every((value) => value === undefined))
    throw usageError("nothing to change: give --name, --description, --ranked, --unranked or --visibility");
  const api = await connect(options);
  const list = await resolveList(api, ref);
  const edited = await withSpinner("Saving", () => api.call<ListSummary>("PATCH", listPath(list), { body: patch }));
  if (options.json) return printJson(edited);
  notice(`Saved ${label(edited)}.`);
}

/** `watchlist list delete <list>`: the list and its entries (`watchlist undo` brings them back). */
export async function del(ref: string, options: Options): Promise<void> {
  const api = await connect(options);
  const list = await resolveList(api, ref);
  await withSpinner("Deleting", () => api.call<void>("DELETE", listPath(list)));
  if (options.json) return printJson({ owner: list.owner, name: list.name, deleted: true });
  notice(`Deleted ${label(list)} (\`watchlist undo\` brings it back).`);
}

/** `watchlist list share <list> --with <user> [--can view|edit]`. */
export async function share(ref: string, options: Options & { with: string; can?: "view" | "edit" }): Promise<void> {
  const api = await connect(options);
  const list = await resolveList(api, ref);
  const shared = await withSpinner("Sharing", () =>
    api.call<Collaborator>("PUT", `${listPath(list)}/collaborators/${encodeURIComponent(options.with)}`, { body: { can: options.can } }),
  );
  if (options.json) return printJson(shared);
  notice(
    shared.can === "edit"
      ? `${shared.username} can now see ${label(list)} and add, remove and move its films.`
      : `${shared.username} can now see ${label(list)}.`,
  );
}

/** `watchlist list unshare <list> --with <user>`. */
export async function unshare(ref: string, options: Options & { with: string }): Promise<void> {
  const api = await connect(options);
  const list = await resolveList(api, ref);
  await withSpinner("Unsharing", () => api.call<void>("DELETE", `${listPath(list)}/collaborators/${encodeURIComponent(options.with)}`));
  if (options.json) return printJson({ owner: list.owner, name: list.name, username: options.with, shared: false });
  notice(`${label(list)} is no longer shared with ${options.with}.`);
}

/** Letterboxd's list importer reads these columns (Review: the note). */
export const LETTERBOXD_LIST_COLUMNS = ["Position", "tmdbID", "imdbID", "Title", "Year", "Review"] as const;
export const LIST_CSV_COLUMNS = ["position", "tmdbId", "imdbId", "title", "year", "note", "addedBy", "addedAt"] as const;

/** `watchlist list export <list> [--csv|--letterboxd|--json] [--output FILE]`. */
export async function exportList(ref: string, options: Options & { csv?: boolean; letterboxd?: boolean; output?: string }): Promise<void> {
  const api = await connect(options);
  const list = await fetchList(api, await resolveList(api, ref));
  const format = options.letterboxd
    ? "letterboxd"
    : options.csv || (!options.json && /\.csv$/i.test(options.output ?? ""))
      ? "csv"
      : "json";
  const { csvText } = require("../../shared/csv.cjs") as typeof import("../../shared/csv.cjs");
  // In the list's order (ranked: by position; unranked: newest first).
  const text =
    format === "json"
      ? `${JSON.stringify(list, null, 2)}\n`
      : format === "letterboxd"
        ? csvText(
            LETTERBOXD_LIST_COLUMNS,
            list.entries.map((entry) => [
              entry.position ?? "",
              entry.movie.tmdbId,
              entry.imdbId ?? "",
              entry.movie.title,
              entry.movie.year ?? "",
              entry.note ?? "",
            ]),
            { header: true },
          )
        : csvText(
            LIST_CSV_COLUMNS,
            list.entries.map((entry) => [
              entry.position ?? "",
              entry.movie.tmdbId,
              entry.imdbId ?? "",
              entry.movie.title,
              entry.movie.year ?? "",
              entry.note ?? "",
              entry.addedBy ?? "",
              entry.addedAt,
            ]),
            { header: true },
          );
  if (!options.output || options.output === "-") {
    const out = stdoutData(format === "json" ? "json" : "text");
    out.sink.write(text);
    await out.finish();
    return;
  }
  try {
    writeFileSync(options.output, text);
  } catch (error) {
    throw new CliError(`cannot write ${options.output}: ${fileErrorReason(error)}`);
  }
  const films = list.entries.length === 1 ? "1 film" : `${list.entries.length} films`;
  notice(`Exported ${label(list)} (${films}) to ${options.output}${format === "letterboxd" ? " (for Letterboxd's list importer)" : ""}`);
}
