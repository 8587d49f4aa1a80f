// `watchlist stats` / GET /stats: the caller's figures, aggregated by PostgreSQL (one query each,
// run together), in the JSON shape docs/cli.md gives for `stats --json`.
import { type Db, type Priority, Prisma, type Rating } from "../db/client.js";
import { RATING_WEIGHT, RATINGS, round, weightSql } from "./taste.js";

export const PRIORITIES = ["LOW", "MEDIUM", "HIGH"] as const satisfies readonly Priority[];
export const TOP_LIMIT = 10;
export interface TasteFigure {
  name: string;
  count: number;
  averageWeight: number;
}

/** How many rated films have this original language (ISO 639-1) or production country (ISO 3166-1). */
export interface CodeCount {
  code: string;
  count: number;
}

export interface Stats {
  ratings: Record<Rating, number>;
  queue: Record<Priority, number>;
  totalRated: number;
  totalQueued: number;
  averageWeight: number | null;
  topGenres: TasteFigure[];
  topDirectors: TasteFigure[];
  minutesWatched: number;
  hoursWatched: number;
  ratingsPerMonth: { month: string; count: number }[];
  /** The rated films' original languages, most first (TMDB's "xx", no language, left out). */
  topLanguages: CodeCount[];
  /** Their production countries, most first (a film of two countries counts for each). */
  topCountries: CodeCount[];
  /** Rated films per decade of release (1990 = the 1990s), from the first decade to the last, empty ones included. */
  decades: { decade: number; count: number }[];
}

const ratedMovies = Prisma.sql`"UserMovie" um JOIN "Movie" m ON m."id" = um."movieId"`;

/** `genres` is JSON written by us, but a malformed cache row must not break stats. */
const genreElements = Prisma.sql`jsonb_array_elements(CASE WHEN jsonb_typeof(m."genres") = 'array' THEN m."genres" ELSE '[]'::jsonb END)`;

function tasteFigures(rows: { name: string; count: number; average: number }[]): TasteFigure[] {
  return rows.map((row) => ({ name: row.name, count: row.count, averageWeight: round(row.average, 2) }));
}

export async function getStats(db: Db, userId: string, now: Date = new Date()): Promise<Stats> {
  const [perRating, watchedMinutes, perPriority, genres, directors, months, languages, countries, decades] = await Promise.all([
    db.$queryRaw<{ rating: Rating; count: number }[]>`
      SELECT um."rating"::text AS rating, count(*)::int AS count
      FROM ${ratedMovies} WHERE um."userId" = ${userId} GROUP BY um."rating"`,
    minutesWatched(db, userId),
    db.$queryRaw<{ priority: Priority; count: number }[]>`
      SELECT "priority"::text AS priority, count(*)::int AS count
      FROM "Watchlist" WHERE "userId" = ${userId} GROUP BY "priority"`,
    db.$queryRaw<{ name: string; count: number; average: number }[]>`
      SELECT g->>'name' AS name, count(*)::int AS count, avg(${weightSql("um")})::float8 AS average
      FROM ${ratedMovies} CROSS JOIN LATERAL ${genreElements} AS g
      WHERE um."userId" = ${userId} AND g->>'name' IS NOT NULL
      GROUP BY 1 ORDER BY count DESC, average DESC, name LIMIT ${TOP_LIMIT}`,
    db.$queryRaw<{ name: string; count: number; average: number }[]>`
      SELECT d AS name, count(*)::int AS count, avg(${weightSql("um")})::float8 AS average
      FROM ${ratedMovies} CROSS JOIN LATERAL unnest(string_to_array(m."director", ', ')) AS d
      WHERE um."userId" = ${userId} AND d <> ''
      GROUP BY 1 ORDER BY count DESC, average DESC, name LIMIT ${TOP_LIMIT}`,
    ratingsPerMonth(db, userId, now),
    db.$queryRaw<CodeCount[]>`
      SELECT m."originalLanguage" AS code, count(*)::int AS count
      FROM ${ratedMovies} WHERE um."userId" = ${userId} AND m."originalLanguage" IS NOT NULL AND m."originalLanguage" <> 'xx'
      GROUP BY 1 ORDER BY count DESC, code LIMIT ${TOP_LIMIT}`,
    db.$queryRaw<CodeCount[]>`
      SELECT c AS code, count(*)::int AS count
      FROM ${ratedMovies} CROSS JOIN LATERAL unnest(m."countries") AS c
      WHERE um."userId" = ${userId} GROUP BY 1 ORDER BY count DESC, code LIMIT ${TOP_LIMIT}`,
    ratedPerDecade(db, userId),
  ]);

  const ratings = Object.fromEntries(RATINGS.map((r) => [r, 0])) as Record<Rating, number>;
  for (const row of perRating) ratings[row.rating] = row.count;
  const queue = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
  for (const row of perPriority) queue[row.priority] = row.count;

  const totalRated = RATINGS.reduce((sum, r) => sum + ratings[r], 0);
  const weightSum = RATINGS.reduce((sum, r) => sum + ratings[r] * RATING_WEIGHT[r], 0);
  return {
    ratings,
    queue,
    totalRated,
    totalQueued: PRIORITIES.reduce((sum, p) => sum + queue[p], 0),
    averageWeight: totalRated ? round(weightSum / totalRated, 2) : null,
    topGenres: tasteFigures(genres),
    topDirectors: tasteFigures(directors),
    minutesWatched: watchedMinutes,
    hoursWatched: round(watchedMinutes / 60, 1),
    ratingsPerMonth: months,
    topLanguages: languages,
    topCountries: countries,
    decades,
  };
}

/** Rated films per decade of release, every decade from the first to the last (films without a date left out). */
async function ratedPerDecade(db: Db, userId: string): Promise<{ decade: number; count: number }[]> {
  const rows = await db.$queryRaw<{ decade: number; count: number }[]>`
    SELECT (substring(m."releaseDate" FROM 1 FOR 4)::int / 10 * 10) AS decade, count(*)::int AS count
    FROM ${ratedMovies} WHERE um."userId" = ${userId} AND m."releaseDate" ~ '^[0-9]{4}'
    GROUP BY 1 ORDER BY 1`;
  if (rows.length === 0) return [];
  const counts = new Map(rows.map((row) => [row.decade, row.count]));
  const decades = [];
  for (let decade = rows[0].decade; decade <= rows[rows.length - 1].decade; decade += 10)
    decades.push({ decade, count: counts.get(decade) ?? 0 });
  return decades;
}

/**
 * Runtime of every viewing (rewatches count again), plus once each film rated as watched that has no
 * viewing: ratings from before the history existed keep their hours.
 */
async function minutesWatched(db: Db, userId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ minutes: number }[]>`
    SELECT coalesce(sum(m."runtime"), 0)::int AS minutes
    FROM (
      SELECT v."movieId" FROM "Viewing" v WHERE v."userId" = ${userId}
      UNION ALL
      SELECT um."movieId" FROM "UserMovie" um
      WHERE um."userId" = ${userId} AND um."watched"
        AND NOT EXISTS (SELECT 1 FROM "Viewing" v WHERE v."userId" = um."userId" AND v."movieId" = um."movieId")
    ) watched JOIN "Movie" m ON m."id" = watched."movieId"`;
  return row?.minutes ?? 0;
}

/**
 * Every month from the first rating to now, zero months included: the whole history, as an import
 * brings years of it (the CLI draws long ones by quarter or year).
 */
async function ratingsPerMonth(db: Db, userId: string, now: Date) {
  const nowUtc = now.toISOString().slice(0, 19).replace("T", " ");
  return db.$queryRaw<{ month: string; count: number }[]>`
    WITH current AS (SELECT date_trunc('month', ${nowUtc}::timestamp) AS month),
    span AS (
      SELECT date_trunc('month', min(um."createdAt")) AS first,
             greatest(date_trunc('month', max(um."createdAt")), (SELECT month FROM current)) AS last
      FROM "UserMovie" um WHERE um."userId" = ${userId}
      HAVING count(*) > 0
    ),
    months AS (SELECT generate_series(span.first, span.last, interval '1 month') AS month FROM span)
    SELECT to_char(months.month, 'YYYY-MM') AS month, count(um."id")::int AS count
    FROM months LEFT JOIN "UserMovie" um
      ON um."userId" = ${userId} AND um."createdAt" >= months.month AND um."createdAt" < months.month + interval '1 month'
    GROUP BY months.month ORDER BY months.month`;
}
