// The filters a person chooses a film with, on queue, recommend, pick and list show: `--on
// SERVICES|mine` (subscription, free or with ads in the region), `--lang`, `--country`, `--max-cert`.
// Each is an indexed condition on what is stored (MovieProvider, MovieCertification, Movie's
// originalLanguage and countries); films whose data is stale are refreshed in the background.
import { type Db, Prisma } from "../db/client.js";
import { InvalidRequestError } from "./errors.js";
import type { MovieDeps } from "./movies.js";
import { resolveProviders } from "./provider-names.js";
import { currentRegion } from "./region.js";
import { certificationScales } from "./tmdb-lists.js";
import { providersFreshSince, refreshInBackground } from "./watch-refresh.js";

/** The filters as a request gives them. */
export interface FilmFilterInput {
  /** Provider names or ids, or ["mine"]. */
  on?: string[];
  lang?: string;
  country?: string;
  maxCert?: string;
}

/** The filters resolved: TMDB provider ids, the certifications allowed in the region. */
export interface FilmFilter {
  region: string;
  providerIds?: number[];
  lang?: string;
  country?: string;
  certifications?: string[];
}

/**
 * The certification scales this app knows by heart, mildest first; a group of equals shares a rank
 * (GB: 12A and 12). Other regions follow TMDB's /certification/movie/list.
 */
const KNOWN_SCALES: Record<string, string[][]> = {
  US: [["G"], ["PG"], ["PG-13"], ["R"], ["NC-17"]],
  GB: [["U"], ["PG"], ["12A", "12"], ["15"], ["18"], ["R18"]],
};

/** Every certification at most `maxCert` on the region's scale; 422 for one the scale lacks. */
export async function certificationsUpTo(deps: Pick<MovieDeps, "db" | "tmdb">, region: string, maxCert: string): Promise<string[]> {
  const scale = KNOWN_SCALES[region] ?? ((await certificationScales(deps))[region] ?? []).map((certification) => [certification]);
  if (scale.length === 0) throw new InvalidRequestError(`no certification scale is known for region ${region}`);
  const wanted = maxCert.trim().toUpperCase();
  const rank = scale.findIndex((group) => group.some((certification) => certification.toUpperCase() === wanted));
  if (rank < 0) {
    throw new InvalidRequestError(
      `unknown certification "${maxCert}" in ${region}; ${region}'s scale: ${scale.map((group) => group.join(" = ")).join(" < ")}`,
    );
  }
  return scale.slice(0, rank + 1).flat();
}

/** What `mine` stands for: the services set on these members' profiles (`profile set --services`), each once. */
export async function profileServices(db: Db, userIds: string[]): Promise<number[]> {
  const rows = await db.profile.findMany({ where: { userId: { in: userIds } }, select: { services: true } });
  return [...new Set(rows.flatMap((row) => row.services))];
}

/**
 * Resolves the filters in the request's region (the caller's); undefined when none is given. `mine`
 * is the services of any of `members` (the caller alone, but in `pick` the whole group).
 */
export async function resolveFilmFilter(
  deps: Pick<MovieDeps, "db" | "tmdb">,
  input: FilmFilterInput,
  members: string[],
): Promise<FilmFilter | undefined> {
  if (!input.on?.length && !input.lang && !input.country && !input.maxCert) return undefined;
  const region = currentRegion();
  const filter: FilmFilter = { region };
  if (input.on?.length) {
    if (input.on.some((name) => name.trim().toLowerCase() === "mine")) {
      filter.providerIds = await profileServices(deps.db, members);
      if (filter.providerIds.length === 0) {
        throw new InvalidRequestError(
          members.length > 1
            ? "--on mine: none of you has set streaming services (watchlist profile set --services netflix,mubi)"
            : "--on mine: you have set no streaming services (watchlist profile set --services netflix,mubi)",
        );
      }
    } else filter.providerIds = (await resolveProviders(deps, input.on)).map((provider) => provider.id);
  }
  if (input.lang) filter.lang = input.lang;
  if (input.country) filter.country = input.country;
  if (input.maxCert) filter.certifications = await certificationsUpTo(deps, region, input.maxCert);
  return filter;
}

/** The filter as SQL conditions on the film `m` ("AND …" each), for a listing's WHERE. */
export function filmFilterSql(filter: FilmFilter | undefined): Prisma.Sql {
  if (!filter) return Prisma.empty;
  const conditions: Prisma.Sql[] = [];
  if (filter.providerIds) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "MovieProvider" p
      WHERE p."movieId" = m."id" AND p."region" = ${filter.region}
        AND p."providerId" = ANY(${filter.providerIds}::int[])
        AND p."kind" IN ('FLATRATE', 'FREE', 'ADS'))`);
  }
  if (filter.lang) conditions.push(Prisma.sql`m."originalLanguage" = ${filter.lang}`);
  if (filter.country) conditions.push(Prisma.sql`m."countries" @> ARRAY[${filter.country}]::text[]`);
  if (filter.certifications) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "MovieCertification" c
      WHERE c."movieId" = m."id" AND c."region" = ${filter.region} AND c."certification" = ANY(${filter.certifications}::text[]))`);
  }
  return Prisma.sql`AND ${Prisma.join(conditions, " AND ")}`;
}

/** Of these films (TMDB ids), those the filter lets through: one query over the cache. */
export async function filmsPassing(db: Db, filter: FilmFilter, tmdbIds: number[]): Promise<Set<number>> {
  if (tmdbIds.length === 0) return new Set();
  const rows = await db.$queryRaw<Array<{ tmdbId: number }>>`
    SELECT m."tmdbId" FROM "Movie" m WHERE m."tmdbId" = ANY(${tmdbIds}::int[]) ${filmFilterSql(filter)}`;
  return new Set(rows.map((row) => row.tmdbId));
}

/** Stale for this filter: never fetched with providers, or (filtering by them) fetched over a day ago. */
function staleCondition(filter: FilmFilter): Prisma.Sql {
  return filter.providerIds
    ? Prisma.sql`(m."providersFetchedAt" IS NULL OR m."providersFetchedAt" < ${providersFreshSince()})`
    : Prisma.sql`m."providersFetchedAt" IS NULL`;
}

/**
 * Starts the background refresh of those of these films (TMDB ids, cached or not) whose data is
 * stale for the filter; answers how many are being refreshed.
 */
export async function refreshStaleFilms(deps: MovieDeps, filter: FilmFilter, tmdbIds: number[]): Promise<number> {
  if (tmdbIds.length === 0) return 0;
  const rows = await deps.db.$queryRaw<Array<{ tmdbId: number }>>`
    SELECT t.id AS "tmdbId" FROM unnest(${tmdbIds}::int[]) AS t(id)
    LEFT JOIN "Movie" m ON m."tmdbId" = t.id
    WHERE m."id" IS NULL OR ${staleCondition(filter)}`;
  return refreshInBackground(
    deps,
    rows.map((row) => row.tmdbId),
  );
}

/** The films of a user's queue that are stale for the filter (one indexed query), refreshed in the background. */
export const refreshStaleQueue = (deps: MovieDeps, filter: FilmFilter, userId: string) =>
  refreshStaleOf(deps, filter, Prisma.sql`"Watchlist" w JOIN "Movie" m ON m."id" = w."movieId" WHERE w."userId" = ${userId}`);

/** The films of a list that are stale for the filter (one indexed query), refreshed in the background. */
export const refreshStaleList = (deps: MovieDeps, filter: FilmFilter, listId: string) =>
  refreshStaleOf(deps, filter, Prisma.sql`"ListEntry" e JOIN "Movie" m ON m."id" = e."movieId" WHERE e."listId" = ${listId}`);

/** `films`: a FROM … WHERE naming the films as `m`; those stale for the filter are refreshed in the background. */
async function refreshStaleOf(deps: MovieDeps, filter: FilmFilter, films: Prisma.Sql): Promise<number> {
  const rows = await deps.db.$queryRaw<Array<{ tmdbId: number }>>`SELECT m."tmdbId" FROM ${films} AND ${staleCondition(filter)}`;
  return refreshInBackground(
    deps,
    rows.map((row) => row.tmdbId),
  );
}

/** At most this many films of a listing are queued for a background refresh at once (the bulk lane paces them). */
const MAX_BACKGROUND_REFRESH = 200;

export interface FilterOutcome {
  /** The films (TMDB ids) the filter lets through, from what is stored. */
  passing: Set<number>;
  /** How many of them are being refreshed in the background. */
  refreshing: number;
}

/** Filters a listing's candidates (TMDB ids) by what is stored, and refreshes the stale ones in the background. */
export async function applyFilmFilter(deps: MovieDeps, filter: FilmFilter, tmdbIds: number[]): Promise<FilterOutcome> {
  const [passing, refreshing] = await Promise.all([
    filmsPassing(deps.db, filter, tmdbIds),
    refreshStaleFilms(deps, filter, tmdbIds.slice(0, MAX_BACKGROUND_REFRESH)),
  ]);
  return { passing, refreshing };
}
