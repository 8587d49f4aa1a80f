// zod validation for every route, answering the API's error shape (docs/api.md): 400 for what cannot be read
// (malformed JSON, a path id that is not a number), 422 for values that are readable but invalid.
import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import { z } from "zod";
import { Priority, Rating } from "../generated/prisma/enums.js";
import { ApiError } from "./errors.js";
import { tagValidator } from "./openapi.js";

export function describeIssues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}

// A lone UTF-16 surrogate (JSON allows "\ud800") is not text: PostgreSQL cannot store it (Prisma failed
// with a 500 on a suggestion's note), nor can UTF-8 carry it to a terminal or a file.
const UNPAIRED_SURROGATE = /\p{Cs}/u;
export const MALFORMED_TEXT = "must be valid Unicode text (an unpaired UTF-16 surrogate)";

/**
 * The path of the first string or object key in `value` that holds an unpaired surrogate, or undefined.
 * A loop over an explicit stack: a body nested thousands of levels deep does not overflow the call stack.
 */
export function malformedTextAt(value: unknown): PropertyKey[] | undefined {
  const pending: Array<[unknown, PropertyKey[]]> = [[value, []]];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === "string") {
      if (UNPAIRED_SURROGATE.test(current)) return path;
    } else if (Array.isArray(current)) {
      for (const [index, item] of current.entries()) pending.push([item, [...path, index]]);
    } else if (current !== null && typeof current === "object") {
      for (const [key, item] of Object.entries(current)) {
        if (UNPAIRED_SURROGATE.test(key)) return [...path, key];
        pending.push([item, [...path, key]]);
      }
    }
  }
  return undefined;
}

/**
 * Every text the API reads passes here first, whatever the route's schema says of it: a route cannot
 * forget it, and a new field is covered the day it is added (the import body, read by its route, too).
 */
const wellFormedText = z.unknown().superRefine((value, context) => {
  const path = malformedTextAt(value);
  if (path) context.addIssue({ code: "custom", path, message: MALFORMED_TEXT });
});

/** Validates one part of the request; the same schema documents that part in GET /openapi.json. */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  const checked = wellFormedText.pipe(schema) as unknown as Schema;
  const middleware = zValidator(target, checked, (result) => {
    if (!result.success) {
      const status = target === "param" ? 400 : 422;
      throw new ApiError(status, status === 400 ? "bad_request" : "invalid", describeIssues(result.error));
    }
  });
  return tagValidator(middleware, target, schema);
}

// The OpenAPI document is these schemas' input side as JSON Schema. Where a check has no JSON Schema
// form (a transform, a refine), `.meta()` says in JSON Schema what the check accepts, or a part of it:
// a request valid by the document must be accepted (test/api/openapi-fuzz.test.ts generates them).

/** 1 to 2147483647 without leading zeros, digit by digit (the refine below is the server's own check). */
const TMDB_ID_PATTERN =
  "^(?:[1-9]\\d{0,8}|1\\d{9}|20\\d{8}|21[0-3]\\d{7}|214[0-6]\\d{6}|2147[0-3]\\d{5}|21474[0-7]\\d{4}|214748[0-2]\\d{3}|2147483[0-5]\\d{2}|21474836[0-3]\\d|214748364[0-7])$";

/** TMDB ids are positive 32-bit integers (the Movie.tmdbId column is INTEGER). */
export const tmdbIdParam = z.object({
  tmdbId: z
    .string()
    .regex(/^\d{1,10}$/, "tmdbId must be a positive integer")
    .transform(Number)
    .refine((id) => id >= 1 && id <= 2_147_483_647, "tmdbId is out of range")
    .meta({ pattern: TMDB_ID_PATTERN, description: "a TMDB film id, 1 to 2147483647" }),
});

const enumWord = z.string().transform((value) => value.trim().toUpperCase().replace(/-/g, "_"));

/** The enum's names and the CLI's words for them: SUPER_LIKE and super-like. */
const spellings = (names: string[]) => [...names, ...names.map((name) => name.toLowerCase().replace(/_/g, "-"))];
const RATING_WORDS = spellings(Object.values(Rating));
const PRIORITY_WORDS = spellings(Object.values(Priority));

/** Accepts the enum names and the CLI's words, case-insensitively: "super-like" → SUPER_LIKE. */
export const ratingValue = enumWord.pipe(z.enum(Rating)).meta({ enum: RATING_WORDS, description: "case does not matter" });
export const priorityValue = enumWord.pipe(z.enum(Priority)).meta({ enum: PRIORITY_WORDS, description: "case does not matter" });

/** `?rating=like,super-like` → ["LIKE", "SUPER_LIKE"]. */
export const ratingList = z
  .string()
  .transform((value) => value.split(",").filter(Boolean))
  .pipe(z.array(ratingValue).min(1))
  .meta({
    pattern: `^(?:${RATING_WORDS.join("|")})(?:,(?:${RATING_WORDS.join("|")}))*$`,
    description: "ratings separated by commas, e.g. like,super-like",
  });

/** `?limit=N` between 1 and max; absent: `fallback`, or no limit when there is none. */
export const limitParam = (max: number, fallback?: number) => {
  const limit = z.coerce.number().int().min(1).max(max);
  return fallback === undefined ? limit.optional() : limit.default(fallback);
};

/** What the document promises of a username (without anchors, for patterns that hold one). */
export const USERNAME_PATTERN = "[A-Za-z0-9_.-]{2,32}";

/**
 * A username as registration takes it (NFKC, 2-32 letters, digits, '_', '.', '-'); a name given to look
 * someone up (friends, pick, suggest) is read the same way, so text no username can hold (a NUL, a
 * newline) is refused before it reaches the database.
 */
export const usernameValue = z
  .string()
  .trim()
  .normalize("NFKC")
  .regex(/^[\p{L}\p{N}_.-]{2,32}$/u, "username must be 2-32 letters, digits, '_', '.' or '-'")
  // JSON Schema cannot say "after NFKC" (㈠ becomes "(一)", ﬃ three letters): the document states the
  // part every reading keeps, ASCII; the description says the rest.
  .meta({
    pattern: `^${USERNAME_PATTERN}$`,
    description: "2-32 letters, digits, '_', '.' or '-' (letters and digits of any script are accepted when their NFKC form is one)",
  });

export { avatarValue, memberText, regionValue, tagValue } from "../services/text.js";
