// Profiles: who a member is to others (bio, avatar, favourite films, member since, counts, recent
// viewings and reviews) and what is theirs alone (region, streaming services, share-taste). Another
// member's profile goes through the visibility gate: hidden answers as a missing user.
import type { Db, Prisma } from "../db/client.js";
import { startActivity } from "./activity.js";
import { InvalidRequestError } from "./errors.js";
import { type HistoryEntryJson, listHistory } from "./history.js";
import { countVisibleLists } from "./lists.js";
import { type MovieJson, toMovieJson } from "./movie-json.js";
import { getMovie, type MovieDeps } from "./movies.js";
import { resolveProviders } from "./provider-names.js";
import { listReviews, type ReviewJson } from "./reviews.js";
import { watchProviderList } from "./tmdb-lists.js";
import { lockAccount, TRANSACTION_OPTIONS } from "./user-movie-lock.js";
import { requireVisibleOwner, type Visibility, visibilityColumn, visibilityOf } from "./visibility.js";

export const MAX_FAVOURITES = 4;
const RECENT = 5;

export interface ServiceJson {
  id: number;
  /** The provider's name from TMDB's provider list; null when TMDB could not be asked and none is stored, or TMDB dropped the provider. */
  name: string | null;
}

export interface ProfileJson {
  username: string;
  bio: string | null;
  avatar: string | null;
  favourites: MovieJson[];
  memberSince: Date;
  visibility: Visibility;
  counts: { ratings: number; viewings: number; queue: number; lists: number; reviews: number };
  recent: { viewings: HistoryEntryJson[]; reviews: ReviewJson[] };
}

/** The owner's own view adds what nobody else sees. */
export interface OwnProfileJson extends ProfileJson {
  region: string | null;
  services: ServiceJson[];
  shareTaste: boolean;
}

export interface ProfilePatch {
  bio?: string | null;
  avatar?: string | null;
  /** TMDB ids, in order; [] clears them. */
  favourites?: number[];
  region?: string | null;
  /** Provider names or TMDB provider ids, resolved with TMDB's provider list; [] clears them. */
  services?: (string | number)[];
  visibility?: Visibility;
  shareTaste?: boolean;
}

/**
 * Provider names by id from TMDB's provider list (cached a week). A profile is still worth showing
 * when TMDB cannot be asked and nothing is stored: the ids alone, names null.
 */
async function providerNames(deps: MovieDeps, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  try {
    return new Map((await watchProviderList(deps)).map((provider) => [provider.id, provider.name]));
  } catch (error) {
    deps.logger?.warn("provider names not known", { error: (error as Error).message });
    return new Map();
  }
}

export async function getOwnProfile(deps: MovieDeps, userId: string): Promise<OwnProfileJson> {
  const { db } = deps;
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { username: true, shareTaste: true, profile: { select: { region: true, services: true } } },
  });
  const ids = user.profile?.services ?? [];
  const names = await providerNames(deps, ids);
  return {
    ...(await publicProfile(db, userId, user.username, userId)),
    region: user.profile?.region ?? null,
    services: ids.map((id) => ({ id, name: names.get(id) ?? null })),
    shareTaste: user.shareTaste,
  };
}

/** Another member's profile, when their visibility lets the viewer see it (else the gate's 404). */
export async function getProfileOf(db: Db, viewerId: string, username: string): Promise<ProfileJson> {
  const owner = await requireVisibleOwner(db, viewerId, username);
  return publicProfile(db, owner.id, owner.username, viewerId);
}

/** The profile as `viewerId` sees it once the gate let them in: lists are counted only when the viewer may see them. */
async function publicProfile(db: Db, userId: string, username: string, viewerId: string): Promise<ProfileJson> {
  const [user, ratings, viewings, queue, reviews, lists, viewed, reviewed] = await Promise.all([
    db.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        createdAt: true,
        visibility: true,
        profile: { select: { bio: true, avatar: true } },
        favourites: { orderBy: { position: "asc" }, select: { movie: true } },
      },
    }),
    db.userMovie.count({ where: { userId } }),
    db.viewing.count({ where: { userId } }),
    db.watchlist.count({ where: { userId } }),
    db.review.count({ where: { userId } }),
    countVisibleLists(db, viewerId, userId),
    listHistory(db, userId, { limit: RECENT }).then((page) => page.items),
    listReviews(db, userId, { limit: RECENT }),
  ]);
  return {
    username,
    bio: user.profile?.bio ?? null,
    avatar: user.profile?.avatar ?? null,
    favourites: user.favourites.map((favourite) => toMovieJson(favourite.movie)),
    memberSince: user.createdAt,
    visibility: visibilityOf(user.visibility),
    counts: { ratings, viewings, queue, lists, reviews },
    recent: { viewings: viewed, reviews: reviewed },
  };
}

/**
 * Changes the fields given, in one transaction recorded as a `profile` activity (undo restores the
 * bio, avatar, favourites, region and services; visibility and share-taste are User columns, outside
 * undo). Favourite films and streaming services are looked up (TMDB when not cached) before anything
 * is written: an unknown one changes nothing.
 */
export async function updateProfile(deps: MovieDeps, userId: string, patch: ProfilePatch) {
  const { db } = deps;
  // An unknown name is a 422 naming the closest ones (UnknownProviderError).
  const services = patch.services && (await resolveProviders(deps, patch.services.map(String))).map((provider) => provider.id);
  let favouriteIds: string[] | undefined;
  if (patch.favourites) {
    if (new Set(patch.favourites).size !== patch.favourites.length) throw new InvalidRequestError("a film is among the favourites twice");
    if (patch.favourites.length > MAX_FAVOURITES) throw new InvalidRequestError(`at most ${MAX_FAVOURITES} favourite films`);
    favouriteIds = [];
    for (const tmdbId of patch.favourites) {
      const found = await getMovie(deps, tmdbId).catch((error: { kind?: string }) => {
        if (error.kind === "not_found") throw new InvalidRequestError(`favourite film ${tmdbId}: TMDB has no such film`);
        throw error;
      });
      favouriteIds.push(found.movie.id);
    }
  }
  await db.$transaction(async (tx) => {
    await lockAccount(tx, userId);
    await startActivity(tx, { userId, action: "profile" });
    const fields: { bio?: string | null; avatar?: string | null; region?: string | null; services?: number[] } = {};
    if (patch.bio !== undefined) fields.bio = patch.bio;
    if (patch.avatar !== undefined) fields.avatar = patch.avatar;
    if (patch.region !== undefined) fields.region = patch.region;
    if (services) fields.services = services;
    if (Object.keys(fields).length) await tx.profile.upsert({ where: { userId }, create: { ...fields, userId }, update: fields });
    if (favouriteIds) await replaceFavourites(tx, userId, favouriteIds);
    if (patch.visibility !== undefined || patch.shareTaste !== undefined) {
      await tx.user.update({
        where: { id: userId },
        data: {
          ...(patch.visibility ? { visibility: visibilityColumn(patch.visibility) } : {}),
          ...(patch.shareTaste !== undefined ? { shareTaste: patch.shareTaste } : {}),
        },
      });
    }
  }, TRANSACTION_OPTIONS);
  return getOwnProfile(deps, userId);
}

/** The favourites in this order; rows that stay where they are are left alone (undo sees only changes). */
async function replaceFavourites(tx: Prisma.TransactionClient, userId: string, movieIds: string[]) {
  const current = await tx.favouriteFilm.findMany({ where: { userId }, select: { id: true, movieId: true, position: true } });
  const keep = current.filter((row) => movieIds[row.position - 1] === row.movieId);
  await tx.favouriteFilm.deleteMany({ where: { userId, id: { notIn: keep.map((row) => row.id) } } });
  const kept = new Set(keep.map((row) => row.position));
  await tx.favouriteFilm.createMany({
    data: movieIds.flatMap((movieId, index) => (kept.has(index + 1) ? [] : [{ userId, movieId, position: index + 1 }])),
  });
}
