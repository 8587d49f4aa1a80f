// The movie JSON shape of every answer (GET /openapi.json, docs/api.md), built from a cached Movie row.
import { Prisma } from "../db/client.js";
import type { Movie } from "../generated/prisma/client.js";
import type { CastMember, Genre } from "../tmdb/types.js";
import { imageUrl, POSTER_SIZE } from "./images.js";
import { currentRegion } from "./region.js";

export interface MovieJson {
  tmdbId: number;
  title: string;
  year: number | null;
  releaseDate: string | null;
  overview: string | null;
  posterPath: string | null;
  /** The poster at w500 from TMDB_IMAGE_BASE_URL; null without a poster. */
  posterUrl: string | null;
  genres: Genre[];
  /** Several directors joined with ", " (Movie keeps one string column). */
  director: string | null;
  directors: string[];
  cast: CastMember[];
  runtime: number | null;
  /** ISO 639-1 (null until the film's details are fetched again after wave 3). */
  originalLanguage: string | null;
  /** Production countries, ISO 3166-1 alpha-2. */
  countries: string[];
  /** The certification in the caller's region, null when TMDB lists none there. */
  certification: string | null;
}

export const DIRECTOR_SEPARATOR = ", ";

export function yearOf(releaseDate: string | null | undefined): number | null {
  const year = releaseDate ? Number(releaseDate.slice(0, 4)) : NaN;
  return Number.isInteger(year) && year > 0 ? year : null;
}

/** The Movie columns toMovieJson reads: a raw query of a hot listing selects these (`m` is Movie). */
export type MovieJsonColumns = Pick<
  Movie,
  | "tmdbId"
  | "title"
  | "releaseDate"
  | "overview"
  | "posterPath"
  | "genres"
  | "director"
  | "cast"
  | "runtime"
  | "originalLanguage"
  | "countries"
  | "certifications"
>;
export const MOVIE_JSON_COLUMNS = Prisma.raw(
  `m."tmdbId", m."title", m."releaseDate", m."overview", m."posterPath", m."genres", m."director", m."cast", m."runtime", m."originalLanguage", m."countries", m."certifications"`,
);

export function toMovieJson(movie: MovieJsonColumns): MovieJson {
  return {
    tmdbId: movie.tmdbId,
    title: movie.title,
    year: yearOf(movie.releaseDate),
    releaseDate: movie.releaseDate,
    overview: movie.overview,
    posterPath: movie.posterPath,
    posterUrl: imageUrl(movie.posterPath, POSTER_SIZE),
    genres: (movie.genres as Genre[] | null) ?? [],
    director: movie.director,
    directors: movie.director ? movie.director.split(DIRECTOR_SEPARATOR) : [],
    cast: (movie.cast as CastMember[] | null) ?? [],
    runtime: movie.runtime,
    originalLanguage: movie.originalLanguage ?? null,
    countries: movie.countries ?? [],
    certification: (movie.certifications as Record<string, string> | null)?.[currentRegion()] ?? null,
  };
}
