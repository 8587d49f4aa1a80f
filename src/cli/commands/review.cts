// Reviews, comments and tags: `review`, `reviews`, `comment`, `uncomment`, `tags`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError, EXIT, usageError } from "../errors.cjs";
import { movieLabel } from "../movie-argument.cjs";
import { notice, print, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { loadPaint } from "../output/style.cjs";
import { resolveMovie } from "../resolve-movie.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import { canPrompt } from "../terminal.cjs";
import type { Review, ReviewComment, Tag } from "../types.cjs";

interface Options extends GlobalOptions {
  json?: boolean;
  year?: number;
}

const renderers = async () => {
  await loadPaint();
  return require("../output/reviews.cjs") as typeof import("../output/reviews.cjs");
};

/**
 * `watchlist review <movie> [TEXT | -]`: TEXT as given, `-` from stdin, none at a terminal in
 * $VISUAL/$EDITOR (an empty file cancels, exit 1); off a terminal a missing TEXT is a usage error.
 */
export async function run(input: string, text: string | undefined, options: Options & { on?: string; spoilers?: boolean }) {
  if (text === undefined && !canPrompt(options.json)) throw usageError("missing TEXT: give it, or - to read it from stdin");
  const body = text === "-" ? readFileSync(0, "utf8") : text;
  const api = await connect(options);
  const movie = await resolveMovie(api, input, options);
  const written = body ?? (await fromEditor(api, movie.tmdbId, movieLabel(movie)));
  const review = await withSpinner("Saving your review", () =>
    api.call<Review>("PUT", `/reviews/${movie.tmdbId}`, { body: { text: written, spoilers: options.spoilers, watchedOn: options.on } }),
  );
  if (options.json) return printJson(review);
  notice(`Saved your review of ${movieLabel(review.movie)} (viewing of ${review.watchedOn ?? "an unknown date"})`);
}

/** Opens the editor on a temporary file (the current review, if any, in it), as `git commit` does. */
async function fromEditor(api: Awaited<ReturnType<typeof connect>>, tmdbId: number, label: string): Promise<string> {
  const editor = process.env.VISUAL || process.env.EDITOR || "vi";
  const [current] = await api.call<Review[]>("GET", "/reviews", { query: { tmdbId, limit: 1 } });
  const dir = mkdtempSync(join(tmpdir(), "watchlist-review-"));
  const file = join(dir, "REVIEW.txt");
  try {
    writeFileSync(file, current?.text ?? "", { mode: 0o600 });
    notice(`Write your review of ${label} in ${editor}; save an empty file to cancel.`);
    // Through the shell, as git does: EDITOR may carry arguments ("code --wait").
    const result = spawnSync("/bin/sh", ["-c", `${editor} "$1"`, editor, file], { stdio: "inherit" });
    if (result.status !== 0) throw new CliError(`${editor} exited with ${result.status ?? result.signal}: review not saved`);
    const written = readFileSync(file, "utf8");
    if (written.trim() === "") throw new CliError("empty review: nothing saved", EXIT.failure);
    return written.replace(/\n+$/, "");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `watchlist reviews [--of USER] [--movie <movie>]`: newest first, spoilers folded unless --spoilers. */
export async function list(options: Options & { of?: string; movie?: string; spoilers?: boolean }) {
  const api = await connect(options);
  const tmdbId = options.movie === undefined ? undefined : (await resolveMovie(api, options.movie, options)).tmdbId;
  const whose = options.of === undefined ? "your" : `${options.of}'s`;
  const reviews = await withSpinner(`Loading ${whose} reviews`, () =>
    api.call<Review[]>("GET", "/reviews", { query: { of: options.of, tmdbId } }),
  );
  if (options.json) return printJson(reviews);
  const { renderReviews } = await renderers();
  print(renderReviews(reviews, { spoilers: options.spoilers ?? false, empty: `No reviews yet${options.of ? ` by ${options.of}` : ""}.` }));
}

/** `watchlist comment <user> <movie> TEXT`: under that member's latest review of the film. */
export async function comment(author: string, input: string, text: string, options: Options) {
  const api = await connect(options);
  const movie = await resolveMovie(api, input, options);
  const written = await withSpinner("Commenting", () =>
    api.call<ReviewComment>("POST", `/reviews/${encodeURIComponent(author)}/${movie.tmdbId}/comments`, { body: { text } }),
  );
  if (options.json) return printJson(written);
  notice(`Commented on ${author}'s review of ${movieLabel(movie)} (comment ${written.id})`);
}

/** `watchlist uncomment <id>`: your comment, or any under your review. */
export async function uncomment(id: string, options: Options) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw usageError(`'${id}' is not a comment id (reviews --json shows them)`);
  const api = await connect(options);
  await withSpinner("Deleting the comment", () => api.call<void>("DELETE", `/comments/${id}`));
  if (options.json) return printJson({ deleted: id });
  notice("Deleted the comment.");
}

/** `watchlist tags`: each tag with its number of viewings. */
export async function tags(options: Options) {
  const api = await connect(options);
  const found = await withSpinner("Loading your tags", () => api.call<Tag[]>("GET", "/tags"));
  if (options.json) return printJson(found);
  const { renderTags } = await renderers();
  print(renderTags(found));
}
