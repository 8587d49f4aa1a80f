// IMDb ids of some catalogue movies, served by the fake's /find/{imdb_id} and in movie details'
// `imdb_id`. Others have none (TMDB sends null), like a movie TMDB never linked.

export const fakeImdbIds: ReadonlyMap<number, string> = new Map([
  [603, "tt0133093"], // The Matrix
  [27205, "tt1375666"], // Inception
  [550, "tt0137523"], // Fight Club
  [194, "tt0211915"], // Amélie
  [129, "tt0245429"], // Spirited Away
  [496243, "tt6751668"], // Parasite
  [438631, "tt1160419"], // Dune (2021)
  [841, "tt0087182"], // Dune (1984)
  [329865, "tt2543164"], // Arrival
  [77, "tt0209144"], // Memento
]);

/** An IMDb id that is a TV series: /find answers it under tv_results, with no movie. */
export const FAKE_TV_IMDB_ID = "tt0903747";
/** An IMDb id TMDB does not know: /find answers empty lists. */
export const UNKNOWN_IMDB_ID = "tt9999999";

export const imdbIdOf = (tmdbId: number) => fakeImdbIds.get(tmdbId) ?? null;
export const tmdbIdOfImdb = (imdbId: string) => [...fakeImdbIds].find(([, imdb]) => imdb === imdbId)?.[0];
