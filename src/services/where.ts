// `watchlist where <movie>`: where a film streams, is free, free with ads, for rent or to buy in a
// region, from what TMDB's watch providers (JustWatch's data) said at the film's last fetch.
import type { ProviderKind } from "../generated/prisma/client.js";
import type { ProviderKindName } from "../tmdb/types.js";
import { type MovieJson, toMovieJson } from "./movie-json.js";
import { getMovie, type MovieDeps, saveMovie } from "./movies.js";
import { providersFreshSince } from "./watch-refresh.js";

/** TMDB's terms ask for JustWatch's attribution wherever its data is shown. */
export const PROVIDERS_SOURCE = "JustWatch via TMDB";

export interface ProviderJson {
  id: number;
  name: string;
}

export type WhereJson = {
  movie: MovieJson;
  region: string;
  /** The region's JustWatch page for the film (through TMDB), null when TMDB lists nothing there. */
  link: string | null;
  /** When the providers were fetched from TMDB. */
  asOf: Date | null;
  source: typeof PROVIDERS_SOURCE;
} & Record<ProviderKindName, ProviderJson[]>;

const KIND_NAME: Record<ProviderKind, ProviderKindName> = { FLATRATE: "flatrate", FREE: "free", ADS: "ads", RENT: "rent", BUY: "buy" };

/**
 * The film's providers in `region`. Providers older than a day (or never fetched) are fetched again
 * first (the film's one details call); with TMDB down, what is stored is answered with its date.
 */
export async function whereToWatch(deps: MovieDeps, tmdbId: number, region: string): Promise<WhereJson> {
  let { movie } = await getMovie(deps, tmdbId);
  if (!movie.providersFetchedAt || movie.providersFetchedAt < providersFreshSince()) {
    try {
      movie = await saveMovie(deps.db, await deps.tmdb.getMovie(tmdbId));
    } catch (error) {
      deps.logger?.warn("watch providers not refreshed", { tmdbId, error: (error as Error).message });
    }
  }
  const [regionRow, offers] = await Promise.all([
    deps.db.movieWatchRegion.findUnique({ where: { movieId_region: { movieId: movie.id, region } } }),
    deps.db.movieProvider.findMany({
      where: { movieId: movie.id, region },
      orderBy: [{ displayPriority: { sort: "asc", nulls: "last" } }, { providerName: "asc" }],
    }),
  ]);
  const answer: WhereJson = {
    movie: toMovieJson(movie),
    region,
    flatrate: [],
    free: [],
    ads: [],
    rent: [],
    buy: [],
    link: regionRow?.link ?? null,
    asOf: movie.providersFetchedAt,
    source: PROVIDERS_SOURCE,
  };
  for (const offer of offers) answer[KIND_NAME[offer.kind]].push({ id: offer.providerId, name: offer.providerName });
  return answer;
}
