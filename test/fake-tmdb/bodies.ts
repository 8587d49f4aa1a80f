// TMDB v3 response bodies built from the fake catalogue, in the shapes of the real API
// (learned from recorded TMDB responses, which stay outside the repo): extra keys the client ignores, "" dates, null posters,
// error bodies with and without `success`.
import { type FakeMovie, fakeGenres, personId } from "./catalogue.js";
import { imdbIdOf } from "./imdb.js";
import { productionCountriesBody, releaseDatesBody, watchProvidersBody } from "./watch.js";

export const PAGE_SIZE = 20;

const genreName = new Map(fakeGenres.map((genre) => [genre.id, genre.name]));

const voteCountOf = (movie: FakeMovie) => movie.voteCount ?? Math.round(movie.popularity * 100);

const posterOf = (movie: FakeMovie) => (movie.posterPath === undefined ? `/fake-poster-${movie.id}.jpg` : movie.posterPath);

export function summaryBody(movie: FakeMovie, options: { mediaType?: boolean } = {}): Record<string, unknown> {
  const item: Record<string, unknown> = {
    adult: false,
    backdrop_path: movie.posterPath === null ? null : `/fake-backdrop-${movie.id}.jpg`,
    genre_ids: movie.genreIds,
    id: movie.id,
    original_language: movie.originalLanguage ?? "en",
    original_title: movie.originalTitle ?? movie.title,
    overview: movie.overview,
    popularity: movie.popularity,
    poster_path: posterOf(movie),
    release_date: movie.releaseDate,
    softcore: false, // 2026 recordings carry it; an unknown key for the client
    title: movie.title,
    video: false,
    vote_average: movie.voteAverage,
    vote_count: voteCountOf(movie),
  };
  if (options.mediaType) item.media_type = "movie";
  if (movie.legacyShape) {
    delete item.genre_ids;
    delete item.popularity;
    delete item.softcore;
  }
  return item;
}

export function pageBody(movies: FakeMovie[], page: number, options: { mediaType?: boolean } = {}) {
  const start = (page - 1) * PAGE_SIZE;
  return {
    page,
    results: movies.slice(start, start + PAGE_SIZE).map((movie) => summaryBody(movie, options)),
    total_pages: Math.max(1, Math.ceil(movies.length / PAGE_SIZE)),
    total_results: movies.length,
  };
}

function person(name: string) {
  return {
    adult: false,
    gender: 0,
    id: personId(name),
    known_for_department: "Acting",
    name,
    original_name: name,
    popularity: 1.5,
    profile_path: null,
  };
}

/** The cast and crew lists; the standalone /credits adds the movie id, the appended ones do not. */
export function creditsBody(movie: FakeMovie) {
  const cast = movie.cast.map(([name, character], index) => ({
    ...person(name),
    cast_id: index + 1,
    character,
    credit_id: `fake${movie.id}c${index}`,
    order: index,
  }));
  const jobs: Array<[string, string]> = [...movie.directors.map((name): [string, string] => [name, "Director"]), ...(movie.crew ?? [])];
  const crew = jobs.map(([name, job], index) => ({
    ...person(name),
    known_for_department: job === "Director" ? "Directing" : "Production",
    credit_id: `fake${movie.id}k${index}`,
    department: job === "Director" || job === "Co-Director" ? "Directing" : job === "Producer" ? "Production" : "Writing",
    job,
  }));
  return { cast, crew };
}

export function detailsBody(movie: FakeMovie, appended: string[]): Record<string, unknown> {
  const body: Record<string, unknown> = {
    adult: false,
    backdrop_path: movie.posterPath === null ? null : `/fake-backdrop-${movie.id}.jpg`,
    belongs_to_collection: null,
    budget: 0,
    genres: movie.genreIds.map((id) => ({ id, name: genreName.get(id) })),
    homepage: "",
    id: movie.id,
    imdb_id: movie.imdbId ?? imdbIdOf(movie.id),
    original_language: movie.originalLanguage ?? "en",
    original_title: movie.originalTitle ?? movie.title,
    overview: movie.overview,
    popularity: movie.popularity,
    poster_path: posterOf(movie),
    production_companies: [],
    production_countries: productionCountriesBody(movie),
    release_date: movie.releaseDate,
    revenue: 0,
    runtime: movie.runtime,
    spoken_languages: [],
    status: movie.releaseDate ? "Released" : "In Production",
    tagline: "",
    title: movie.title,
    video: false,
    vote_average: movie.voteAverage,
    vote_count: voteCountOf(movie),
    ...movie.extraFields,
  };
  if (appended.includes("credits")) body.credits = creditsBody(movie);
  if (appended.includes("release_dates")) body.release_dates = releaseDatesBody(movie);
  if (appended.includes("watch/providers")) body["watch/providers"] = watchProvidersBody(movie);
  return body;
}

export const genreListBody = () => ({ genres: fakeGenres });

/** /find/{imdb_id}: the movie under movie_results; a TV series under tv_results; else empty lists. */
export function findBody(movie: FakeMovie | undefined, tvTitle?: string) {
  const tv = tvTitle ? [{ id: 1396, name: tvTitle, original_name: tvTitle, media_type: "tv", first_air_date: "2008-01-20" }] : [];
  return {
    movie_results: movie ? [{ ...summaryBody(movie), media_type: "movie" }] : [],
    person_results: [],
    tv_results: tv,
    tv_episode_results: [],
    tv_season_results: [],
  };
}

export const errorBodies = {
  // The 2016 recording has no `success` key.
  401: { status_code: 7, status_message: "Invalid API key: You must be granted a valid key." },
  404: { success: false, status_code: 34, status_message: "The resource you requested could not be found." },
  400: {
    status_code: 22,
    status_message: "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.",
    success: false,
  },
  422: { errors: ["query must be provided"] },
  429: { status_code: 25, status_message: "Your request count (41) is over the allowed limit of 40.", success: false },
  500: { status_code: 11, status_message: "Internal error: Something went wrong, contact TMDb.", success: false },
  503: { status_code: 9, status_message: "Service offline: This service is temporarily offline, try again later.", success: false },
} as const;

export function failureBody(status: number): string {
  const known = errorBodies[status as keyof typeof errorBodies];
  // Other statuses come from proxies in front of TMDB: an HTML page, not JSON.
  return known ? JSON.stringify(known) : `<html><body><h1>${status}</h1></body></html>`;
}
