// The movie JSON shape of every answer (GET /openapi.json, docs/api.md), built from a cached Movie row.
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

export function toMovieJson(movie: Movie): MovieJson {
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
