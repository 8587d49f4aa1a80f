// Genres: those met in the cached movies and TMDB's list, and a genre named by a person (`--genre`).
// Used by recommendations, pick and the candidates they complete.
import type { Genre } from "../tmdb/types.js";
import { InvalidRequestError } from "./errors.js";
import type { MovieDeps } from "./movies.js";

export class UnknownGenreError extends InvalidRequestError {
  constructor(
    readonly genre: string,
    readonly known: string[],
  ) {
    super(`unknown genre "${genre}"; known genres: ${known.join(", ")}`);
  }
}

/**
 * Every genre met in the cached movies, from the MovieFeature lookup: a skip scan of its
 * (kind, key) index, one probe per distinct genre, instead of expanding every cached film's JSON.
 */
export function knownGenres(deps: MovieDeps): Promise<Genre[]> {
  return deps.db.$queryRaw<Genre[]>`
    WITH RECURSIVE genre AS (
      (SELECT key FROM "MovieFeature" WHERE kind = 'genre' ORDER BY key LIMIT 1)
      UNION ALL
      SELECT (SELECT f.key FROM "MovieFeature" f WHERE f.kind = 'genre' AND f.key > genre.key ORDER BY f.key LIMIT 1)
      FROM genre WHERE genre.key IS NOT NULL
    ),
    named AS (
      SELECT genre.key::int AS id,
             (SELECT f.name FROM "MovieFeature" f WHERE f.kind = 'genre' AND f.key = genre.key AND f.name IS NOT NULL LIMIT 1) AS name
      FROM genre WHERE genre.key IS NOT NULL
    )
    SELECT id, name FROM named WHERE name IS NOT NULL`;
}

/** The genre of that name, from the cached movies or else TMDB's genre list. */
export async function resolveGenre(deps: MovieDeps, name: string): Promise<Genre> {
  const wanted = name.trim().toLowerCase();
  const matching = (genres: Genre[]) => genres.find((genre) => genre.name.toLowerCase() === wanted);
  const cached = await knownGenres(deps);
  const found = matching(cached);
  if (found) return found;
  let all = cached;
  try {
    all = await deps.tmdb.getGenres();
  } catch {
    // Without TMDB the cached genres are all we know.
  }
  const fromTmdb = matching(all);
  if (fromTmdb) return fromTmdb;
  throw new UnknownGenreError(name, [...new Set(all.map((genre) => genre.name))].sort());
}
