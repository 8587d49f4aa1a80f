// A synthetic server library for the recommendation bench: movies in taste clusters, users who
// like two clusters and dislike one, ratings skewed towards popular films. Deterministic (seeded
// PRNG). Inserted with one multi-row INSERT … SELECT FROM unnest(arrays) per table. Also the plain
// numbered films the export and lists benches seed.
import { randomUUID } from "node:crypto";

export const GENRES = [
  [28, "Action"],
  [12, "Adventure"],
  [16, "Animation"],
  [35, "Comedy"],
  [80, "Crime"],
  [99, "Documentary"],
  [18, "Drama"],
  [10751, "Family"],
  [14, "Fantasy"],
  [36, "History"],
  [27, "Horror"],
  [10402, "Music"],
  [9648, "Mystery"],
  [10749, "Romance"],
  [878, "Science Fiction"],
  [10770, "TV Movie"],
  [53, "Thriller"],
  [10752, "War"],
  [37, "Western"],
].map(([id, name]) => ({ id, name }));

const CLUSTERS = 10;

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (random, list) => list[Math.floor(random() * list.length)];

/** Movies, each in a taste cluster that decides its genres, director and most of its cast. */
export function makeMovies({ count, random }) {
  const clusterGenres = Array.from({ length: CLUSTERS }, () => Array.from({ length: 4 }, () => pick(random, GENRES)));
  const directors = Array.from({ length: Math.ceil(count / 5) }, (_, i) => ({ name: `Director ${i}`, cluster: i % CLUSTERS }));
  const actors = Array.from({ length: count }, (_, i) => ({ id: 5_000_000 + i, name: `Actor ${i}`, cluster: i % CLUSTERS }));
  const byCluster = (people) => Array.from({ length: CLUSTERS }, (_, c) => people.filter((p) => p.cluster === c));
  const directorsOf = byCluster(directors);
  const actorsOf = byCluster(actors);
  return Array.from({ length: count }, (_, i) => {
    const cluster = i % CLUSTERS;
    const genres = [
      ...new Map(
        Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, clusterGenres[cluster])).map((g) => [g.id, g]),
      ).values(),
    ];
    const ownDirectors = directorsOf[cluster];
    const ownActors = actorsOf[cluster];
    return {
      id: randomUUID(),
      tmdbId: 1_000_000 + i,
      title: `Synthetic Film ${i}`,
      overview: `Film ${i} of cluster ${cluster}.`,
      posterPath: `/synthetic-${i}.jpg`,
      releaseDate: `${1970 + Math.floor(random() * 55)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      genres,
      director: pick(random, ownDirectors).name,
      cast: Array.from({ length: 8 }, (_, k) => {
        const actor = k < 6 ? pick(random, ownActors) : pick(random, actors);
        return { id: actor.id, name: actor.name, character: `Role ${k}` };
      }),
      runtime: 80 + Math.floor(random() * 90),
      cluster,
      // Zipf-like popularity: a few films are rated by many.
      popularity: 1 / (1 + Math.floor(random() * count)) ** 0.8,
    };
  });
}

/**
 * k distinct movies, drawn one after another with probability ∝ popularity among those not drawn
 * yet (the distribution of Efraimidis–Spirakis keys), by binary search in the cumulative weights:
 * O(k log n) per user, so 10,000 users over 100,000 films seed in seconds.
 */
function sampler(movies) {
  const cumulative = new Float64Array(movies.length);
  let total = 0;
  movies.forEach((movie, i) => {
    total += movie.popularity;
    cumulative[i] = total;
  });
  return (random, k) => {
    const chosen = new Set();
    while (chosen.size < Math.min(k, movies.length)) {
      const target = random() * total;
      let lo = 0;
      let hi = movies.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] <= target) lo = mid + 1;
        else hi = mid;
      }
      chosen.add(lo);
    }
    return [...chosen].map((i) => movies[i]);
  };
}

function rate(random, user, movie) {
  const r = random();
  if (user.likes.includes(movie.cluster)) return r < 0.4 ? "SUPER_LIKE" : r < 0.85 ? "LIKE" : "OK";
  if (user.dislikes === movie.cluster) return r < 0.7 ? "DISLIKE" : "OK";
  return r < 0.3 ? "LIKE" : r < 0.75 ? "OK" : "DISLIKE";
}

/** Users (the first one is the bench's subject) with their ratings and the subject's watchlist. */
export function makeUsers({ count, ratingsEach, subjectRatings, subjectQueue, movies, random }) {
  const now = Date.now();
  const users = [];
  const ratings = [];
  const queue = [];
  const sample = sampler(movies);
  for (let i = 0; i < count; i++) {
    const likes = [Math.floor(random() * CLUSTERS), Math.floor(random() * CLUSTERS)];
    const user = { id: randomUUID(), username: `user${i}`, likes, dislikes: (likes[0] + 3) % CLUSTERS };
    users.push(user);
    const n = i === 0 ? subjectRatings + subjectQueue : ratingsEach;
    const chosen = sample(random, n);
    chosen.slice(0, i === 0 ? subjectRatings : n).forEach((movie) => {
      const createdAt = new Date(now - Math.floor(random() * 730 * 24 * 3600 * 1000));
      ratings.push({ id: randomUUID(), userId: user.id, movieId: movie.id, rating: rate(random, user, movie), createdAt });
    });
    if (i === 0)
      for (const movie of chosen.slice(subjectRatings))
        queue.push({ id: randomUUID(), userId: user.id, movieId: movie.id, priority: pick(random, ["LOW", "MEDIUM", "HIGH"]) });
  }
  return { users, ratings, queue };
}

/**
 * `count` films numbered from `firstTmdbId` ("Film number N, …"), each with two genres, two cast
 * members, a director and an overview of TMDB's length, in one statement through Prisma (`db`): the
 * export and lists benches' films.
 */
export async function insertNumberedFilms(db, firstTmdbId, count) {
  await db.$executeRaw`
    INSERT INTO "Movie" ("id", "tmdbId", "title", "releaseDate", "runtime", "imdbId", "genres", "cast", "overview", "director")
    SELECT gen_random_uuid()::text, i, 'Film number ' || i || ', a title of some length', '2001-02-03', 100, 'tt' || i,
           '[{"id":18,"name":"Drama"},{"id":53,"name":"Thriller"}]'::jsonb,
           '[{"id":1,"name":"Someone Famous","character":"The Lead"},{"id":2,"name":"Someone Else","character":"The Other"}]'::jsonb,
           repeat('An overview of a film, as TMDB writes them. ', 8), 'A Director'
    FROM generate_series(${firstTmdbId}::int, ${firstTmdbId + count - 1}::int) AS i`;
}

/** Inserts everything with one statement per table. */
export async function insertLibrary(client, { movies, users, ratings, queue }) {
  const column = (rows, key) => rows.map((row) => row[key]);
  const json = (rows, key) => rows.map((row) => JSON.stringify(row[key]));
  await client.query(
    `INSERT INTO "Movie" ("id", "tmdbId", "title", "overview", "posterPath", "releaseDate", "genres", "director", "cast", "runtime")
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::text[], $9::jsonb[], $10::int[])`,
    [
      column(movies, "id"),
      column(movies, "tmdbId"),
      column(movies, "title"),
      column(movies, "overview"),
      column(movies, "posterPath"),
      column(movies, "releaseDate"),
      json(movies, "genres"),
      column(movies, "director"),
      json(movies, "cast"),
      column(movies, "runtime"),
    ],
  );
  await client.query(
    // Accounts as old as their ratings (two years): established, so their ratings shape the subject's collaborative candidates.
    `INSERT INTO "User" ("id", "email", "username", "usernameKey", "passwordHash", "createdAt", "updatedAt")
     SELECT id, username || '@bench.example', username, lower(username), 'not-a-hash', now() - interval '731 days', now()
     FROM unnest($1::text[], $2::text[]) AS u(id, username)`,
    [column(users, "id"), column(users, "username")],
  );
  await client.query(
    `INSERT INTO "UserMovie" ("id", "userId", "movieId", "rating", "createdAt", "updatedAt")
     SELECT id, user_id, movie_id, rating::"Rating", created_at, created_at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamp[]) AS r(id, user_id, movie_id, rating, created_at)`,
    [column(ratings, "id"), column(ratings, "userId"), column(ratings, "movieId"), column(ratings, "rating"), column(ratings, "createdAt")],
  );
  await client.query(
    `INSERT INTO "Watchlist" ("id", "userId", "movieId", "priority")
     SELECT id, user_id, movie_id, priority::"Priority" FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS w(id, user_id, movie_id, priority)`,
    [column(queue, "id"), column(queue, "userId"), column(queue, "movieId"), column(queue, "priority")],
  );
  // VACUUM too: a long-lived server's autovacuum has set the visibility map that index-only scans need.
  await client.query(`VACUUM ANALYZE`);
}

/** A TmdbClient over the synthetic movies: each film's recommendations are 20 films of its cluster. */
export function syntheticTmdb(movies, random) {
  const byTmdbId = new Map(movies.map((movie) => [movie.tmdbId, movie]));
  const byCluster = Array.from({ length: CLUSTERS }, (_, c) => movies.filter((movie) => movie.cluster === c));
  const lists = new Map();
  const calls = { recommendations: 0, movie: 0 };
  const summary = (movie) => ({
    tmdbId: movie.tmdbId,
    title: movie.title,
    originalTitle: movie.title,
    releaseDate: movie.releaseDate,
    overview: movie.overview,
    posterPath: movie.posterPath,
    genreIds: movie.genres.map((g) => g.id),
    popularity: movie.popularity * 100,
    voteAverage: 7,
  });
  return {
    calls,
    async searchMovies() {
      return { page: 1, totalPages: 0, totalResults: 0, results: [] };
    },
    async getMovie(tmdbId) {
      calls.movie++;
      const movie = byTmdbId.get(tmdbId);
      return { ...summary(movie), genres: movie.genres, directors: [movie.director], cast: movie.cast, runtime: movie.runtime };
    },
    async getRecommendations(tmdbId) {
      calls.recommendations++;
      const movie = byTmdbId.get(tmdbId);
      if (!lists.has(tmdbId))
        lists.set(
          tmdbId,
          Array.from({ length: 20 }, () => pick(random, byCluster[movie.cluster])).filter((m) => m !== movie),
        );
      const results = [...new Set(lists.get(tmdbId))].map(summary);
      return { page: 1, totalPages: 1, totalResults: results.length, results };
    },
    async getGenres() {
      return GENRES;
    },
  };
}
