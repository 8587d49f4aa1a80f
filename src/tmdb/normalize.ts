// Turns TMDB's JSON into the client's types. TMDB's shapes drift over the years (fields added,
// "" for unknown dates, nulls, keys missing in old records), so every field but the id and title
// is optional and a field of the wrong type reads as missing instead of failing the whole answer.
import { z } from "zod";
import { type CastMember, type Genre, TmdbError, type TmdbMovieDetails, type TmdbMovieSummary, type TmdbPage } from "./types.js";

export const TOP_CAST = 10;
const MAX_RUNTIME_MINUTES = 10_000;

// PostgreSQL text cannot hold NUL: a stray one in TMDB's data must not make the movie unstorable.
const text = z.string().transform((value) => value.replaceAll("\u0000", ""));
const lenientText = text.nullish().catch(null);
const lenientNumber = z.number().nullish().catch(null);
const lenientList = <T extends z.ZodType>(item: T) => z.array(item).nullish().catch(null);

const genreSchema = z.looseObject({ id: z.number(), name: text });

const movieFields = {
  id: z.number().int(),
  title: text,
  original_title: lenientText,
  release_date: lenientText,
  overview: lenientText,
  poster_path: lenientText,
  popularity: lenientNumber,
  vote_average: lenientNumber,
  vote_count: lenientNumber,
};

const summarySchema = z.looseObject({ ...movieFields, genre_ids: lenientList(z.number()) });

const pageSchema = z.looseObject({
  page: z.number().int(),
  total_pages: lenientNumber,
  total_results: lenientNumber,
  results: z.array(z.unknown()),
});

const castSchema = z.looseObject({ id: z.number(), name: text, character: lenientText, order: lenientNumber });
const crewSchema = z.looseObject({ name: text, job: lenientText });

const detailsSchema = z.looseObject({
  ...movieFields,
  genres: lenientList(z.unknown()),
  runtime: lenientNumber,
  imdb_id: lenientText,
  // Nested by append_to_response=credits: {cast, crew} without the id of the standalone /credits.
  credits: z
    .looseObject({ cast: lenientList(z.unknown()), crew: lenientList(z.unknown()) })
    .nullish()
    .catch(null),
});

const genreListSchema = z.looseObject({ genres: z.array(z.unknown()) });

const findSchema = z.looseObject({ movie_results: lenientList(z.unknown()) });

/** IMDb title ids: "tt" and digits (TMDB sends "" or null for a movie without one). */
export const IMDB_ID = /^tt\d{1,10}$/;

/** "" and null both mean "unknown" in TMDB's answers. */
const orNull = (value: string | null | undefined) => (value ? value : null);

/** Keeps the items that parse, drops the rest (one odd entry must not hide the others). */
function parseEach<T extends z.ZodType>(schema: T, items: unknown[] | null | undefined): z.infer<T>[] {
  const parsed: z.infer<T>[] = [];
  for (const item of items ?? []) {
    const result = schema.safeParse(item);
    if (result.success) parsed.push(result.data);
  }
  return parsed;
}

function parseOrThrow<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) throw new TmdbError("bad_response", `TMDB sent an unreadable ${what}: ${z.prettifyError(result.error)}`);
  return result.data;
}

function commonFields(movie: z.infer<typeof summarySchema> | z.infer<typeof detailsSchema>) {
  return {
    tmdbId: movie.id,
    title: movie.title,
    originalTitle: orNull(movie.original_title),
    releaseDate: orNull(movie.release_date),
    overview: orNull(movie.overview),
    posterPath: orNull(movie.poster_path),
    popularity: movie.popularity ?? 0,
    voteAverage: movie.vote_average ?? null,
    voteCount: movie.vote_count ?? null,
  };
}

export function parsePage(body: unknown): TmdbPage<TmdbMovieSummary> {
  const page = parseOrThrow(pageSchema, body, "result page");
  return {
    page: page.page,
    totalPages: page.total_pages ?? 1,
    totalResults: page.total_results ?? page.results.length,
    results: parseEach(summarySchema, page.results).map((movie) => ({
      ...commonFields(movie),
      genreIds: movie.genre_ids ?? [],
    })),
  };
}

/** Every crew member with job "Director", each name once, in TMDB's order. */
export function directorsOf(crew: unknown[] | null | undefined): string[] {
  const names = parseEach(crewSchema, crew)
    .filter((member) => member.job === "Director")
    .map((member) => member.name);
  return [...new Set(names)];
}

/** The top-billed cast by `order` (entries without one go last, in TMDB's order). */
export function topCast(cast: unknown[] | null | undefined, limit = TOP_CAST): CastMember[] {
  return parseEach(castSchema, cast)
    .map((member, index) => ({ member, rank: member.order ?? Number.MAX_SAFE_INTEGER, index }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map(({ member }) => ({ id: member.id, name: member.name, character: orNull(member.character) }));
}

export function parseDetails(body: unknown): TmdbMovieDetails {
  const movie = parseOrThrow(detailsSchema, body, "movie");
  return {
    ...commonFields(movie),
    genres: parseEach(genreSchema, movie.genres).map(({ id, name }) => ({ id, name })),
    directors: directorsOf(movie.credits?.crew),
    cast: topCast(movie.credits?.cast),
    // TMDB says 0 when it does not know the runtime; anything beyond a few days is garbage.
    runtime: movie.runtime && movie.runtime > 0 && movie.runtime < MAX_RUNTIME_MINUTES ? Math.round(movie.runtime) : null,
    imdbId: movie.imdb_id && IMDB_ID.test(movie.imdb_id) ? movie.imdb_id : null,
  };
}

/** /find/{imdb_id}: the first movie result (TV results and people are not movies), or null. */
export function parseFind(body: unknown): TmdbMovieSummary | null {
  const found = parseOrThrow(findSchema, body, "find result");
  const [movie] = parseEach(summarySchema, found.movie_results);
  return movie ? { ...commonFields(movie), genreIds: movie.genre_ids ?? [] } : null;
}

export function parseGenres(body: unknown): Genre[] {
  const list = parseOrThrow(genreListSchema, body, "genre list");
  return parseEach(genreSchema, list.genres).map(({ id, name }) => ({ id, name }));
}
