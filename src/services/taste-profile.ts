// What the user's ratings say about their taste, computed by PostgreSQL from their rated movies:
// every genre, director and top-billed actor they rated, with the count and sum of the rating
// weights. Affinities are shrunk towards 0 so one rating does not make a favourite.
import { type Db, Prisma, type Rating } from "../db/client.js";
import { weightSql } from "./taste.js";

/** Only the top-billed actors say something about a film (also in the "Movie_features" trigger of the movie_features migration). */
export const CAST_CONSIDERED = 5;

export type FeatureKind = "genre" | "director" | "cast";

export interface Feature {
  kind: FeatureKind;
  /** Genre id, director name, or person id, as text. */
  key: string;
  name: string;
  /** Ratings of films with this feature, and how many were LIKE/SUPER_LIKE or DISLIKE. */
  count: number;
  liked: number;
  disliked: number;
  weightSum: number;
  /** Titles of the user's best-rated films with this feature, best first (up to 3). */
  likedTitles: string[];
  dislikedTitles: string[];
}

export interface RatedMovie {
  movieId: string;
  tmdbId: number;
  title: string;
  rating: Rating;
}

export interface TasteProfile {
  rated: RatedMovie[];
  /** tmdbIds the user rated, queued or has in the history: never recommended. */
  excluded: Set<number>;
  features: Map<string, Feature>;
}

export const featureId = (kind: FeatureKind, key: string | number) => `${kind}:${key}`;

/** Pseudo-ratings of weight 0 added to each feature: 1 LIKE of a director is a hint, 4 are a taste. */
const SHRINK: Record<FeatureKind, number> = { genre: 2, director: 1, cast: 2 };

export function affinity(feature: Feature | undefined): number {
  return feature ? feature.weightSum / (feature.count + SHRINK[feature.kind]) : 0;
}

/** The user's rated movies expanded to one row per genre, director and top-billed actor (a CTE body). */
export function featureRowsSql(userId: string): Prisma.Sql {
  return Prisma.sql`
    WITH mine AS (
      SELECT m."title", m."genres", m."director", m."cast", ${weightSql("um")} AS w, um."updatedAt" AS rated_at
      FROM "UserMovie" um JOIN "Movie" m ON m."id" = um."movieId"
      WHERE um."userId" = ${userId}
    ),
    feature_rows AS (
      SELECT 'genre' AS kind, g->>'id' AS key, g->>'name' AS name, w, title, rated_at
      FROM mine, jsonb_array_elements(CASE WHEN jsonb_typeof(mine."genres") = 'array' THEN mine."genres" ELSE '[]'::jsonb END) AS g
      UNION ALL
      SELECT 'director', d, d, w, title, rated_at
      FROM mine, unnest(string_to_array(mine."director", ', ')) AS d
      UNION ALL
      SELECT 'cast', c->>'id', c->>'name', w, title, rated_at
      FROM mine, jsonb_array_elements(CASE WHEN jsonb_typeof(mine."cast") = 'array' THEN mine."cast" ELSE '[]'::jsonb END)
           WITH ORDINALITY AS x(c, position)
      WHERE x.position <= ${CAST_CONSIDERED}
    )`;
}

export async function loadTasteProfile(db: Db, userId: string): Promise<TasteProfile> {
  const [rated, queuedOrViewed, features] = await Promise.all([
    db.$queryRaw<RatedMovie[]>`
      SELECT m."id" AS "movieId", m."tmdbId" AS "tmdbId", m."title", um."rating"::text AS rating
      FROM "UserMovie" um JOIN "Movie" m ON m."id" = um."movieId"
      WHERE um."userId" = ${userId}
      ORDER BY ${weightSql("um")} DESC, um."updatedAt" DESC`,
    db.$queryRaw<{ tmdbId: number }[]>`
      SELECT m."tmdbId" AS "tmdbId" FROM "Watchlist" w JOIN "Movie" m ON m."id" = w."movieId" WHERE w."userId" = ${userId}
      UNION SELECT m."tmdbId" FROM "Viewing" v JOIN "Movie" m ON m."id" = v."movieId" WHERE v."userId" = ${userId}`,
    // A single rating of an actor says little: actors seen once are left out (fewer rows to send).
    db.$queryRaw<Feature[]>`
      ${featureRowsSql(userId)}
      SELECT kind, key, min(name) AS name, count(*)::int AS count, sum(w)::int AS "weightSum",
             (count(*) FILTER (WHERE w > 0))::int AS liked, (count(*) FILTER (WHERE w < 0))::int AS disliked,
             coalesce((array_agg(title ORDER BY w DESC, rated_at DESC) FILTER (WHERE w > 0))[1:3], '{}') AS "likedTitles",
             coalesce((array_agg(title ORDER BY w, rated_at DESC) FILTER (WHERE w < 0))[1:3], '{}') AS "dislikedTitles"
      FROM feature_rows
      WHERE key IS NOT NULL AND key <> ''
      GROUP BY kind, key
      HAVING kind <> 'cast' OR count(*) >= 2`,
  ]);
  return {
    rated,
    excluded: new Set([...rated.map((movie) => movie.tmdbId), ...queuedOrViewed.map((entry) => entry.tmdbId)]),
    features: new Map(features.map((feature) => [featureId(feature.kind, feature.key), feature])),
  };
}
