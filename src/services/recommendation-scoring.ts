// Scores a candidate movie against the user's taste and says why, in words a person can check:
// every reason names the user's own rated films, directors or genres.
import type { Rating } from "../db/client.js";
import type { TmdbMovieSummary } from "../tmdb/types.js";
import { DIRECTOR_SEPARATOR, type MovieJson } from "./movie-json.js";
import { RATING_EMOJI, RATING_WEIGHT } from "./taste.js";
import { affinity, CAST_CONSIDERED, type Feature, featureId, type TasteProfile } from "./taste-profile.js";

export type Source = "tmdb" | "similar-users" | "content";
export const SOURCES: Source[] = ["tmdb", "similar-users", "content"];

/** A liked film whose TMDB recommendation list holds the candidate, at this rank (0 = first). */
export interface Seed {
  title: string;
  rating: Rating;
  rank: number;
}

export interface Candidate {
  tmdbId: number;
  /** The full movie when it is in our cache; else what TMDB's list said about it. */
  movie?: MovieJson;
  summary?: TmdbMovieSummary;
  seeds: Seed[];
  /** 0..1: the collaborative score relative to the best candidate's. */
  collaborative?: { relative: number; fans: number };
  /** Found by the content source (shares a director or actor with liked films). */
  fromContent: boolean;
  /** Filled in for the final results: the liked film most often co-liked with this one. */
  sharedFavourite?: { title: string; rating: Rating; together: number };
  /** Friends who suggested it to the user (`watchlist suggest`), newest first. */
  suggestedBy?: string[];
}

export interface Scored {
  candidate: Candidate;
  score: number;
  reasons: string[];
  sources: Source[];
}

// How much each signal counts; content parts are affinities on the rating-weight scale (−1..2).
const WEIGHT = { genre: 1, director: 2, cast: 0.5, tmdb: 1, similar: 2, suggested: 1.5 };
/** A collaborative vote counts fully from this many fans on. */
const CONFIDENT_FANS = 3;
const MAX_REASONS = 3;

interface Part {
  value: number;
  reason?: string;
}

const people = (n: number) => (n === 1 ? "1 person" : `${n} people`);

function titlesPhrase(titles: string[], total: number, unit: string): string {
  if (total <= 2 && titles.length >= total) return titles.slice(0, total).join(" and ");
  return `${total} of their ${unit}, incl. ${titles.slice(0, 2).join(" and ")}`;
}

export function candidateGenreIds(candidate: Candidate): number[] {
  return candidate.movie ? candidate.movie.genres.map((genre) => genre.id) : (candidate.summary?.genreIds ?? []);
}

function genrePart(genres: Feature[], genreCount: number): { part: Part; caution?: string } {
  if (genreCount === 0) return { part: { value: 0 } };
  const affinities = genres.map(affinity);
  const mean = affinities.reduce((sum, a) => sum + a, 0) / genreCount;
  // A disliked genre pulls down beyond its share of the mean: one Horror tag sinks a sci-fi film.
  const worst = Math.min(0, ...affinities);
  const value = WEIGHT.genre * (mean + worst);

  const best = genres.filter((g) => g.liked > 0 && affinity(g) > 0).sort((a, b) => affinity(b) - affinity(a))[0];
  const reason = !best
    ? undefined
    : best.liked >= 2 && affinity(best) >= 0.5
      ? `${best.name}, a genre you enjoy (you liked ${best.liked} of ${best.count})`
      : `${best.name}: you liked ${best.liked} of the ${best.count} you rated`;
  const disliked = genres.filter((g) => g.disliked >= 2 && affinity(g) <= -0.3).sort((a, b) => affinity(a) - affinity(b))[0];
  const caution = disliked ? `but it's ${disliked.name} — you disliked ${disliked.disliked} of the ${disliked.count} you rated` : undefined;
  return { part: { value, reason }, caution };
}

function directorPart(directors: Feature[]): { part: Part; caution?: string } {
  if (directors.length === 0) return { part: { value: 0 } };
  const sorted = [...directors].sort((a, b) => affinity(b) - affinity(a));
  const best = sorted[0];
  const worst = sorted[sorted.length - 1];
  const chosen = affinity(best) > 0 ? best : worst;
  const value = WEIGHT.director * affinity(chosen);
  const reason =
    affinity(best) > 0 && best.liked > 0
      ? `directed by ${best.name} — you liked ${titlesPhrase(best.likedTitles, best.liked, "films")}`
      : undefined;
  const caution =
    affinity(worst) < 0 && worst.dislikedTitles.length ? `but you disliked ${worst.dislikedTitles[0]} by ${worst.name}` : undefined;
  return { part: { value, reason }, caution };
}

function castPart(actors: Feature[]): Part {
  if (actors.length === 0) return { value: 0 };
  const total = actors.reduce((sum, actor) => sum + affinity(actor), 0);
  const value = WEIGHT.cast * Math.max(-1, Math.min(2, total));
  const star = actors.filter((a) => a.liked > 0 && affinity(a) > 0).sort((a, b) => affinity(b) - affinity(a))[0];
  const reason = star ? `with ${star.name} — you liked ${titlesPhrase(star.likedTitles, star.liked, "films")}` : undefined;
  return { value, reason };
}

function tmdbPart(seeds: Seed[]): Part {
  if (seeds.length === 0) return { value: 0 };
  // Each liked film's list votes with its rating weight, a little less from further down the list.
  const raw = seeds.reduce((sum, seed) => sum + RATING_WEIGHT[seed.rating] / (1 + seed.rank / 10), 0);
  const ordered = [...seeds].sort((a, b) => RATING_WEIGHT[b.rating] - RATING_WEIGHT[a.rating] || a.rank - b.rank);
  const named = ordered.slice(0, 2).map((seed) => `${RATING_EMOJI[seed.rating]} ${seed.title}`);
  const more = ordered.length - named.length;
  const reason = `because you ${named.join(more ? ", " : " and ")}${more ? ` and ${more} more` : ""}`;
  return { value: WEIGHT.tmdb * Math.log2(1 + raw), reason };
}

function similarPart(candidate: Candidate): Part {
  const collaborative = candidate.collaborative;
  if (!collaborative) return { value: 0 };
  const value = WEIGHT.similar * collaborative.relative * Math.min(1, collaborative.fans / CONFIDENT_FANS);
  const shared = candidate.sharedFavourite;
  const reason = shared
    ? `liked by ${people(shared.together)} who also ${RATING_EMOJI[shared.rating]} ${shared.title}`
    : `liked by ${people(collaborative.fans)} whose ratings match yours`;
  return { value, reason };
}

function suggestedPart(candidate: Candidate): Part {
  const friends = candidate.suggestedBy ?? [];
  if (friends.length === 0) return { value: 0 };
  const named = friends.length > 2 ? `${friends.slice(0, 2).join(", ")} and ${friends.length - 2} more` : friends.join(" and ");
  return { value: WEIGHT.suggested, reason: `suggested by ${named}` };
}

/** Every part that adds to the score explains itself, so a positive score always has a reason. */
export function scoreCandidate(candidate: Candidate, taste: TasteProfile): Scored {
  const find = (kind: "genre" | "director" | "cast", key: string | number) => taste.features.get(featureId(kind, key));
  const known = <T>(items: (T | undefined)[]) => items.filter((item): item is T => item !== undefined);

  const genreIds = candidateGenreIds(candidate);
  const directorNames = candidate.movie?.director ? candidate.movie.director.split(DIRECTOR_SEPARATOR) : [];
  const castIds = (candidate.movie?.cast ?? []).slice(0, CAST_CONSIDERED).map((member) => member.id);

  const genre = genrePart(known(genreIds.map((id) => find("genre", id))), genreIds.length);
  const director = directorPart(known(directorNames.map((name) => find("director", name))));
  const cast = castPart(known(castIds.map((id) => find("cast", id))));
  const tmdb = tmdbPart(candidate.seeds);
  const similar = similarPart(candidate);
  const suggested = suggestedPart(candidate);

  const parts = [tmdb, similar, director.part, cast, genre.part];
  const score = [...parts, suggested].reduce((sum, part) => sum + part.value, 0);
  const reasons = parts
    .filter((part) => part.reason && part.value > 0)
    .sort((a, b) => b.value - a.value)
    .slice(0, MAX_REASONS)
    .map((part) => part.reason!);
  // A friend's word comes first, whatever the other signals say.
  if (suggested.reason) reasons.unshift(suggested.reason);
  const caution = director.caution ?? genre.caution;
  if (caution) reasons.push(caution);

  const found: Record<Source, boolean> = {
    tmdb: candidate.seeds.length > 0,
    "similar-users": candidate.collaborative !== undefined,
    content: candidate.fromContent || director.part.value > 0 || cast.value > 0,
  };
  const sources = SOURCES.filter((source) => found[source]);
  return { candidate, score: Math.round(score * 100) / 100, reasons, sources };
}
