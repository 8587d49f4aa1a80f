// `watchlist export`: the whole account as one JSON document (version 1), keeping every timestamp so
// that an export imported into an empty account reproduces it exactly (import: services/import/).
import type { Db, Priority, Rating } from "../db/client.js";
import { NotFoundError } from "./errors.js";
import { yearOf } from "./movie-json.js";

export const EXPORT_VERSION = 1;

export interface ExportDocument {
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  user: { username: string; email: string };
  ratings: { tmdbId: number; title: string; year: number | null; rating: Rating; watched: boolean; createdAt: Date; updatedAt: Date }[];
  watchlist: { tmdbId: number; title: string; year: number | null; priority: Priority; addedAt: Date }[];
}

export async function exportAccount(db: Db, userId: string, now = new Date()): Promise<ExportDocument> {
  const [user, ratings, watchlist] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { username: true, email: true } }),
    db.userMovie.findMany({ where: { userId }, include: { movie: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db.watchlist.findMany({ where: { userId }, include: { movie: true }, orderBy: [{ addedAt: "asc" }, { id: "asc" }] }),
  ]);
  if (!user) throw new NotFoundError("account not found");
  return {
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    user,
    ratings: ratings.map((row) => ({
      tmdbId: row.movie.tmdbId,
      title: row.movie.title,
      year: yearOf(row.movie.releaseDate),
      rating: row.rating,
      watched: row.watched,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    })),
    watchlist: watchlist.map((row) => ({
      tmdbId: row.movie.tmdbId,
      title: row.movie.title,
      year: yearOf(row.movie.releaseDate),
      priority: row.priority,
      addedAt: row.addedAt,
    })),
  };
}
