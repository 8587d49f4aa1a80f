// The <movie> argument: `Inception`, `"Dune (2021)"`, `Dune --year 2021` or `tmdb:438631`; and how
// search results are ranked against it (exact title, then year, then popularity).
import { foldTitle } from "../shared/titles.cjs";
import { usageError } from "./errors.cjs";
import type { MovieWithState } from "./types.cjs";

export type MovieArgument = { kind: "id"; tmdbId: number } | { kind: "search"; title: string; year?: number };

const ID = /^tmdb:(\d+)$/i;
const TITLE_WITH_YEAR = /^(.*\S)\s*\((\d{4})\)$/;

export function parseYear(input: string): number {
  const year = Number(input);
  if (!/^\d{4}$/.test(input.trim()) || year < 1870 || year > 2100) throw usageError(`'${input}' is not a year (e.g. --year 2021)`);
  return year;
}

export function parseMovieArgument(input: string, yearOption?: number): MovieArgument {
  const text = input.normalize("NFC").trim();
  if (!text) throw usageError('the movie is empty: give a title, "Title (Year)" or tmdb:ID');
  const id = ID.exec(text);
  if (!id && /^tmdb:/i.test(text)) throw usageError(`'${text}' is not a TMDB id: tmdb: takes digits, e.g. tmdb:27205`);
  if (id) {
    const tmdbId = Number(id[1]);
    if (tmdbId < 1 || tmdbId > 2_147_483_647) throw usageError(`'${text}' is not a TMDB id`);
    return { kind: "id", tmdbId };
  }
  const withYear = TITLE_WITH_YEAR.exec(text);
  if (withYear) {
    const year = Number(withYear[2]);
    if (yearOption !== undefined && yearOption !== year) {
      throw usageError(`'${text}' says ${year} but --year says ${yearOption}: give one`);
    }
    return { kind: "search", title: withYear[1], year };
  }
  return { kind: "search", title: text, year: yearOption };
}

/** "Dune (2021)": how a movie is named everywhere, the form parseMovieArgument reads back. */
export const movieLabel = (movie: { title: string; year: number | null }) => (movie.year ? `${movie.title} (${movie.year})` : movie.title);

/** 3: same title (case-insensitive), 2: same once accents and punctuation are dropped, 0: other. */
export function titleMatch(movie: Pick<MovieWithState, "title" | "originalTitle">, title: string): number {
  const titles = [movie.title, movie.originalTitle].filter((t): t is string => Boolean(t));
  const wanted = title.normalize("NFC").toLocaleLowerCase();
  if (titles.some((t) => t.normalize("NFC").toLocaleLowerCase() === wanted)) return 3;
  if (titles.some((t) => foldTitle(t) === foldTitle(title))) return 2;
  return 0;
}

/** Search results, best first: exact title, then the year asked for, then popularity (TMDB's order breaks ties). */
export function rankMatches<T extends MovieWithState>(results: T[], wanted: { title: string; year?: number }): T[] {
  const score = (movie: T) => ({
    title: titleMatch(movie, wanted.title),
    year: wanted.year !== undefined && movie.year === wanted.year ? 1 : 0,
    popularity: movie.popularity ?? 0,
  });
  return results
    .map((movie, index) => ({ movie, index, score: score(movie) }))
    .sort(
      (a, b) =>
        b.score.title - a.score.title || b.score.year - a.score.year || b.score.popularity - a.score.popularity || a.index - b.index,
    )
    .map(({ movie }) => movie);
}

/**
 * The matches worth asking about: those as good as the best on title and year. One left means the
 * answer is clear; with no title match at all, every result is a candidate.
 */
export function plausibleMatches<T extends MovieWithState>(ranked: T[], wanted: { title: string; year?: number }): T[] {
  const best = ranked[0];
  if (!best) return [];
  const key = (movie: T) => `${titleMatch(movie, wanted.title)}:${wanted.year !== undefined && movie.year === wanted.year}`;
  if (titleMatch(best, wanted.title) === 0) return ranked;
  return ranked.filter((movie) => key(movie) === key(best));
}
