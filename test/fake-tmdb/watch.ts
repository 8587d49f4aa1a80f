// Where to watch in the fake TMDB: release_dates, watch/providers, /watch/providers/movie and
// /certification/movie/list in TMDB's shapes (several release types per region, empty
// certifications, regions TMDB lists nothing for left out), from the project's own made-up data.
import type { FakeMovie } from "./catalogue.js";

export interface FakeProvider {
  id: number;
  name: string;
  priority: number;
}

/** The providers the fake knows (ids as `--on 8` uses them; priorities made up). */
export const fakeProviders = {
  netflix: { id: 8, name: "Netflix", priority: 1 },
  primeVideo: { id: 9, name: "Amazon Prime Video", priority: 2 },
  primeVideoAds: { id: 2100, name: "Amazon Prime Video with Ads", priority: 30 },
  disneyPlus: { id: 337, name: "Disney Plus", priority: 3 },
  mubi: { id: 11, name: "MUBI", priority: 12 },
  appleTv: { id: 2, name: "Apple TV", priority: 5 },
  amazonVideo: { id: 10, name: "Amazon Video", priority: 6 },
  googlePlay: { id: 3, name: "Google Play Movies", priority: 7 },
  plex: { id: 538, name: "Plex", priority: 40 },
  tubi: { id: 73, name: "Tubi TV", priority: 25 },
  bbcIplayer: { id: 38, name: "BBC iPlayer", priority: 15 },
  nowTv: { id: 39, name: "Now TV", priority: 9 },
} satisfies Record<string, FakeProvider>;

type Kind = "flatrate" | "free" | "ads" | "rent" | "buy";
/** A film's offers in one region; a region left out has nothing. */
export type FakeRegionOffers = Partial<Record<Kind, FakeProvider[]>>;
export type FakeWatch = Record<string, FakeRegionOffers>;

const p = fakeProviders;
const stores: FakeRegionOffers = { rent: [p.appleTv, p.amazonVideo], buy: [p.appleTv, p.amazonVideo, p.googlePlay] };

/** Films whose metadata tests rely on; the rest get a made-up default from their id and genres. */
const known: Record<number, { countries: string[]; certifications: Record<string, string>; watch: FakeWatch }> = {
  // Inception: on Netflix in GB and the US, to rent or buy too.
  27205: {
    countries: ["US", "GB"],
    certifications: { US: "PG-13", GB: "12A", DE: "12" },
    watch: { GB: { flatrate: [p.netflix], ...stores }, US: { flatrate: [p.netflix], ...stores }, DE: stores },
  },
  // Parasite: MUBI in GB, free with ads nowhere, nothing at all in the US.
  496243: {
    countries: ["KR"],
    certifications: { US: "R", GB: "15", KR: "15" },
    watch: { GB: { flatrate: [p.mubi], ads: [p.primeVideoAds], ...stores }, KR: { flatrate: [p.netflix] } },
  },
  // Toy Story: Disney Plus; free on Plex in the US; no GB certification listed.
  862: {
    countries: ["US"],
    certifications: { US: "G" },
    watch: { GB: { flatrate: [p.disneyPlus], ...stores }, US: { flatrate: [p.disneyPlus], free: [p.plex], ...stores } },
  },
  // Spirited Away: Netflix in GB, only to buy in the US.
  129: {
    countries: ["JP"],
    certifications: { US: "PG", GB: "PG", JP: "G" },
    watch: { GB: { flatrate: [p.netflix] }, US: { buy: [p.appleTv] } },
  },
  // Amélie: French, on MUBI and BBC iPlayer (free) in GB.
  194: {
    countries: ["FR", "DE"],
    certifications: { US: "R", GB: "15", FR: "U" },
    watch: { GB: { flatrate: [p.mubi], free: [p.bbcIplayer], ...stores } },
  },
  // The Shining: Prime Video in GB and the US.
  694: {
    countries: ["GB", "US"],
    certifications: { US: "R", GB: "18" },
    watch: { GB: { flatrate: [p.primeVideo], ...stores }, US: { flatrate: [p.primeVideo] } },
  },
};

const COUNTRY_OF_LANGUAGE: Record<string, string> = { en: "US", ja: "JP", ko: "KR", fr: "FR", de: "DE" };

function defaults(movie: FakeMovie) {
  const family = movie.genreIds.includes(16) || movie.genreIds.includes(10751);
  const horror = movie.genreIds.includes(27);
  const certifications = family ? { US: "PG", GB: "U" } : horror ? { US: "R", GB: "15" } : { US: "PG-13", GB: "12A" };
  // Four made-up situations in turn: Netflix, Disney Plus, stores only, nothing anywhere.
  const watch: FakeWatch = [
    { GB: { flatrate: [p.netflix], ...stores }, US: { flatrate: [p.netflix] } },
    { GB: { flatrate: [p.disneyPlus, p.nowTv] }, US: { flatrate: [p.disneyPlus], ...stores } },
    { GB: stores, US: stores },
    {},
  ][movie.id % 4]!;
  return { countries: [COUNTRY_OF_LANGUAGE[movie.originalLanguage ?? "en"] ?? "US"], certifications, watch };
}

export function watchDataOf(movie: FakeMovie) {
  return {
    countries: movie.countries ?? known[movie.id]?.countries ?? defaults(movie).countries,
    certifications: movie.certifications ?? known[movie.id]?.certifications ?? defaults(movie).certifications,
    watch: movie.watch ?? known[movie.id]?.watch ?? defaults(movie).watch,
  };
}

const COUNTRY_NAMES: Record<string, string> = { US: "United States of America", GB: "United Kingdom", KR: "South Korea" };

export function productionCountriesBody(movie: FakeMovie) {
  return watchDataOf(movie).countries.map((code) => ({ iso_3166_1: code, name: COUNTRY_NAMES[code] ?? code }));
}

/**
 * release_dates as TMDB nests it: per region, several releases; the certification sits on the
 * theatrical one (type 3), a premiere (1) and physical releases (5) carry none, and a region with
 * no certification at all still appears with "".
 */
export function releaseDatesBody(movie: FakeMovie) {
  const day = movie.releaseDate ? `${movie.releaseDate}T00:00:00.000Z` : "2000-01-01T00:00:00.000Z";
  const release = (type: number, certification: string, note = "") => ({
    certification,
    descriptors: [],
    iso_639_1: "",
    note,
    release_date: day,
    type,
  });
  const results = Object.entries(watchDataOf(movie).certifications).map(([region, certification]) => ({
    iso_3166_1: region,
    release_dates: [release(1, "", "Festival"), release(3, certification), release(5, "", "Blu-ray")],
  }));
  results.push({ iso_3166_1: "PE", release_dates: [release(3, "")] });
  return { results };
}

const offer = (provider: FakeProvider) => ({
  logo_path: `/fake-logo-${provider.id}.jpg`,
  provider_id: provider.id,
  provider_name: provider.name,
  display_priority: provider.priority,
});

/** watch/providers: regions with offers only, each with its JustWatch page on TMDB. */
export function watchProvidersBody(movie: FakeMovie) {
  const results: Record<string, unknown> = {};
  for (const [region, offers] of Object.entries(watchDataOf(movie).watch)) {
    const body: Record<string, unknown> = { link: `https://www.themoviedb.org/movie/${movie.id}/watch?locale=${region}` };
    for (const [kind, providers] of Object.entries(offers)) body[kind] = providers.map(offer);
    results[region] = body;
  }
  return { results };
}

/** /watch/providers/movie: every provider, with per-region priorities TMDB adds (ignored by the client). */
export function providerListBody() {
  return {
    results: Object.values(fakeProviders).map((provider) => ({
      display_priorities: { GB: provider.priority, US: provider.priority },
      display_priority: provider.priority,
      logo_path: `/fake-logo-${provider.id}.jpg`,
      provider_name: provider.name,
      provider_id: provider.id,
    })),
  };
}

/** /certification/movie/list: a few regions' scales, out of order as TMDB sends them (sorted by `order`). */
export function certificationListBody() {
  const scale = (items: Array<[string, number]>) =>
    items.map(([certification, order]) => ({ certification, meaning: `Rated ${certification} (made-up meaning).`, order }));
  return {
    certifications: {
      US: scale([
        ["PG-13", 3],
        ["G", 1],
        ["NR", 0],
        ["R", 4],
        ["PG", 2],
        ["NC-17", 5],
      ]),
      GB: scale([
        ["12A", 3],
        ["U", 1],
        ["PG", 2],
        ["12", 4],
        ["15", 5],
        ["18", 6],
        ["R18", 7],
      ]),
      DE: scale([
        ["0", 1],
        ["6", 2],
        ["12", 3],
        ["16", 4],
        ["18", 5],
      ]),
      JP: scale([
        ["G", 1],
        ["PG12", 2],
        ["R15+", 3],
        ["R18+", 4],
      ]),
    },
  };
}
