// Turns TMDB's JSON into the client's types. TMDB's shapes drift over the years (fields added,
// "" for unknown dates, nulls, keys missing in old records), so every field but the id and title
// is optional and a field of the wrong type reads as missing instead of failing the whole answer.
import { z } from "zod";
import {
  type CastMember,
  type CertificationScales,
  type Genre,
  PROVIDER_KINDS,
  type RegionProviders,
  TmdbError,
  type TmdbMovieDetails,
  type TmdbMovieSummary,
  type TmdbPage,
  type WatchProviderListEntry,
  type WatchProviderOffer,
} from "./types.js";

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
  original_language: lenientText,
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
  production_countries: lenientList(z.unknown()),
  release_dates: z
    .looseObject({ results: z.array(z.unknown()) })
    .nullish()
    .catch(null),
  "watch/providers": z
    .looseObject({ results: z.record(z.string(), z.unknown()) })
    .nullish()
    .catch(null),
});

/** TMDB's region keys are ISO 3166-1 alpha-2 in upper case. */
const REGION = /^[A-Z]{2}$/;
const countrySchema = z.looseObject({ iso_3166_1: z.string().regex(REGION) });
const releaseSchema = z.looseObject({ certification: lenientText, type: lenientNumber });
const regionReleasesSchema = z.looseObject({ iso_3166_1: z.string().regex(REGION), release_dates: lenientList(z.unknown()) });
const offerSchema = z.looseObject({ provider_id: z.number().int(), provider_name: text, display_priority: lenientNumber });
const regionProvidersSchema = z.looseObject({
  link: lenientText,
  ...Object.fromEntries(PROVIDER_KINDS.map((kind) => [kind, lenientList(z.unknown())])),
});
const providerListSchema = z.looseObject({ results: z.array(z.unknown()) });
const certificationListSchema = z.looseObject({ certifications: z.record(z.string(), z.array(z.unknown())) });
const certificationSchema = z.looseObject({ certification: text, order: lenientNumber });
/** release_dates types, in the order a region's certification is taken from: theatrical, limited theatrical, digital. */
const CERTIFYING_RELEASE_TYPES = [3, 2, 4];

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
    originalLanguage: movie.original_language && /^[a-z]{2}$/.test(movie.original_language) ? movie.original_language : null,
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
    countries: [...new Set(parseEach(countrySchema, movie.production_countries).map((country) => country.iso_3166_1))],
    certifications: movie.release_dates ? certificationsOf(movie.release_dates.results) : null,
    watchProviders: movie["watch/providers"] ? providersOf(movie["watch/providers"].results) : null,
  };
}

/** Per region, the certification of its theatrical release, else its digital one; "" is no certification. */
export function certificationsOf(regions: unknown[]): Record<string, string> {
  const certifications: Record<string, string> = {};
  for (const region of parseEach(regionReleasesSchema, regions)) {
    const releases = parseEach(releaseSchema, region.release_dates);
    for (const type of CERTIFYING_RELEASE_TYPES) {
      const certified = releases.find((release) => release.type === type && release.certification?.trim());
      if (certified) {
        certifications[region.iso_3166_1] = certified.certification!.trim();
        break;
      }
    }
  }
  return certifications;
}

function offersOf(items: unknown[] | null | undefined): WatchProviderOffer[] {
  const offers = parseEach(offerSchema, items).map((offer) => ({
    id: offer.provider_id,
    name: offer.provider_name,
    displayPriority: offer.display_priority ?? null,
  }));
  // One provider once per kind (TMDB's lists have repeated one now and then).
  return offers.filter((offer, index) => offers.findIndex((other) => other.id === offer.id) === index);
}

/** Region → providers; a region with neither a provider nor a link is left out. */
export function providersOf(results: Record<string, unknown>): Record<string, RegionProviders> {
  const regions: Record<string, RegionProviders> = {};
  for (const [region, value] of Object.entries(results)) {
    if (!REGION.test(region)) continue;
    const parsed = regionProvidersSchema.safeParse(value);
    if (!parsed.success) continue;
    const lists = parsed.data as Record<string, unknown[] | null | undefined>;
    const providers = {
      link: orNull(parsed.data.link),
      ...(Object.fromEntries(PROVIDER_KINDS.map((kind) => [kind, offersOf(lists[kind])])) as Omit<RegionProviders, "link">),
    };
    if (providers.link || PROVIDER_KINDS.some((kind) => providers[kind].length > 0)) regions[region] = providers;
  }
  return regions;
}

/** /watch/providers/movie */
export function parseWatchProviderList(body: unknown): WatchProviderListEntry[] {
  const list = parseOrThrow(providerListSchema, body, "watch provider list");
  return parseEach(offerSchema, list.results).map((provider) => ({
    id: provider.provider_id,
    name: provider.provider_name,
    displayPriority: provider.display_priority ?? null,
  }));
}

/** /certification/movie/list: each region's certifications sorted by TMDB's `order` (mildest first). */
export function parseCertificationScales(body: unknown): CertificationScales {
  const list = parseOrThrow(certificationListSchema, body, "certification list");
  const scales: CertificationScales = {};
  for (const [region, items] of Object.entries(list.certifications)) {
    if (!REGION.test(region)) continue;
    scales[region] = parseEach(certificationSchema, items)
      .filter((item) => item.certification.trim() !== "")
      .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
      .map((item) => item.certification.trim());
  }
  return scales;
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
