// TMDB lists every account shares, kept in TmdbListCache for a week: the watch providers
// (/watch/providers/movie) and every region's certification scale (/certification/movie/list).
// A stale copy still serves while TMDB is down; with none, the caller gets TMDB's error.
import type { Db, Prisma } from "../db/client.js";
import type { CertificationScales, TmdbClient, WatchProviderListEntry } from "../tmdb/types.js";

export const LIST_TTL_MS = 7 * 24 * 60 * 60 * 1000;

interface ListDeps {
  db: Db;
  tmdb: TmdbClient;
}

async function cachedList<T>(db: Db, key: string, fetchList: () => Promise<T>): Promise<T> {
  const cached = await db.tmdbListCache.findUnique({ where: { key } });
  if (cached && Date.now() - cached.fetchedAt.getTime() < LIST_TTL_MS) return cached.body as T;
  let body: T;
  try {
    body = await fetchList();
  } catch (error) {
    if (cached) return cached.body as T;
    throw error;
  }
  const json = body as unknown as Prisma.InputJsonValue;
  const fetchedAt = new Date();
  await db.tmdbListCache.upsert({ where: { key }, create: { key, body: json, fetchedAt }, update: { body: json, fetchedAt } });
  return body;
}

export const watchProviderList = ({ db, tmdb }: ListDeps): Promise<WatchProviderListEntry[]> =>
  cachedList(db, "watch-providers", () => tmdb.getWatchProviderList());

export const certificationScales = ({ db, tmdb }: ListDeps): Promise<CertificationScales> =>
  cachedList(db, "certifications", () => tmdb.getCertificationScales());
