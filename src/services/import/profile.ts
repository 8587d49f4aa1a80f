// What an import brings to the profile (a Letterboxd profile.csv, a version 3 export): each field it
// gives replaces the account's, one it leaves out (null) is kept; the favourite films come as entries
// with their place, and the places after the last one the source names are cleared. Inside the
// import's transaction: Profile and FavouriteFilm are tracked, so undo takes them back with the rest;
// visibility and share-taste are User columns, outside undo (as with `profile set`).
import { randomUUID } from "node:crypto";
import type { Prisma } from "../../db/client.js";
import { type Visibility, visibilityColumn, visibilityOf } from "../visibility.js";
import { counts, type ImportCounts, type MatchedEntry } from "./write.js";

export interface ProfileImport {
  bio?: string | null;
  avatar?: string | null;
  region?: string | null;
  services?: number[] | null;
  visibility?: Visibility | null;
  shareTaste?: boolean | null;
  /** How many favourite films the source names: places after it are cleared. */
  favourites?: number | null;
}

type ProfileColumns = { bio: string | null; avatar: string | null; region: string | null; services: number[] };
const PROFILE_COLUMNS = ["bio", "avatar", "region", "services"] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function writeImportedProfile(
  tx: Prisma.TransactionClient,
  userId: string,
  profile: ProfileImport | null,
  entries: MatchedEntry[],
): Promise<ImportCounts> {
  const result = counts();
  const count = (before: unknown, after: unknown) => {
    if (same(before, after)) result.unchanged++;
    else if (before === null || (Array.isArray(before) && before.length === 0)) result.added++;
    else result.updated++;
  };

  if (profile) {
    const stored = await tx.profile.findUnique({ where: { userId }, select: { bio: true, avatar: true, region: true, services: true } });
    const current: ProfileColumns = stored ?? { bio: null, avatar: null, region: null, services: [] };
    const changes: Partial<ProfileColumns> = {};
    for (const column of PROFILE_COLUMNS) {
      const value = profile[column];
      if (value === null || value === undefined) continue;
      count(current[column], value);
      if (!same(current[column], value)) Object.assign(changes, { [column]: value });
    }
    if (Object.keys(changes).length) await tx.profile.upsert({ where: { userId }, create: { userId, ...changes }, update: changes });

    if (profile.visibility || (profile.shareTaste ?? null) !== null) {
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { visibility: true, shareTaste: true } });
      const data: Prisma.UserUpdateInput = {};
      if (profile.visibility) {
        if (visibilityOf(user.visibility) === profile.visibility) result.unchanged++;
        else {
          result.updated++;
          data.visibility = visibilityColumn(profile.visibility);
        }
      }
      if (typeof profile.shareTaste === "boolean") {
        if (user.shareTaste === profile.shareTaste) result.unchanged++;
        else {
          result.updated++;
          data.shareTaste = profile.shareTaste;
        }
      }
      if (Object.keys(data).length) await tx.user.update({ where: { id: userId }, data });
    }
  }

  const wanted = entries.filter((entry) => entry.favourite).map((entry) => ({ position: entry.favourite!, movieId: entry.movie.id }));
  const clearAfter = profile?.favourites ?? null;
  if (wanted.length === 0 && clearAfter === null) return result;
  const favourites = await tx.favouriteFilm.findMany({ where: { userId }, select: { id: true, movieId: true, position: true } });
  for (const { position, movieId } of wanted) {
    const there = favourites.find((row) => row.position === position);
    if (there?.movieId === movieId) {
      result.unchanged++;
      continue;
    }
    if (there) result.updated++;
    else result.added++;
    // The film leaves any other place it had; the place's film leaves the favourites.
    const moved = favourites.filter((row) => row.position === position || row.movieId === movieId);
    await tx.favouriteFilm.deleteMany({ where: { id: { in: moved.map((row) => row.id) } } });
    const row = { id: randomUUID(), userId, movieId, position };
    await tx.favouriteFilm.create({ data: row });
    favourites.splice(0, favourites.length, ...favourites.filter((kept) => !moved.includes(kept)), row);
  }
  if (clearAfter !== null) {
    const cleared = favourites.filter((row) => row.position > clearAfter);
    result.updated += cleared.length;
    if (cleared.length) await tx.favouriteFilm.deleteMany({ where: { id: { in: cleared.map((row) => row.id) } } });
  }
  return result;
}
