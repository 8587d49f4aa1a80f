// A known library for the recommendation and stats tests: movies of the fake TMDB's catalogue put
// in the Movie cache as the movies service would, and users with known tastes.
import { DEFAULT_CROWD_RULES } from "../../src/config.js";
import type { Db, Priority, Rating } from "../../src/db/client.js";
import { DIRECTOR_SEPARATOR } from "../../src/services/movie-json.js";
import { type FakeMovie, fakeGenres, fakeMovieList, fakeMovies, personId } from "../fake-tmdb/catalogue.js";

const genreName = new Map(fakeGenres.map((genre) => [genre.id, genre.name]));

/** The Movie row the movies service would cache for this fake movie. */
export function movieRow(fake: FakeMovie) {
  return {
    tmdbId: fake.id,
    title: fake.title,
    overview: fake.overview,
    posterPath: fake.posterPath === undefined ? `/poster-${fake.id}.jpg` : fake.posterPath,
    releaseDate: fake.releaseDate || null,
    genres: fake.genreIds.map((id) => ({ id, name: genreName.get(id)! })),
    director: fake.directors.join(DIRECTOR_SEPARATOR) || null,
    cast: fake.cast.slice(0, 10).map(([name, character]) => ({ id: personId(name), name, character })),
    runtime: fake.runtime,
  };
}

/** Caches these movies (idempotent); returns tmdbId → Movie.id. */
export async function cacheMovies(db: Db, fakes: FakeMovie[]): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  for (const fake of fakes) {
    const row = movieRow(fake);
    const movie = await db.movie.upsert({ where: { tmdbId: fake.id }, create: row, update: {} });
    ids.set(fake.id, movie.id);
  }
  return ids;
}

export interface Taste {
  ratings: Array<[FakeMovie, Rating] | [FakeMovie, Rating, Date]>;
  queue?: Array<[FakeMovie, Priority]>;
}

/** Creates a user with these ratings and watchlist; returns the user id. */
export async function seedUser(db: Db, username: string, taste: Taste): Promise<string> {
  const user = await db.user.create({
    data: { username, usernameKey: username, email: `${username}@example.com`, passwordHash: "not-a-real-hash" },
  });
  const movieIds = await cacheMovies(db, [...taste.ratings.map(([movie]) => movie), ...(taste.queue ?? []).map(([movie]) => movie)]);
  for (const [movie, rating, createdAt] of taste.ratings) {
    await db.userMovie.create({ data: { userId: user.id, movieId: movieIds.get(movie.id)!, rating, ...(createdAt ? { createdAt } : {}) } });
  }
  for (const [movie, priority] of taste.queue ?? []) {
    await db.watchlist.create({ data: { userId: user.id, movieId: movieIds.get(movie.id)!, priority } });
  }
  return user.id;
}

/**
 * A member old enough and with ratings enough to shape others' collaborative recommendations under
 * the default rules (DEFAULT_CROWD_RULES): the taste, padded with 😐 ratings of other catalogue
 * films (OK weighs nothing in the collaborative scores), on an account created a year ago.
 */
export async function seedEstablishedUser(db: Db, username: string, taste: Taste): Promise<string> {
  const rated = new Set(taste.ratings.map(([movie]) => movie.id));
  const padding = fakeMovieList
    .filter((movie) => !rated.has(movie.id) && movie.releaseDate)
    .slice(0, Math.max(0, DEFAULT_CROWD_RULES.minRatings - rated.size))
    .map((movie): [FakeMovie, Rating] => [movie, "OK"]);
  const id = await seedUser(db, username, { ...taste, ratings: [...taste.ratings, ...padding] });
  await db.user.update({ where: { id }, data: { createdAt: new Date(Date.now() - 365 * 24 * 3600 * 1000) } });
  return id;
}

const m = fakeMovies;

/** Loves Nolan and Villeneuve science fiction, dislikes horror. */
export const noraTaste: Taste = {
  ratings: [
    [m.inception, "SUPER_LIKE"],
    [m.interstellar, "SUPER_LIKE"],
    [m.darkKnight, "LIKE"],
    [m.prestige, "LIKE"],
    [m.arrival, "LIKE"],
    [m.bladeRunner2049, "SUPER_LIKE"],
    [m.conjuring, "DISLIKE"],
    [m.hereditary, "DISLIKE"],
    [m.nottingHill, "OK"],
  ],
  queue: [
    [m.dune2021, "HIGH"],
    [m.matrix, "LOW"],
  ],
};

/** Rates like Nora, and loves two films Nora never met: Parasite and Metropolis. */
export const twinTaste: Taste = {
  ratings: [
    [m.inception, "SUPER_LIKE"],
    [m.interstellar, "SUPER_LIKE"],
    [m.darkKnight, "LIKE"],
    [m.arrival, "LIKE"],
    [m.parasite, "SUPER_LIKE"],
    [m.metropolis, "LIKE"],
    [m.conjuring, "DISLIKE"],
  ],
};

export const roseTaste: Taste = {
  ratings: [
    [m.nottingHill, "SUPER_LIKE"],
    [m.aboutTime, "SUPER_LIKE"],
    [m.whenHarryMetSally, "LIKE"],
    [m.laLaLand, "LIKE"],
    [m.inception, "DISLIKE"],
    [m.interstellar, "DISLIKE"],
    [m.hereditary, "DISLIKE"],
  ],
};

export const hankTaste: Taste = {
  ratings: [
    [m.conjuring, "SUPER_LIKE"],
    [m.hereditary, "SUPER_LIKE"],
    [m.getOut, "LIKE"],
    [m.shining, "LIKE"],
    [m.alien, "SUPER_LIKE"],
    [m.nottingHill, "DISLIKE"],
    [m.inception, "OK"],
  ],
};

/** Crime and thrillers: puts the other Villeneuve films and Oppenheimer in the server's cache. */
export const samTaste: Taste = {
  ratings: [
    [m.prisoners, "SUPER_LIKE"],
    [m.sicario, "LIKE"],
    [m.dunePartTwo, "SUPER_LIKE"],
    [m.oppenheimer, "LIKE"],
    [m.fightClub, "SUPER_LIKE"],
    [m.nottingHill, "DISLIKE"],
  ],
};

export interface SeededLibrary {
  nora: string;
  twin: string;
  rose: string;
  hank: string;
  sam: string;
}

/** Five users who share one server. */
export async function seedLibrary(db: Db): Promise<SeededLibrary> {
  return {
    nora: await seedUser(db, "nora", noraTaste),
    twin: await seedUser(db, "twin", twinTaste),
    rose: await seedUser(db, "rose", roseTaste),
    hank: await seedUser(db, "hank", hankTaste),
    sam: await seedUser(db, "sam", samTaste),
  };
}

/** Films only in our cache (never asked of TMDB): pure horror, to test a disliked genre alone. */
function madeUpHorror(id: number, title: string): FakeMovie {
  return {
    id,
    title,
    releaseDate: "2019-10-31",
    genreIds: [27],
    directors: [`Director of ${title}`],
    cast: [],
    runtime: 95,
    popularity: 1,
    voteAverage: 5,
    overview: "A made-up horror film.",
    recommendations: [],
  };
}
export const ashfordManor = madeUpHorror(990_001, "The Ghost of Ashford Manor");
export const cellarDoor = madeUpHorror(990_002, "Cellar Door");

/**
 * Two users who both ❤️ Dune (1984) — whose TMDB list is Dune (2021), Blade Runner, Alien — and
 * differ only in horror: Ana 👎 two horror films, Ben 😐 them. Nobody else rated these films.
 */
export async function seedHorrorPair(db: Db): Promise<{ ana: string; ben: string }> {
  const pair = (rating: Rating): Taste => ({
    ratings: [
      [m.dune1984, "SUPER_LIKE"],
      [ashfordManor, rating],
      [cellarDoor, rating],
    ],
  });
  return { ana: await seedUser(db, "ana", pair("DISLIKE")), ben: await seedUser(db, "ben", pair("OK")) };
}
