// Scores a candidate movie against the user's taste and says why, in words a person can check:
// every reason names the user's own rated films, directors or genres. A film gets at most two
// reasons, each a sentence, and no film of the user's is named twice (the strongest reason keeps it).
import type { Rating } from "../db/client.js";
import type { TmdbMovieSummary } from "../tmdb/types.js";
import { MIN_CROWD } from "./candidates.js";
import { DIRECTOR_SEPARATOR, type MovieJson } from "./movie-json.js";
import { RATING_WEIGHT } from "./taste.js";
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
/** Reasons per film, the caution included. */
export const MAX_REASONS = 2;

interface Reason {
  text: string;
  /** The user's own films the sentence names. */
  titles: string[];
}

interface Part {
  value: number;
  reason?: Reason;
}

const VERB: Record<Rating, string> = { SUPER_LIKE: "loved", LIKE: "liked", OK: "rated", DISLIKE: "disliked" };

/** "A", "A and B", or "A, B and 3 more". */
function listPhrase(titles: string[], total = titles.length): string {
  if (total <= 2) return titles.slice(0, total).join(" and ");
  return `${titles.slice(0, 2).join(", ")} and ${total - 2} more`;
}

/** ", who also made Arrival, which you liked" / ", who also made 4 films you liked, among them A and B". */
function likedFilmsClause(lead: string, feature: Feature): Reason {
  const named = feature.likedTitles.slice(0, 2);
  if (feature.liked <= 2 && feature.likedTitles.length >= feature.liked) {
    return { text: `${lead} ${named.join(" and ")}, which you liked`, titles: named };
  }
  return { text: `${lead} ${feature.liked} films you liked, among them ${named.join(" and ")}`, titles: named };
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
  const disliked = genres.filter((g) => g.disliked >= 2 && affinity(g) <= -0.3).sort((a, b) => affinity(a) - affinity(b))[0];
  const caution = disliked
    ? `But it's ${disliked.name}, and you disliked ${shareOf(disliked.disliked, disliked.count, `${disliked.name} films`)}`
    : undefined;
  return { part: { value, reason: best && genreReason(best) }, caution };
}

/** "both Drama films you rated", "all 3 Drama films you rated", "4 of the 6 Drama films you rated". */
const shareOf = (some: number, all: number, films: string) =>
  some === all ? `${all === 2 ? "both" : `all ${all}`} ${films} you rated` : `${some} of the ${all} ${films} you rated`;

function genreReason(genre: Feature): Reason {
  // One liked film of a genre is no taste for it: name the film rather than count to one.
  if (genre.liked === 1 && genre.likedTitles.length) {
    const article = /^[AEIOU]/i.test(genre.name) ? "An" : "A";
    return { text: `${article} ${genre.name} film, as is ${genre.likedTitles[0]}, which you liked`, titles: genre.likedTitles.slice(0, 1) };
  }
  return { text: `You liked ${shareOf(genre.liked, genre.count, `${genre.name} films`)}`, titles: [] };
}

function directorPart(directors: Feature[]): { part: Part; caution?: string } {
  if (directors.length === 0) return { part: { value: 0 } };
  const sorted = [...directors].sort((a, b) => affinity(b) - affinity(a));
  const best = sorted[0];
  const worst = sorted[sorted.length - 1];
  const chosen = affinity(best) > 0 ? best : worst;
  const value = WEIGHT.director * affinity(chosen);
  const reason = affinity(best) > 0 && best.liked > 0 ? likedFilmsClause(`Directed by ${best.name}, who also made`, best) : undefined;
  const caution =
    affinity(worst) < 0 && worst.dislikedTitles.length ? `But you disliked ${worst.dislikedTitles[0]}, also by ${worst.name}` : undefined;
  return { part: { value, reason }, caution };
}

function castPart(actors: Feature[]): Part {
  if (actors.length === 0) return { value: 0 };
  const total = actors.reduce((sum, actor) => sum + affinity(actor), 0);
  const value = WEIGHT.cast * Math.max(-1, Math.min(2, total));
  const star = actors.filter((a) => a.liked > 0 && affinity(a) > 0).sort((a, b) => affinity(b) - affinity(a))[0];
  const reason = star ? likedFilmsClause(`With ${star.name}, who is also in`, star) : undefined;
  return { value, reason };
}

function tmdbPart(seeds: Seed[]): Part {
  if (seeds.length === 0) return { value: 0 };
  // Each liked film's list votes with its rating weight, a little less from further down the list.
  const raw = seeds.reduce((sum, seed) => sum + RATING_WEIGHT[seed.rating] / (1 + seed.rank / 10), 0);
  const ordered = [...seeds].sort((a, b) => RATING_WEIGHT[b.rating] - RATING_WEIGHT[a.rating] || a.rank - b.rank);
  const named = ordered.slice(0, 2);
  const titles = named.map((seed) => seed.title);
  // "Because you loved Inception and liked Arrival"; with more, one verb true of them all.
  const text =
    ordered.length === 2 && named[0].rating !== named[1].rating
      ? `Because you ${VERB[named[0].rating]} ${titles[0]} and ${VERB[named[1].rating]} ${titles[1]}`
      : `Because you ${VERB[ordered.every((seed) => seed.rating === named[0].rating) ? named[0].rating : "LIKE"]} ${listPhrase(titles, ordered.length)}`;
  return { value: WEIGHT.tmdb * Math.log2(1 + raw), reason: { text, titles } };
}

function similarPart(candidate: Candidate): Part {
  const collaborative = candidate.collaborative;
  if (!collaborative) return { value: 0 };
  const value = WEIGHT.similar * collaborative.relative * Math.min(1, collaborative.fans / CONFIDENT_FANS);
  const shared = candidate.sharedFavourite;
  // Never a count (a count that moves tells who just rated) and never fewer than MIN_CROWD
  // established members tied to a film of the user's: they could be told apart (issues 14 and 19).
  const reason: Reason =
    shared && shared.together >= MIN_CROWD
      ? { text: `People who liked ${shared.title}, as you did, liked this one too`, titles: [shared.title] }
      : { text: "People who rate films as you do liked it", titles: [] };
  return { value, reason };
}

/**
 * The strongest reasons, each naming films the ones before it did not: "Directed by Christopher
 * Nolan, who also made Inception…" leaves no room for "Because you loved Inception".
 */
function mergedReasons(parts: Part[], max: number): string[] {
  const named = new Set<string>();
  const kept: string[] = [];
  for (const part of [...parts].sort((a, b) => b.value - a.value)) {
    if (kept.length === max) break;
    if (!part.reason || part.value <= 0 || part.reason.titles.some((title) => named.has(title))) continue;
    for (const title of part.reason.titles) named.add(title);
    kept.push(part.reason.text);
  }
  return kept;
}

function suggestedPart(candidate: Candidate): Part {
  const friends = candidate.suggestedBy ?? [];
  if (friends.length === 0) return { value: 0 };
  const named = friends.length > 2 ? `${friends.slice(0, 2).join(", ")} and ${friends.length - 2} more` : friends.join(" and ");
  return { value: WEIGHT.suggested, reason: { text: `Suggested by ${named}`, titles: [] } };
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
  const caution = director.caution ?? genre.caution;
  // A friend's word comes first, whatever the other signals say; a caution is never left out.
  const room = MAX_REASONS - (suggested.reason ? 1 : 0) - (caution ? 1 : 0);
  const reasons = [...(suggested.reason ? [suggested.reason.text] : []), ...mergedReasons(parts, Math.max(room, 0))];
  if (caution) reasons.push(caution);

  const found: Record<Source, boolean> = {
    tmdb: candidate.seeds.length > 0,
    "similar-users": candidate.collaborative !== undefined,
    content: candidate.fromContent || director.part.value > 0 || cast.value > 0,
  };
  const sources = SOURCES.filter((source) => found[source]);
  return { candidate, score: Math.round(score * 100) / 100, reasons, sources };
}
