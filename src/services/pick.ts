// `watchlist pick --with a,b`: films for the caller and some friends to watch together. Only films
// none of them rated or watched; the films on anyone's queue first, then recommendations that fit
// everyone. Each person is scored with their own taste by the recommender's own signals (TMDB lists
// of their liked films, similar users, shared directors and actors, genres: candidate-pool.ts and
// recommendation-scoring.ts), and a predicted DISLIKE of anyone pulls a film to the bottom.
import type { Db, Priority, Rating } from "../db/client.js";
import type { Genre } from "../tmdb/types.js";
import { completeMovies, gatherCandidates, MAX_SEED_MOVIES, MIN_SCORE } from "./candidate-pool.js";
import { collaborativeCandidates, contentCandidates } from "./candidates.js";
import { applyFilmFilter, type FilmFilterInput, resolveFilmFilter } from "./film-filters.js";
import { type Friend, requireFriends } from "./friends.js";
import { resolveGenre } from "./genres.js";
import { filmsSeenByAll } from "./lists.js";
import { DIRECTOR_SEPARATOR, type MovieJson, toMovieJson } from "./movie-json.js";
import type { MovieDeps } from "./movies.js";
import { recommendationLists } from "./recommendation-lists.js";
import { type Candidate, candidateGenreIds, type Scored, scoreCandidate } from "./recommendation-scoring.js";
import { RATING_EMOJI, RATING_WEIGHT, round } from "./taste.js";
import { affinity, CAST_CONSIDERED, featureId, loadTasteProfile, type TasteProfile } from "./taste-profile.js";
import { mayView, visibilityOf } from "./visibility.js";
import { fillInDetails } from "./watch-refresh.js";

export const DEFAULT_PICK_LIMIT = 10;
export const MAX_GROUP = 10;
/** Films ranked before the completion from TMDB, beyond the limit (completion may change the order). */
const COMPLETION_MARGIN = 5;
/** Taken off the group score per person predicted to dislike a film: far below anything liked. */
const DISLIKE_PENALTY = 5;
/** What queueing a film says about its queuer, at least (their own taste may say more). */
const QUEUED_SCORE: Record<Priority, number> = { HIGH: 2.5, MEDIUM: 1.5, LOW: 1 };

/** A person's score (the recommender's scale) read as the level they would probably rate the film. */
export function predictedLevel(score: number): Rating {
  if (score >= 2.5) return "SUPER_LIKE";
  if (score >= 0.75) return "LIKE";
  if (score > -0.75) return "OK";
  return "DISLIKE";
}

export interface PickOptions {
  with: string[];
  limit?: number;
  /** Minutes; films of unknown runtime are left out when it is given. */
  maxRuntime?: number;
  genre?: string;
  /** Pick among this list's films only (`owner/name`; every member of the group must be able to see it). */
  from?: { owner: string; name: string };
  /**
   * Only films passing these (as stored), in the caller's region; `mine` is any member's services.
   * `onRefreshing` hears how many are refreshed in the background.
   */
  filter?: FilmFilterInput;
  onRefreshing?: (count: number) => void;
  /** Hears how many of the group's films are still without details (an import's, being filled in): they count as stored. */
  onDetailsPending?: (count: number) => void;
}

export interface PickPersonJson {
  username: string;
  predicted: Rating;
  reason: string;
}

export interface PickJson {
  movie: MovieJson;
  score: number;
  queuedBy: string[];
  people: PickPersonJson[];
}

interface Member extends Friend {
  taste: TasteProfile;
  candidates: Map<number, Candidate>;
  /** Their rating of each film they rated, by title (for the reasons). */
  ratingOf: Map<string, Rating>;
  /** A friend whose visibility keeps their ratings from the caller: their reason names none of their films. */
  ratingsHidden: boolean;
}

interface Film {
  tmdbId: number;
  queuedBy: { userId: string; username: string; priority: Priority }[];
  /** Each member's view of the film (their own candidate, or a blank one to score). */
  views: Map<string, Candidate>;
}

interface Ranked {
  film: Film;
  score: number;
  queued: boolean;
  dislikers: number;
  /** Worded only for the films shown: a reason per person per candidate would cost more than the scores. */
  people: () => PickPersonJson[];
}

export async function pick(deps: MovieDeps, userId: string, options: PickOptions): Promise<PickJson[]> {
  const { db } = deps;
  const limit = options.limit ?? DEFAULT_PICK_LIMIT;
  const started = performance.now();
  const laps: Record<string, number> = {};
  const lap = (stage: string) => {
    laps[stage] = Math.round(performance.now() - started);
  };
  const me = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, username: true } });
  // The caller is always in the group: naming oneself is harmless.
  const friends = await requireFriends(
    db,
    userId,
    options.with.filter((name) => name !== me.username),
  );
  const genre = options.genre ? await resolveGenre(deps, options.genre) : undefined;
  const people: Friend[] = [me, ...friends];
  const ids = people.map((person) => person.id);
  const filter = options.filter ? await resolveFilmFilter(deps, options.filter, ids) : undefined;

  // A notice only: its failure must not fail the pick (nor go unhandled while the pick fails first).
  const detailsPending = fillInDetails(deps, ids).catch(() => 0);
  const listed = options.from ? await filmsSeenByAll(db, ids, options.from.owner, options.from.name) : undefined;
  const [excluded, queue, hidden, members] = await Promise.all([
    seenByAnyone(db, ids),
    db.watchlist.findMany({ where: { userId: { in: ids } }, include: { movie: true }, orderBy: { addedAt: "asc" } }),
    ratingsHiddenFrom(db, friends),
    Promise.all(people.map((person) => loadMember(deps, person, genre, person.id === userId))),
  ]);
  for (const member of members) member.ratingsHidden = hidden.has(member.id);

  lap("members");
  const films = new Map<number, Film>();
  const film = (tmdbId: number) => {
    let found = films.get(tmdbId);
    if (!found) {
      found = { tmdbId, queuedBy: [], views: new Map() };
      films.set(tmdbId, found);
    }
    return found;
  };
  const movies = new Map<number, MovieJson>();
  const usernames = new Map(people.map((person) => [person.id, person.username]));
  for (const entry of queue) {
    if (excluded.has(entry.movie.tmdbId)) continue;
    movies.set(entry.movie.tmdbId, toMovieJson(entry.movie));
    film(entry.movie.tmdbId).queuedBy.push({ userId: entry.userId, username: usernames.get(entry.userId)!, priority: entry.priority });
  }
  for (const member of members) {
    for (const candidate of member.candidates.values()) {
      if (excluded.has(candidate.tmdbId)) continue;
      film(candidate.tmdbId);
      if (candidate.movie) movies.set(candidate.tmdbId, candidate.movie);
    }
  }
  if (listed) {
    // The list is the pool: its films all compete, and nothing else does.
    const inList = new Set(listed.map((movie) => movie.tmdbId));
    for (const movie of listed) {
      if (excluded.has(movie.tmdbId)) continue;
      film(movie.tmdbId);
      movies.set(movie.tmdbId, movie);
    }
    for (const tmdbId of films.keys()) if (!inList.has(tmdbId)) films.delete(tmdbId);
  }
  // Films only TMDB's lists named get their full record from the cache when we have it.
  const listedOnly = [...films.keys()].filter((id) => !movies.has(id));
  if (listedOnly.length > 0) {
    for (const row of await db.movie.findMany({ where: { tmdbId: { in: listedOnly } } })) movies.set(row.tmdbId, toMovieJson(row));
  }
  for (const entry of films.values()) {
    const summary = members.map((member) => member.candidates.get(entry.tmdbId)?.summary).find(Boolean);
    for (const member of members) {
      const view = member.candidates.get(entry.tmdbId) ?? { tmdbId: entry.tmdbId, seeds: [], fromContent: false };
      view.movie = movies.get(entry.tmdbId) ?? view.movie;
      view.summary ??= summary;
      entry.views.set(member.id, view);
    }
  }

  lap("films");
  const filtered = filter ? await applyFilmFilter(deps, filter, [...films.keys()]) : undefined;
  if (filtered) options.onRefreshing?.(filtered.refreshing);
  options.onDetailsPending?.(await detailsPending);
  const fits = (entry: Film, unknownRuntimeFits: boolean) => {
    const view = entry.views.get(userId)!;
    if (genre && !candidateGenreIds(view).includes(genre.id)) return false;
    if (filtered && !filtered.passing.has(entry.tmdbId)) return false;
    if (options.maxRuntime === undefined) return true;
    const runtime = view.movie?.runtime;
    return runtime === null || runtime === undefined || runtime === 0 ? unknownRuntimeFits : runtime <= options.maxRuntime;
  };
  const rankAll = (entries: Film[], unknownRuntimeFits: boolean) =>
    entries
      .filter((entry) => fits(entry, unknownRuntimeFits))
      .map((entry) => rankFilm(entry, members))
      .filter((ranked) => listed || ranked.queued || ranked.score + ranked.dislikers * DISLIKE_PENALTY >= MIN_SCORE)
      .sort(byTierThenScore);

  const shortlist = rankAll([...films.values()], true).slice(0, limit + COMPLETION_MARGIN);
  lap("ranking");
  // Films known only from a TMDB list are fetched now: their director, cast and runtime count.
  const incomplete = shortlist.map((ranked) => ranked.film.views.get(userId)!).filter((view) => !view.movie);
  await completeMovies(
    deps,
    incomplete.map((candidate): Scored => ({ candidate, score: 0, reasons: [], sources: [] })),
    true,
  );
  for (const { film: entry } of shortlist) {
    const movie = entry.views.get(userId)!.movie;
    for (const view of entry.views.values()) view.movie ??= movie;
  }

  lap("completion");
  deps.logger?.debug("pick", { userId, group: people.length, films: films.size, ms: laps });
  return rankAll(
    shortlist.map((ranked) => ranked.film),
    false,
  )
    .slice(0, limit)
    .map((ranked) => ({
      movie: ranked.film.views.get(userId)!.movie!,
      score: ranked.score,
      queuedBy: ranked.film.queuedBy.map((entry) => entry.username),
      people: ranked.people(),
    }));
}

const byTierThenScore = (a: Ranked, b: Ranked) => tier(a) - tier(b) || b.score - a.score || a.film.tmdbId - b.film.tmdbId;

/** Films nobody dislikes first, queued before recommended; films someone would dislike last. */
const tier = (ranked: Ranked) => (ranked.dislikers > 0 ? 2 : ranked.queued ? 0 : 1);

function rankFilm(film: Film, members: Member[]): Ranked {
  const views = members.map((member) => {
    const view = film.views.get(member.id)!;
    const scored = scoreCandidate(view, member.taste);
    const queued = film.queuedBy.find((entry) => entry.userId === member.id);
    const score = queued ? Math.max(scored.score, QUEUED_SCORE[queued.priority]) : scored.score;
    return { member, view, scored, queued, score, predicted: predictedLevel(score) };
  });
  const dislikers = views.filter((view) => view.predicted === "DISLIKE").length;
  const mean = views.reduce((sum, view) => sum + view.score, 0) / members.length;
  const people = () =>
    views.map(({ member, view, scored, queued, predicted }) => ({
      username: member.username,
      predicted,
      reason: queued
        ? `${member.username} queued it (${queued.priority.toLowerCase()})`
        : `${member.username}: ${member.ratingsHidden ? HIDDEN_REASON[predicted] : personalReason(view, member, scored, predicted)}`,
    }));
  return { film, score: round(mean - dislikers * DISLIKE_PENALTY, 2), queued: film.queuedBy.length > 0, dislikers, people };
}

/**
 * The friends in the group whose ratings the caller may not see (visibility `private`): a reason
 * naming their rated films would show the caller what the gate hides (docs/security.md).
 */
async function ratingsHiddenFrom(db: Db, friends: Friend[]): Promise<Set<string>> {
  const rows = await db.user.findMany({
    where: { id: { in: friends.map((friend) => friend.id) } },
    select: { id: true, visibility: true },
  });
  return new Set(rows.filter((row) => !mayView("friend", visibilityOf(row.visibility))).map((row) => row.id));
}

/** What a hidden member's reason says: the prediction, from their taste, with none of their films named. */
const HIDDEN_REASON: Record<Rating, string> = {
  SUPER_LIKE: "your taste says you would love it (your ratings are private)",
  LIKE: "your taste says you would like it (your ratings are private)",
  OK: "your taste says it would be fine (your ratings are private)",
  DISLIKE: "your taste is against it (your ratings are private)",
};

/** Films any of these users rated or has in their history (Viewing): never picked. */
async function seenByAnyone(db: Db, userIds: string[]): Promise<Set<number>> {
  const rows = await db.$queryRaw<{ tmdbId: number }[]>`
    SELECT m."tmdbId" AS "tmdbId" FROM "Movie" m
    WHERE m."id" IN (
      SELECT "movieId" FROM "UserMovie" WHERE "userId" = ANY(${userIds}::text[])
      UNION SELECT "movieId" FROM "Viewing" WHERE "userId" = ANY(${userIds}::text[]))`;
  return new Set(rows.map((row) => row.tmdbId));
}

/**
 * One person's taste and candidates, from the recommender's own sources: TMDB lists of their liked
 * films (cached) for everyone; the two SQL sources (similar users, shared directors and actors) for
 * the caller only, as they are the costliest queries and a friend's taste still scores every
 * candidate by its directors, actors and genres (bench/pick.mjs: 4 of each cost 2× the time).
 */
async function loadMember(deps: MovieDeps, person: Friend, genre: Genre | undefined, withSqlSources: boolean): Promise<Member> {
  const [taste, collaborative, content] = await Promise.all([
    loadTasteProfile(deps.db, person.id),
    withSqlSources ? collaborativeCandidates(deps.db, person.id, genre?.id, deps.crowd) : [],
    withSqlSources ? contentCandidates(deps.db, person.id, genre?.id) : [],
  ]);
  const seeds = taste.rated.filter((movie) => RATING_WEIGHT[movie.rating] > 0).slice(0, MAX_SEED_MOVIES);
  const { lists } = await recommendationLists(
    deps,
    seeds.map((seed) => seed.tmdbId),
  );
  const ratingOf = new Map(taste.rated.map((movie) => [movie.title, movie.rating]));
  return { ...person, taste, ratingOf, ratingsHidden: false, candidates: gatherCandidates(taste, lists, collaborative, content) };
}

/**
 * Why this person would (not) enjoy the film, in a few words naming their own rated films:
 * "you ❤️ Arrival, same director". The recommender's own caution speaks for a predicted dislike.
 */
function personalReason(view: Candidate, { taste, ratingOf }: Member, scored: Scored, predicted: Rating): string {
  if (predicted === "DISLIKE") {
    // The recommender words its caution as a sentence ("But it's Horror, and you disliked …").
    const caution = scored.reasons.find((reason) => reason.startsWith("But "));
    return caution ? caution.slice(4) : "little in common with what you liked";
  }
  const rated = (title: string) => `you ${RATING_EMOJI[ratingOf.get(title) ?? "LIKE"]} ${title}`;
  const feature = (kind: "genre" | "director" | "cast", key: string | number) => taste.features.get(featureId(kind, key));

  const directors = view.movie?.director ? view.movie.director.split(DIRECTOR_SEPARATOR) : [];
  const director = directors.map((name) => feature("director", name)).find((f) => f && affinity(f) > 0 && f.likedTitles.length);
  if (director) return `${rated(director.likedTitles[0])}, same director`;

  const seed = [...view.seeds].sort((a, b) => RATING_WEIGHT[b.rating] - RATING_WEIGHT[a.rating] || a.rank - b.rank)[0];
  if (seed && RATING_WEIGHT[seed.rating] > 0) return `${rated(seed.title)}, and TMDB pairs them`;

  const actor = (view.movie?.cast ?? [])
    .slice(0, CAST_CONSIDERED)
    .map((member) => feature("cast", member.id))
    .find((f) => f && affinity(f) > 0 && f.likedTitles.length);
  if (actor) return `${rated(actor.likedTitles[0])}, same actor (${actor.name})`;

  // Never counted aloud: a count that moves tells who just rated (docs/security.md).
  if (view.collaborative) return "liked by people who rate like you";
  const genres = candidateGenreIds(view)
    .map((id) => feature("genre", id))
    .filter((f) => f !== undefined && f.liked > 0 && affinity(f) > 0)
    .sort((a, b) => affinity(b!) - affinity(a!));
  if (genres[0]) {
    const { name, liked, count } = genres[0];
    if (liked === count) return count === 1 ? `you liked the one ${name} film you rated` : `you liked all ${count} ${name} films you rated`;
    return `you liked ${liked} of the ${count} ${name} films you rated`;
  }
  return taste.rated.length === 0 ? "no ratings yet to go on" : "nothing you rated says much about it";
}
