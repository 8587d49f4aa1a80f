// The movie JSON shape of every answer (GET /openapi.json, docs/api.md), built from a cached Movie row.
import { Prisma } from "../db/client.js";
import type { Movie } from "../generated/prisma/client.js";
import type { CastMember, Genre } from "../tmdb/types.js";

export interface MovieJson {
  tmdbId: number;
  title: string;
  year: number | null;
  releaseDate: string | null;
  overview: string | null;
  posterPath: string | null;
  genres: Genre[];
  /** Several directors joined with ", " (Movie keeps one string column). */
  director: string | null;
  directors: string[];
  cast: CastMember[];
  runtime: number | null;
}

export const DIRECTOR_SEPARATOR = ", ";

export function yearOf(releaseDate: string | null | undefined): number | null {
  const year = releaseDate ? Number(releaseDate.slice(0, 4)) : NaN;
  return Number.isInteger(year) && year > 0 ? year : null;
}

/** The Movie columns toMovieJson reads: a raw query of a hot listing selects these (`m` is Movie). */
export type MovieJsonColumns = Pick<
  Movie,
  "tmdbId" | "title" | "releaseDate" | "overview" | "posterPath" | "genres" | "director" | "cast" | "runtime"
>;
export const MOVIE_JSON_COLUMNS = Prisma.raw(
  `m."tmdbId", m."title", m."releaseDate", m."overview", m."posterPath", m."genres", m."director", m."cast", m."runtime"`,
);

export function toMovieJson(movie: MovieJsonColumns): MovieJson {
  return {
    tmdbId: movie.tmdbId,
    title: movie.title,
    year: yearOf(movie.releaseDate),
    releaseDate: movie.releaseDate,
    overview: movie.overview,
    posterPath: movie.posterPath,
    genres: (movie.genres as Genre[] | null) ?? [],
    director: movie.director,
    directors: movie.director ? movie.director.split(DIRECTOR_SEPARATOR) : [],
    cast: (movie.cast as CastMember[] | null) ?? [],
    runtime: movie.runtime,
  };
}
