// The contract's rating map: Letterboxd stars 0.5–2 → DISLIKE, 2.5–3 → OK, 3.5–4 → LIKE, 4.5–5 →
// SUPER_LIKE; IMDb 1–4 → DISLIKE, 5–6 → OK, 7–8 → LIKE, 9–10 → SUPER_LIKE.
import { type Rating, RowError } from "./entries.cjs";

/** Letterboxd's half stars ("3.5"); empty means not rated. */
export function letterboxdRating(stars: string | undefined): Rating | null {
  const text = (stars ?? "").trim();
  if (!text) return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0.5 || value > 5 || !Number.isInteger(value * 2)) {
    throw new RowError(`rating '${text}' is not 0.5 to 5 stars in half stars`);
  }
  if (value <= 2) return "DISLIKE";
  if (value <= 3) return "OK";
  if (value <= 4) return "LIKE";
  return "SUPER_LIKE";
}

/** IMDb's 1–10; empty means not rated. */
export function imdbRating(score: string | undefined): Rating | null {
  const text = (score ?? "").trim();
  if (!text) return null;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 10) throw new RowError(`rating '${text}' is not an IMDb rating from 1 to 10`);
  if (value <= 4) return "DISLIKE";
  if (value <= 6) return "OK";
  if (value <= 8) return "LIKE";
  return "SUPER_LIKE";
}
