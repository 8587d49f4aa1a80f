// The two candidate sources that live in our own database, both computed by PostgreSQL:
// collaborative filtering over every user's ratings, and cached movies sharing directors or actors
// with the films the user liked.

import { type CrowdRules, DEFAULT_CROWD_RULES } from "../config.js";
import { type Db, Prisma } from "../db/client.js";
import type { Movie } from "../generated/prisma/client.js";
import { viewedMovieIdsSql } from "./history.js";
import { weightSql } from "./taste.js";

export const CANDIDATES_PER_SOURCE = 150;
/** Users whose ratings agree most with the caller's; their votes make the collaborative scores. */
export const NEIGHBOURS = 200;
/**
 * The caller's most recent LIKE/SUPER_LIKE/DISLIKE ratings that choose the neighbours (OK weighs 0):
 * every rating of these films is read, so this bounds the work for a user who rated thousands.
 */
export const NEIGHBOUR_EVIDENCE = 250;

export type CollaborativeCandidate = Movie & { similarity: number; fans: number };
export type ContentCandidate = Movie & { strength: number };

const LIKED = Prisma.sql`('LIKE', 'SUPER_LIKE')`;

/** A result or reason from other people never rests on fewer established members than this (issue 19). */
export const MIN_CROWD = 3;

/**
 * The members whose ratings may shape the caller's collaborative scores and reasons (docs/security.md,
 * "Collaborative recommendations"): not the caller, not one who said `--share-taste off`, and only
 * established accounts — older than `minAccountDays` with at least `minRatings` ratings — so that
 * throwaway accounts can neither vote nor make up a crowd. Counting stops at `minRatings` per member
 * (an index probe of UserMovie's userId), so the check costs the same for a member who rated thousands.
 */
const contributorsSql = (userId: string, rules: CrowdRules) => Prisma.sql`
  SELECT u."id" FROM "User" u
  WHERE u."shareTaste" AND u."id" <> ${userId}
    AND u."createdAt" <= now() - make_interval(days => ${rules.minAccountDays}::int)
    AND (SELECT count(*) FROM (SELECT 1 FROM "UserMovie" r WHERE r."userId" = u."id" LIMIT ${rules.minRatings}::int) AS enough) >= ${rules.minRatings}::int`;

/** The rating in `alias` is a contributor's (the query's `contributors` CTE). */
const byContributor = (alias: string) => Prisma.sql`${Prisma.raw(`"${alias}"."userId"`)} IN (SELECT "id" FROM contributors)`;

const excludedMovies = (userId: string) => Prisma.sql`
  SELECT "movieId" FROM "UserMovie" WHERE "userId" = ${userId}
  UNION SELECT "movieId" FROM "Watchlist" WHERE "userId" = ${userId}
  UNION ${viewedMovieIdsSql(userId)}`;

/** `AND` the movie id in `column` is of the genre (an index-only probe of MovieFeature), or nothing. */
const movieInGenre = (column: string, genreId: number | undefined) =>
  genreId === undefined
    ? Prisma.empty
    : Prisma.sql`AND EXISTS (
        SELECT 1 FROM "MovieFeature" g WHERE g."movieId" = ${Prisma.raw(column)} AND g.kind = 'genre' AND g.key = ${String(genreId)})`;

/** Films whose exact similarity is computed first; the others only if their bound can still reach the best. */
const FIRST_EXACT = 3 * CANDIDATES_PER_SOURCE;

/** A LATERAL subquery: the norm of the rating vector of the film `alias`."movieId", over every rating. */
const targetNorm = (alias: string) => Prisma.sql`LATERAL (
  SELECT sqrt(sum(${weightSql("t")} * ${weightSql("t")})) AS norm FROM "UserMovie" t
  WHERE t."movieId" = ${Prisma.raw(`"${alias}"."movieId"`)} AND ${byContributor("t")}
) AS target_norm`;

/**
 * Item-item collaborative filtering with cosine similarity over the weighted rating vectors:
 *   score(j) = Σ_i w_u(i)·cos(i, j) = (1/|j|) · Σ_v w_v(j) · Σ_i w_u(i)·w_v(i)/|i|
 * so it is computed through the users v who co-rated the caller's movies (their "agreement", the
 * inner sum) without ever building the item×item matrix. Only the NEIGHBOURS users who agree most
 * vote, and only movies at least MIN_CROWD of them liked qualify: neighbours are contributors only
 * (established members sharing their taste), so a film one member alone liked never surfaces, and
 * throwaway accounts cannot make up the crowd (the sybil probe of issue 19). The `= ANY(ARRAY(…))` filters let
 * PostgreSQL read the few ratings it needs through the userId/movieId indexes instead of scanning
 * the whole table (≈1.5× faster on the bench's 100,000 ratings). At scale (1,000,000 ratings) the
 * work is bounded: neighbours are chosen from the caller's NEIGHBOUR_EVIDENCE latest ratings, and
 * the norm |j| (every rating of the film: index-only scans of (movieId, userId, rating)) is computed
 * first for the FIRST_EXACT films of highest bound raw/|j over the neighbours| ≥ the similarity,
 * then only for the other films whose bound still reaches the 150th best: the same result, exactly.
 */
export function collaborativeCandidates(
  db: Db,
  userId: string,
  genreId?: number,
  rules: CrowdRules = DEFAULT_CROWD_RULES,
): Promise<CollaborativeCandidate[]> {
  return db.$queryRaw<CollaborativeCandidate[]>`
    WITH contributors AS MATERIALIZED (${contributorsSql(userId, rules)}),
    mine AS (
      SELECT um."movieId", ${weightSql("um")}::float8 AS w FROM "UserMovie" um
      WHERE um."userId" = ${userId} AND um."rating" <> 'OK'
      ORDER BY um."updatedAt" DESC
      LIMIT ${NEIGHBOUR_EVIDENCE}
    ),
    co AS (
      SELECT o."userId", o."movieId", ${weightSql("o")}::float8 AS w
      FROM "UserMovie" o WHERE o."movieId" = ANY(ARRAY(SELECT "movieId" FROM mine)) AND o."rating" <> 'OK'
        AND (o."userId" = ${userId} OR ${byContributor("o")})
    ),
    item_norm AS (SELECT "movieId", sqrt(sum(w * w)) AS norm FROM co GROUP BY "movieId"),
    neighbours AS (
      SELECT co."userId", sum(mine.w * co.w / item_norm.norm) AS agreement
      FROM co JOIN mine USING ("movieId") JOIN item_norm USING ("movieId")
      WHERE co."userId" <> ${userId}
      GROUP BY co."userId"
      HAVING sum(mine.w * co.w / item_norm.norm) > 0
      ORDER BY agreement DESC
      LIMIT ${NEIGHBOURS}
    ),
    votes AS (
      SELECT t."movieId", sum(n.agreement * ${weightSql("t")}) AS raw,
             (count(*) FILTER (WHERE t."rating" IN ${LIKED}))::int AS fans,
             -- The norm over the neighbours' ratings only: the film's whole norm is at least this.
             sqrt(sum(${weightSql("t")} * ${weightSql("t")})) AS partial_norm
      FROM neighbours n JOIN "UserMovie" t ON t."userId" = n."userId"
      WHERE t."userId" = ANY(ARRAY(SELECT "userId" FROM neighbours)) AND t."movieId" NOT IN (${excludedMovies(userId)})
      GROUP BY t."movieId"
      HAVING sum(n.agreement * ${weightSql("t")}) > 0 AND count(*) FILTER (WHERE t."rating" IN ${LIKED}) >= ${MIN_CROWD}
    ),
    bounded AS (
      SELECT votes.*, votes.raw / votes.partial_norm AS bound FROM votes WHERE true ${movieInGenre('votes."movieId"', genreId)}
    ),
    first AS (
      SELECT b."movieId", (b.raw / target_norm.norm)::float8 AS similarity, b.fans
      FROM (SELECT * FROM bounded ORDER BY bound DESC LIMIT ${FIRST_EXACT}) AS b, ${targetNorm("b")}
    ),
    threshold AS (SELECT similarity FROM first ORDER BY similarity DESC OFFSET ${CANDIDATES_PER_SOURCE - 1} LIMIT 1),
    rest AS (
      SELECT b."movieId", (b.raw / target_norm.norm)::float8 AS similarity, b.fans
      FROM bounded b, ${targetNorm("b")}
      WHERE b.bound >= (SELECT similarity FROM threshold) AND b."movieId" NOT IN (SELECT "movieId" FROM first)
    ),
    best AS (
      SELECT * FROM first UNION ALL SELECT * FROM rest
      ORDER BY similarity DESC, fans DESC
      FETCH FIRST ${CANDIDATES_PER_SOURCE} ROWS WITH TIES
    )
    SELECT m.*, best.similarity, best.fans
    FROM best JOIN "Movie" m ON m."id" = best."movieId"
    ORDER BY best.similarity DESC, best.fans DESC, m."tmdbId"
    LIMIT ${CANDIDATES_PER_SOURCE}`;
}

/**
 * Cached movies by the directors and top-billed actors of the films the user liked, found through
 * the MovieFeature lookup (kept in step with the Movie cache by a trigger) and its (kind, key)
 * index: only the films sharing a person with the user's taste are read, never the whole cache.
 * The `= ANY(ARRAY(…))` filters make PostgreSQL probe that index per person; joined to the taste
 * alone it misjudges the sizes and scans the whole table. Only the best (with ties) are joined to
 * Movie for their rows and the tie-break on tmdbId.
 */
export function contentCandidates(db: Db, userId: string, genreId?: number): Promise<ContentCandidate[]> {
  return db.$queryRaw<ContentCandidate[]>`
    WITH taste AS (
      SELECT mf.kind, mf.key, sum(${weightSql("um")})::float8 / (count(*) + 1) AS affinity
      FROM "UserMovie" um JOIN "MovieFeature" mf ON mf."movieId" = um."movieId"
      WHERE um."userId" = ${userId} AND mf.kind IN ('director', 'cast')
      GROUP BY mf.kind, mf.key HAVING sum(${weightSql("um")}) > 0
    ),
    matches AS (
      SELECT mf."movieId" AS "id", sum(taste.affinity) AS strength
      FROM "MovieFeature" mf JOIN taste USING (kind, key)
      WHERE (mf.kind = 'director' AND mf.key = ANY(ARRAY(SELECT key FROM taste WHERE kind = 'director')))
         OR (mf.kind = 'cast' AND mf.key = ANY(ARRAY(SELECT key FROM taste WHERE kind = 'cast')))
      GROUP BY mf."movieId"
    ),
    best AS (
      SELECT * FROM matches
      WHERE matches."id" NOT IN (${excludedMovies(userId)}) ${movieInGenre('matches."id"', genreId)}
      ORDER BY strength DESC
      FETCH FIRST ${CANDIDATES_PER_SOURCE} ROWS WITH TIES
    )
    SELECT m.*, best.strength::float8 AS strength
    FROM best JOIN "Movie" m ON m."id" = best."id"
    ORDER BY best.strength DESC, m."tmdbId"
    LIMIT ${CANDIDATES_PER_SOURCE}`;
}

export interface SharedFavourite {
  tmdbId: number;
  /** How many contributors liked both `tmdbId` and the caller's `title` (never shown: reasons hold no counts). */
  together: number;
  title: string;
  rating: "LIKE" | "SUPER_LIKE";
}

/**
 * For each movie, the caller's liked film most often liked together with it by contributors, when
 * at least MIN_CROWD of them did (for the reasons).
 */
export function sharedFavourites(
  db: Db,
  userId: string,
  tmdbIds: number[],
  rules: CrowdRules = DEFAULT_CROWD_RULES,
): Promise<SharedFavourite[]> {
  if (tmdbIds.length === 0) return Promise.resolve([]);
  return db.$queryRaw<SharedFavourite[]>`
    WITH contributors AS MATERIALIZED (${contributorsSql(userId, rules)}),
    mine AS (
      SELECT um."movieId", um."rating", ${weightSql("um")} AS w FROM "UserMovie" um
      WHERE um."userId" = ${userId} AND um."rating" IN ${LIKED}
    ),
    fans AS (
      SELECT um."userId", m."tmdbId" AS target FROM "UserMovie" um JOIN "Movie" m ON m."id" = um."movieId"
      WHERE m."tmdbId" = ANY(${tmdbIds}::int[]) AND um."rating" IN ${LIKED} AND ${byContributor("um")}
    ),
    pairs AS (
      SELECT fans.target, mine."movieId", count(*)::int AS together
      FROM fans JOIN "UserMovie" o ON o."userId" = fans."userId" AND o."rating" IN ${LIKED}
      JOIN mine ON mine."movieId" = o."movieId"
      GROUP BY fans.target, mine."movieId"
      HAVING count(*) >= ${MIN_CROWD}
    )
    SELECT DISTINCT ON (pairs.target) pairs.target AS "tmdbId", pairs.together, m."title", mine."rating"::text AS rating
    FROM pairs JOIN mine USING ("movieId") JOIN "Movie" m ON m."id" = pairs."movieId"
    ORDER BY pairs.target, pairs.together DESC, mine.w DESC, m."title"`;
}

export type SuggestedCandidate = Movie & { suggestedBy: string[] };

/** Films friends suggested to the user that the user has not rated or queued, with who suggested them. */
export function suggestedCandidates(db: Db, userId: string, genreId?: number): Promise<SuggestedCandidate[]> {
  return db.$queryRaw<SuggestedCandidate[]>`
    SELECT m.*, array_agg(u."username" ORDER BY s."createdAt" DESC) AS "suggestedBy"
    FROM "Suggestion" s JOIN "Movie" m ON m."id" = s."movieId" JOIN "User" u ON u."id" = s."fromId"
    WHERE s."toId" = ${userId} AND s."movieId" NOT IN (${excludedMovies(userId)}) ${movieInGenre(`s."movieId"`, genreId)}
    GROUP BY m."id"
    ORDER BY max(s."createdAt") DESC
    LIMIT ${CANDIDATES_PER_SOURCE}`;
}
