// Each film's movie JSON, serialized and UTF-8 encoded once and kept while its Movie row is the same
// version: a 5,000-entry list then answers from these bytes instead of reading, parsing, mapping and
// encoding the same 4.5 MB of films' columns every time (docs/lists.md, "Speed"). The version is
// PostgreSQL's `xmin`, which every update of the row changes, so a film changed by any process of the
// server is read again; the caller reads it beside the rows that name the films.
import { type Db, Prisma } from "../db/client.js";
import { currentImageBaseUrl } from "./images.js";
import { MOVIE_JSON_COLUMNS, type MovieJsonColumns, toMovieJson } from "./movie-json.js";
import { currentRegion } from "./region.js";

/** A film as a listing names it: its Movie id and the row's version (`m.xmin::text AS "version"`). */
export interface MovieVersion {
  movieId: string;
  version: string;
}

/** Selects a film's MovieVersion from `m` (a Movie row). */
export const MOVIE_VERSION_COLUMNS = Prisma.raw(`m."id" AS "movieId", m."xmin"::text AS "version"`);

/** ~1 KB a film: the bytes of some 30,000 films' JSON, the least recently used dropped first. */
export const MOVIE_JSON_CACHE_BYTES = 32 * 1024 * 1024;

interface Cached {
  version: string;
  json: Buffer;
}

/** Per database (tests open many in one process), keyed by what the JSON depends on and the film. */
const caches = new WeakMap<Db, { entries: Map<string, Cached>; bytes: number }>();

function cacheOf(db: Db) {
  const cache = caches.get(db) ?? { entries: new Map<string, Cached>(), bytes: 0 };
  caches.set(db, cache);
  return cache;
}

/**
 * The movie JSON of each film, in `films`' order: from the cache when its version is the one read,
 * else read (one query for all those missing) and kept. Undefined for a film deleted since the
 * caller's read (its entries went with it).
 */
export async function movieJsonBytes(db: Db, films: MovieVersion[], maxBytes = MOVIE_JSON_CACHE_BYTES): Promise<(Buffer | undefined)[]> {
  const cache = cacheOf(db);
  // The certification shown is the request's region's, and posters' URLs start with the image base.
  const context = `${currentRegion()} ${currentImageBaseUrl()} `;
  const found: (Buffer | undefined)[] = films.map(({ movieId, version }) => {
    const key = context + movieId;
    const cached = cache.entries.get(key);
    if (cached?.version !== version) return undefined;
    // Most recently used last: Map keeps insertion order.
    cache.entries.delete(key);
    cache.entries.set(key, cached);
    return cached.json;
  });
  const missing = [...new Set(films.filter((_, i) => !found[i]).map((film) => film.movieId))];
  if (missing.length === 0) return found;

  const rows = await db.$queryRaw<(MovieJsonColumns & MovieVersion)[]>`
    SELECT ${MOVIE_VERSION_COLUMNS}, ${MOVIE_JSON_COLUMNS} FROM "Movie" m WHERE m."id" = ANY(${missing})`;
  const read = new Map<string, Buffer>();
  for (const row of rows) {
    const json = Buffer.from(JSON.stringify(toMovieJson(row)));
    read.set(row.movieId, json);
    const key = context + row.movieId;
    const replaced = cache.entries.get(key);
    if (replaced) cache.bytes -= replaced.json.length;
    cache.entries.delete(key);
    cache.entries.set(key, { version: row.version, json });
    cache.bytes += json.length;
  }
  for (const [key, { json }] of cache.entries) {
    if (cache.bytes <= maxBytes) break;
    cache.entries.delete(key);
    cache.bytes -= json.length;
  }
  return found.map((json, i) => json ?? read.get(films[i].movieId));
}
