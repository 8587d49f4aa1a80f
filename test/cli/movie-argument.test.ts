import { describe, expect, it } from "vitest";
import { parseMovieArgument, plausibleMatches, rankMatches } from "../../src/cli/movie-argument.cjs";
import type { MovieWithState } from "../../src/cli/types.cjs";
import { foldTitle } from "../../src/shared/titles.cjs";

const movie = (tmdbId: number, title: string, year: number | null, extra: Partial<MovieWithState> = {}): MovieWithState => ({
  tmdbId,
  title,
  year,
  releaseDate: null,
  overview: null,
  posterPath: null,
  posterUrl: null,
  genres: [],
  director: null,
  directors: [],
  cast: [],
  runtime: null,
  originalLanguage: null,
  countries: [],
  certification: null,
  myRating: null,
  queued: null,
  ...extra,
});

describe("parseMovieArgument", () => {
  it("reads tmdb:ID as an exact id", () => {
    expect(parseMovieArgument("tmdb:438631")).toEqual({ kind: "id", tmdbId: 438631 });
    expect(parseMovieArgument("TMDB:27205")).toEqual({ kind: "id", tmdbId: 27205 });
  });

  it('reads "Title (Year)"', () => {
    expect(parseMovieArgument("Dune (2021)")).toEqual({ kind: "search", title: "Dune", year: 2021 });
    expect(parseMovieArgument("  Dune(1984) ")).toEqual({ kind: "search", title: "Dune", year: 1984 });
  });

  it("takes --year for a bare title, and refuses two different years", () => {
    expect(parseMovieArgument("Dune", 2021)).toEqual({ kind: "search", title: "Dune", year: 2021 });
    expect(parseMovieArgument("Dune (2021)", 2021)).toEqual({ kind: "search", title: "Dune", year: 2021 });
    expect(() => parseMovieArgument("Dune (2021)", 1984)).toThrow(/--year/);
  });

  it("keeps numbers and non-Latin titles as titles", () => {
    expect(parseMovieArgument("1917")).toEqual({ kind: "search", title: "1917", year: undefined });
    expect(parseMovieArgument("千と千尋の神隠し")).toEqual({ kind: "search", title: "千と千尋の神隠し", year: undefined });
  });

  it("normalizes decomposed accents (macOS input) to NFC", () => {
    expect(parseMovieArgument("Ame\u0301lie")).toEqual({ kind: "search", title: "Amélie", year: undefined });
  });

  it("refuses an empty argument", () => {
    expect(() => parseMovieArgument("  ")).toThrow(/empty/);
  });
});

describe("ranking", () => {
  const dune1984 = movie(841, "Dune", 1984, { popularity: 20 });
  const dune2021 = movie(438631, "Dune", 2021, { popularity: 90 });
  const partTwo = movie(693134, "Dune: Part Two", 2024, { popularity: 300 });

  it("prefers an exact title over popularity, then popularity among exact titles", () => {
    expect(rankMatches([partTwo, dune1984, dune2021], { title: "dune" }).map((m) => m.tmdbId)).toEqual([438631, 841, 693134]);
  });

  it("prefers the year asked for", () => {
    expect(rankMatches([partTwo, dune2021, dune1984], { title: "Dune", year: 1984 })[0].tmdbId).toBe(841);
  });

  it("several same-titled movies are plausible; a year settles it", () => {
    const ranked = rankMatches([partTwo, dune1984, dune2021], { title: "Dune" });
    expect(plausibleMatches(ranked, { title: "Dune" }).map((m) => m.tmdbId)).toEqual([438631, 841]);
    const withYear = rankMatches([partTwo, dune1984, dune2021], { title: "Dune", year: 2021 });
    expect(plausibleMatches(withYear, { title: "Dune", year: 2021 }).map((m) => m.tmdbId)).toEqual([438631]);
  });

  it("one exact title is not ambiguous", () => {
    const ranked = rankMatches([movie(1, "Inception", 2010), movie(2, "Inception: The Cobol Job", 2010)], { title: "inception" });
    expect(plausibleMatches(ranked, { title: "inception" }).map((m) => m.tmdbId)).toEqual([1]);
  });

  it("matches accents loosely and original titles (non-Latin) exactly", () => {
    const amelie = movie(194, "Amélie", 2001, { originalTitle: "Le Fabuleux Destin d'Amélie Poulain" });
    expect(rankMatches([movie(5, "Amelia", 2009), amelie], { title: "Amelie" })[0].tmdbId).toBe(194);
    const spirited = movie(129, "Spirited Away", 2001, { originalTitle: "千と千尋の神隠し", popularity: 1 });
    const other = movie(7, "千と千尋の神隠し メイキング", 2001, { popularity: 50 });
    expect(rankMatches([other, spirited], { title: "千と千尋の神隠し" })[0].tmdbId).toBe(129);
    expect(foldTitle("Crazy, Stupid, Love.")).toBe("crazy stupid love");
  });

  it("with no title match, every result is a candidate in TMDB's order", () => {
    const results = [movie(1, "Alpha", 2000), movie(2, "Beta", 2001)];
    expect(plausibleMatches(rankMatches(results, { title: "zzz" }), { title: "zzz" })).toHaveLength(2);
  });
});
