// Input a command needs: from flags, else asked at a TTY, else a usage error naming the flag.
import { readFileSync } from "node:fs";
import { usageError } from "../errors.cjs";
import { askPassword, askRating, askText } from "../prompts.cjs";
import { canPrompt } from "../terminal.cjs";
import type { Movie } from "../types.cjs";
import { RATING_HELP, type Rating, ratingOrUsageError } from "../vocabulary.cjs";

export async function textOption(value: string | undefined, flag: string, question: string, json = false): Promise<string> {
  if (value !== undefined) return value;
  if (!canPrompt(json)) throw usageError(`missing ${flag} (nothing prompts when not at a terminal)`);
  return (await askText(question)).trim();
}

/** The password: from stdin with --password-stdin, else asked (hidden) at a TTY. */
export async function passwordInput(fromStdin: boolean | undefined, json = false, confirm = false): Promise<string> {
  if (fromStdin) {
    const password = readFileSync(0, "utf8").replace(/\r?\n$/, "");
    if (!password) throw usageError("--password-stdin read an empty password");
    return password;
  }
  if (!canPrompt(json)) throw usageError("missing password: pass it on stdin with --password-stdin");
  const password = await askPassword();
  if (confirm && (await askPassword("Password again")) !== password) throw usageError("the two passwords differ");
  return password;
}

/** Checks a rating word before any network call; `undefined` means "ask once the movie is known". */
export function ratingArgument(input: string | undefined, json = false): Rating | undefined {
  if (input !== undefined) return ratingOrUsageError(input);
  if (!canPrompt(json)) throw usageError(`missing rating: add one of ${RATING_HELP}`);
  return undefined;
}

export async function ratingFor(movie: Movie, given: Rating | undefined): Promise<Rating> {
  if (given) return given;
  return askRating(movie);
}
