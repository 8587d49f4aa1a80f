// The words a person may type for ratings and priorities (README, "Using it").
import { usageError } from "./errors.cjs";

export const RATINGS = ["DISLIKE", "OK", "LIKE", "SUPER_LIKE"] as const;
export type Rating = (typeof RATINGS)[number];
export const PRIORITIES = ["LOW", "MEDIUM", "HIGH"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const RATING_EMOJI: Record<Rating, string> = { DISLIKE: "👎", OK: "😐", LIKE: "👍", SUPER_LIKE: "❤️" };
export const RATING_NAME: Record<Rating, string> = { DISLIKE: "Dislike", OK: "OK", LIKE: "Like", SUPER_LIKE: "Super like" };
export const RATING_WEIGHT: Record<Rating, number> = { DISLIKE: -1, OK: 0, LIKE: 1, SUPER_LIKE: 2 };

/** "❤️ Super like" */
export const ratingLabel = (rating: Rating) => `${RATING_EMOJI[rating]} ${RATING_NAME[rating]}`;

const RATING_WORDS = new Map<string, Rating>();
for (const rating of RATINGS) {
  RATING_WORDS.set(rating.toLowerCase(), rating);
  RATING_WORDS.set(rating.toLowerCase().replace("_", "-"), rating);
  RATING_WORDS.set(rating.toLowerCase().replace("_", ""), rating);
  RATING_WORDS.set(rating.toLowerCase().replace("_", " "), rating);
  RATING_WORDS.set(String(RATING_WEIGHT[rating]), rating);
  RATING_WORDS.set(RATING_EMOJI[rating], rating);
}
RATING_WORDS.set("❤", "SUPER_LIKE"); // the heart without its emoji variation selector

/** Skin-tone modifiers and the variation selectors that terminals and keyboards add to emoji. */
const EMOJI_DECORATION = /[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F]/gu;

export function parseRating(input: string): Rating | undefined {
  const word = input.trim().toLowerCase();
  return RATING_WORDS.get(word) ?? RATING_WORDS.get(word.replace(EMOJI_DECORATION, ""));
}

export function parsePriority(input: string): Priority | undefined {
  const word = input.trim().toUpperCase();
  return (PRIORITIES as readonly string[]).includes(word) ? (word as Priority) : undefined;
}

export const RATING_HELP = "dislike, ok, like or super-like (also 👎 😐 👍 ❤️ or -1 0 1 2)";
export const PRIORITY_HELP = "low, medium or high";

export function ratingOrUsageError(input: string): Rating {
  const rating = parseRating(input);
  if (!rating) throw usageError(`'${input}' is not a rating: use ${RATING_HELP}`);
  return rating;
}

export function priorityOrUsageError(input: string): Priority {
  const priority = parsePriority(input);
  if (!priority) throw usageError(`'${input}' is not a priority: use ${PRIORITY_HELP}`);
  return priority;
}

/** "like,super-like" → ["LIKE", "SUPER_LIKE"] */
export function ratingListOrUsageError(input: string): Rating[] {
  return [
    ...new Set(
      input
        .split(",")
        .filter((word) => word.trim())
        .map(ratingOrUsageError),
    ),
  ];
}
