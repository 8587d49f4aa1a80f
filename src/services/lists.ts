// Lists (collections, rankings, watchlists shared with friends): docs/lists.md. Who may see a list is
// decided in one place, `visibleTo`; a list the caller may not see answers exactly as a missing one.
// Every write to a list's entries first locks the List row, so positions stay 1..n without gaps
// however many editors write at once, and ends by touching the row (updatedAt): the activity log then
// sees every later change of the list, and undo refuses to restore positions others have moved since.
import { type Db, Prisma } from "../db/client.js";
import type { ListAccess, Visibility as ListVisibility } from "../generated/prisma/enums.js";
import { type ActivityStart, startActivity } from "./activity.js";
import { ConflictError, ForbiddenError, InvalidRequestError, NotFoundError } from "./errors.js";
import { type FilmFilter, filmFilterSql } from "./film-filters.js";
import { requireFriends } from "./friends.js";
import type { JsonPieces } from "./json-bytes.js";
import { MOVIE_JSON_COLUMNS, type MovieJson, type MovieJsonColumns, toMovieJson } from "./movie-json.js";
import { MOVIE_VERSION_COLUMNS, type MovieVersion, movieJsonBytes } from "./movie-json-bytes.js";
import { getMovie, type MovieDeps } from "./movies.js";
import { decodeCursor, toPage } from "./paging.js";
import { TRANSACTION_OPTIONS } from "./user-movie-lock.js";
import { usernameKey } from "./users.js";
import { findOwner, hiddenUser, mayView, visibleToSql } from "./visibility.js";

export type VisibilityWord = "private" | "friends" | "server";
export type AccessWord = "view" | "edit";

export interface CollaboratorJson {
  username: string;
  can: AccessWord;
}

export interface ListSummaryJson {
  name: string;
  owner: string;
  description: string | null;
  ranked: boolean;
  visibility: VisibilityWord;
  /** How many films it holds. */
  films: number;
  collaborators: CollaboratorJson[];
  /** What the caller may do: owner, edit (entries and notes) or view. */
  access: "owner" | AccessWord;
  createdAt: Date;
  /** The last change to the list or its entries. */
  updatedAt: Date;
}

export interface ListEntryJson {
  /** 1..n in a ranked list; null in an unranked one (shown newest first). */
  position: number | null;
  movie: MovieJson;
  /** IMDb's id of the film when known (Letterboxd's importer reads it). */
  imdbId: string | null;
  note: string | null;
  /** Who added it; null when that account is gone. */
  addedBy: string | null;
  addedAt: Date;
}

/** GET /lists/:owner/:name's answer (showList writes its entries already encoded). */
export interface ListJson extends ListSummaryJson {
  entries: ListEntryJson[];
}

export const MAX_LIST_NAME = 100;
export const MAX_DESCRIPTION = 10_000;
export const MAX_NOTE = 1_000;
/** The largest page of `list show` (GET /lists/:owner/:name?limit=). */
export const LIST_PAGE_MAX = 5_000;

/** The key names are unique under, per owner: "Halloween" and "halloween" are one name. */
export const foldListName = (name: string) => name.normalize("NFKC").toLowerCase();

/** The one answer for a list that does not exist and for one the caller may not see. */
const noSuchList = (owner: string, name: string) => new NotFoundError(`no list ${owner}/${name}`);

/**
 * Who may see a list, as a condition on `l` (a List row): the owner and its collaborators always;
 * anyone else when the one gate (src/services/visibility.ts) lets them see the owner's data and the
 * list's own visibility lets them too (the narrower of the two decides: a friends-only member's
 * server-wide list shows to friends only).
 */
function visibleTo(viewerId: string): Prisma.Sql {
  return Prisma.sql`(
    l."ownerId" = ${viewerId}
    OR EXISTS (SELECT 1 FROM "ListCollaborator" vc WHERE vc."listId" = l."id" AND vc."userId" = ${viewerId})
    OR (${visibleToSql(viewerId, Prisma.sql`l."ownerId"`)} AND (
      l."visibility" = 'SERVER'
      OR (l."visibility" = 'FRIENDS' AND EXISTS (
        SELECT 1 FROM "Friendship" f WHERE f."status" = 'ACCEPTED'
          AND ((f."requesterId" = l."ownerId" AND f."addresseeId" = ${viewerId})
            OR (f."addresseeId" = l."ownerId" AND f."requesterId" = ${viewerId})))))))`;
}

const word = <T extends string>(value: string) => value.toLowerCase() as T;

interface ListRow {
  id: string;
  ownerId: string;
  owner: string;
  name: string;
  description: string | null;
  ranked: boolean;
  visibility: ListVisibility;
  createdAt: Date;
  updatedAt: Date;
  films: number;
  collaborators: CollaboratorJson[] | null;
  shared: ListAccess | null;
}

function accessOf(row: ListRow, viewerId: string): ListSummaryJson["access"] {
  if (row.ownerId === viewerId) return "owner";
  return row.shared === "EDIT" ? "edit" : "view";
}

function toSummary(row: ListRow, viewerId: string): ListSummaryJson {
  return {
    name: row.name,
    owner: row.owner,
    description: row.description,
    ranked: row.ranked,
    visibility: word(row.visibility),
    films: row.films,
    collaborators: row.collaborators ?? [],
    access: accessOf(row, viewerId),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Lists with what a summary shows, where `where` holds (a condition on `l` and `u`, the owner). */
function selectLists(viewerId: string, where: Prisma.Sql, lock = false) {
  return Prisma.sql`
    SELECT l."id", l."ownerId", u."username" AS "owner", l."name", l."description", l."ranked",
      l."visibility"::text AS "visibility", l."createdAt", l."updatedAt",
      (SELECT count(*)::int FROM "ListEntry" e WHERE e."listId" = l."id") AS "films",
      (SELECT json_agg(json_build_object('username', cu."username", 'can', lower(c."access"::text)) ORDER BY cu."username")
         FROM "ListCollaborator" c JOIN "User" cu ON cu."id" = c."userId" WHERE c."listId" = l."id") AS "collaborators",
      (SELECT c."access"::text FROM "ListCollaborator" c WHERE c."listId" = l."id" AND c."userId" = ${viewerId}) AS "shared"
    FROM "List" l JOIN "User" u ON u."id" = l."ownerId"
    WHERE ${where} AND ${visibleTo(viewerId)}
    ${lock ? Prisma.sql`FOR UPDATE OF l` : Prisma.empty}`;
}

/**
 * `watchlist lists`: the caller's lists (by name) then those shared with them (by owner, name); with
 * `of`, that member's lists the caller may see. A member whose data the caller may not see (and who
 * shared nothing with them) answers as one that does not exist.
 */
export async function listLists(db: Db, viewerId: string, options: { of?: string } = {}): Promise<ListSummaryJson[]> {
  let where: Prisma.Sql;
  let owner: Awaited<ReturnType<typeof findOwner>> = null;
  if (options.of !== undefined) {
    owner = await findOwner(db, viewerId, options.of);
    if (!owner) throw hiddenUser(options.of);
    where = Prisma.sql`l."ownerId" = ${owner.id}`;
  } else {
    where = Prisma.sql`(l."ownerId" = ${viewerId} OR l."id" IN (SELECT "listId" FROM "ListCollaborator" WHERE "userId" = ${viewerId}))`;
  }
  const rows = await db.$queryRaw<ListRow[]>(selectLists(viewerId, where));
  if (owner && rows.length === 0 && !mayView(owner.relation, owner.visibility)) throw hiddenUser(options.of as string);
  return rows
    .map((row) => toSummary(row, viewerId))
    .sort(
      (a, b) =>
        Number(b.access === "owner") - Number(a.access === "owner") ||
        a.owner.localeCompare(b.owner) ||
        a.name.localeCompare(b.name, undefined, { sensitivity: "base" }),
    );
}

/** How many of this owner's lists the viewer may see (`visibleTo`): a profile's `counts.lists`. */
export async function countVisibleLists(db: Db, viewerId: string, ownerId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS "count" FROM "List" l WHERE l."ownerId" = ${ownerId} AND ${visibleTo(viewerId)}`;
  return row.count;
}

/** The list `owner/name` if the viewer may see it (`lock`: holding its row for the transaction), else the one 404. */
async function findList(db: Db | Prisma.TransactionClient, viewerId: string, owner: string, name: string, lock = false) {
  const [row] = await db.$queryRaw<ListRow[]>(
    selectLists(viewerId, Prisma.sql`u."usernameKey" = ${usernameKey(owner)} AND l."nameKey" = ${foldListName(name)}`, lock),
  );
  if (!row) throw noSuchList(owner, name);
  return row;
}

const requireOwner = (row: ListRow, viewerId: string, what: string) => {
  if (row.ownerId !== viewerId) throw new ForbiddenError(`only ${row.owner} can ${what} ${row.owner}/${row.name}`);
};
const requireEditor = (row: ListRow, viewerId: string) => {
  if (accessOf(row, viewerId) === "view")
    throw new ForbiddenError(`${row.owner}/${row.name} is shared with you to view: only its owner and editors change its films`);
};

export interface EntryFilter {
  /** A condition on the entry's film (`m`, a Movie row). */
  movie?: Prisma.Sql;
  /** `list show --on/--lang/--country/--max-cert`, resolved (src/services/film-filters.ts). */
  film?: FilmFilter;
}

/** A page of entries: at most `limit` (none: all), after the entry a previous page's cursor names. */
export interface EntryPage {
  limit?: number;
  cursor?: string;
}

interface EntryFields {
  position: number;
  note: string | null;
  addedBy: string | null;
  addedAt: Date;
  imdbId: string | null;
}
type EntryRow = MovieJsonColumns & EntryFields;

/**
 * The entries after a page's last one: ranked by position, unranked newest first (the cursor names
 * the order, so a list ranked or unranked between two pages refuses the older cursor: 422).
 */
function afterCursor(list: { ranked: boolean }, cursor: string | undefined): Prisma.Sql {
  if (cursor === undefined) return Prisma.empty;
  if (list.ranked) {
    const [position] = decodeCursor(cursor, ["number"] as const, "ranked");
    return Prisma.sql`AND e."position" > ${position}`;
  }
  const [addedAt, position] = decodeCursor(cursor, ["instant", "number"] as const, "unranked");
  return Prisma.sql`AND (e."addedAt", e."position") < (${addedAt}::timestamptz AT TIME ZONE 'UTC', ${position}::int)`;
}

const cursorKey = (list: { ranked: boolean }, row: EntryFields) =>
  list.ranked ? ["ranked", row.position] : ["unranked", row.addedAt.toISOString(), row.position];

/**
 * A list's entries (ranked: by position; unranked: newest first), or a page of them, in one query,
 * with the film's `movieColumns` (`m`).
 */
function entryRows<Film>(
  db: Db | Prisma.TransactionClient,
  list: { id: string; ranked: boolean },
  filter: EntryFilter,
  page: EntryPage,
  movieColumns: Prisma.Sql,
) {
  return db.$queryRaw<(EntryFields & Film)[]>`
    SELECT e."position", e."note", a."username" AS "addedBy", e."addedAt", m."imdbId", ${movieColumns}
    FROM "ListEntry" e JOIN "Movie" m ON m."id" = e."movieId" LEFT JOIN "User" a ON a."id" = e."addedById"
    WHERE e."listId" = ${list.id} ${filter.movie ? Prisma.sql`AND ${filter.movie}` : Prisma.empty} ${filmFilterSql(filter.film)}
      ${afterCursor(list, page.cursor)}
    ORDER BY ${list.ranked ? Prisma.sql`e."position"` : Prisma.sql`e."addedAt" DESC, e."position" DESC`}
    ${page.limit ? Prisma.sql`LIMIT ${page.limit + 1}` : Prisma.empty}`;
}

const toEntry =
  (list: { ranked: boolean }) =>
  (row: EntryRow): ListEntryJson => ({
    position: list.ranked ? row.position : null,
    movie: toMovieJson(row),
    imdbId: row.imdbId,
    note: row.note,
    addedBy: row.addedBy,
    addedAt: row.addedAt,
  });

/** A list's entries in order (ranked: by position; unranked: newest first), in one query. */
export async function listEntries(
  db: Db | Prisma.TransactionClient,
  list: { id: string; ranked: boolean },
  filter: EntryFilter = {},
): Promise<ListEntryJson[]> {
  return (await entryRows<MovieJsonColumns>(db, list, filter, {}, MOVIE_JSON_COLUMNS)).map(toEntry(list));
}

/**
 * The entries as their JSON array in pieces: each film's JSON from movieJsonBytes, the entry's own
 * fields around it in ListEntryJson's order. A film deleted since the rows were read is left out.
 */
function entriesJson(list: { ranked: boolean }, rows: (EntryFields & MovieVersion)[], films: (Buffer | undefined)[]): JsonPieces {
  const parts: JsonPieces = ["["];
  rows.forEach((row, i) => {
    const film = films[i];
    if (!film) return;
    const { imdbId, note, addedBy, addedAt } = row;
    const comma = parts.length > 1 ? "," : "";
    parts.push(`${comma}{"position":${list.ranked ? row.position : null},"movie":`, film);
    parts.push(`,${JSON.stringify({ imdbId, note, addedBy, addedAt }).slice(1)}`);
  });
  parts.push("]");
  return parts;
}

/**
 * `watchlist list show`: the list and its entries (a page of them with `limit`; `next` is the next
 * page's cursor), when the viewer may see it: the entries as the JSON array of ListEntryJson in
 * pieces (the answer's bulk, from each film's kept JSON). `id` is the list's, for the caller's background work.
 */
export async function showList(
  db: Db,
  viewerId: string,
  owner: string,
  name: string,
  options: EntryFilter & EntryPage = {},
): Promise<{ list: ListSummaryJson; entries: JsonPieces; next: string | null; id: string }> {
  const row = await findList(db, viewerId, owner, name);
  const rows = await entryRows<MovieVersion>(db, row, options, options, MOVIE_VERSION_COLUMNS);
  const page = toPage(
    rows,
    options.limit,
    (entry) => cursorKey(row, entry),
    (entry) => entry,
  );
  const entries = entriesJson(row, page.items, await movieJsonBytes(db, page.items));
  return { list: toSummary(row, viewerId), entries, next: page.next, id: row.id };
}

/**
 * The films of a list every one of `viewerIds` may see (`pick --from`), else the one 404 for the
 * first who may not: a group picks only from a list all of them could open.
 */
export async function filmsSeenByAll(db: Db, viewerIds: string[], owner: string, name: string): Promise<MovieJson[]> {
  let list: ListRow | undefined;
  for (const viewerId of viewerIds) list = await findList(db, viewerId, owner, name);
  if (!list) throw noSuchList(owner, name);
  return (await listEntries(db, list)).map((entry) => entry.movie);
}

export interface ListInput {
  name: string;
  description?: string | null;
  ranked?: boolean;
  visibility?: VisibilityWord;
}

const taken = (name: string) => new ConflictError("list_name_taken", `you already have a list named ${name}`);

export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return true;
  const meta = (error as { meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string } } } }).meta;
  return meta?.code === "23505" || meta?.driverAdapterError?.cause?.originalCode === "23505";
}

async function usernameOf(db: Db | Prisma.TransactionClient, userId: string) {
  return (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { username: true } })).username;
}

/** `watchlist list create`: a new list of the caller; 409 when they have one of that name (any case). */
export async function createList(db: Db, userId: string, input: ListInput): Promise<ListSummaryJson> {
  try {
    return await db.$transaction(async (tx) => {
      const owner = await usernameOf(tx, userId);
      await startActivity(tx, { userId, action: "list-create", detail: `${owner}/${input.name}` });
      await tx.list.create({
        data: {
          ownerId: userId,
          name: input.name,
          nameKey: foldListName(input.name),
          description: input.description ?? null,
          ranked: input.ranked ?? false,
          visibility: (input.visibility?.toUpperCase() as ListVisibility | undefined) ?? "FRIENDS",
        },
      });
      return toSummary(await findList(tx, userId, owner, input.name), userId);
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) throw taken(input.name);
    throw error;
  }
}

/** `watchlist list edit`: name, description, ranked, visibility; the owner only. */
export async function editList(db: Db, userId: string, owner: string, name: string, patch: Partial<ListInput>): Promise<ListSummaryJson> {
  try {
    return await db.$transaction(async (tx) => {
      const row = await findList(tx, userId, owner, name, true);
      requireOwner(row, userId, "edit");
      await startActivity(tx, { userId, action: "list-edit", detail: `${row.owner}/${row.name}` });
      const newName = patch.name ?? row.name;
      await tx.list.update({
        where: { id: row.id },
        data: {
          name: newName,
          nameKey: foldListName(newName),
          description: patch.description === undefined ? undefined : patch.description,
          ranked: patch.ranked,
          visibility: patch.visibility?.toUpperCase() as ListVisibility | undefined,
        },
      });
      return toSummary(await findList(tx, userId, row.owner, newName), userId);
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) throw taken(patch.name ?? name);
    throw error;
  }
}

/** `watchlist list delete`: the list with its entries and collaborators; the owner only. */
export async function deleteList(db: Db, userId: string, owner: string, name: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await findList(tx, userId, owner, name, true);
    requireOwner(row, userId, "delete");
    await startActivity(tx, { userId, action: "list-delete", detail: `${row.owner}/${row.name}` });
    await tx.list.delete({ where: { id: row.id } });
  }, TRANSACTION_OPTIONS);
}

/**
 * Marks the list changed (its updatedAt) in the caller's activity: see the file's head comment.
 * Always to a later time than it had, even two writes in one millisecond, so the List row recorded by
 * one change always differs after the next and undo sees it.
 */
const touchList = (tx: Prisma.TransactionClient, listId: string) =>
  tx.$executeRaw`
    UPDATE "List" SET "updatedAt" = greatest(now() AT TIME ZONE 'UTC', "updatedAt" + interval '1 millisecond') WHERE "id" = ${listId}`;

/**
 * startActivity for a write that shifts entries of the list by a place: the activity records the
 * entry the write is about (`entryId`, the one moved; an inserted or removed one is recorded anyway),
 * not the entries shifted around it (the `list_shift_one_change` migration; undo puts them back in
 * order). One round trip, as startActivity.
 */
async function startShiftActivity(tx: Prisma.TransactionClient, start: ActivityStart, shift: { listId: string; entryId?: string }) {
  const { userId, action, movieId = null, detail = null } = start;
  await tx.$queryRaw`
    SELECT start_activity(${userId}, ${action}, ${movieId}, ${detail}, NULL),
      set_config('watchlist.list_shift', ${`${shift.listId}/${shift.entryId ?? ""}`}, true)`;
}

export interface EntryInput {
  /** undefined: keep the note (or none for a new entry); null: remove it. */
  note?: string | null;
  /** The position to put the film at (ranked lists); a new film without one goes last. */
  at?: number;
}

/**
 * `watchlist list add` and `list move`: puts a film in the list (once: again updates its note and,
 * with `at`, moves it), keeping positions 1..n. Owner and editors. `created` says whether it was new.
 */
export async function putEntry(
  deps: MovieDeps,
  userId: string,
  owner: string,
  name: string,
  tmdbId: number,
  input: EntryInput,
): Promise<ListEntryJson & { created: boolean }> {
  // Visible and editable before asking TMDB anything; checked again under the lock.
  requireEditor(await findList(deps.db, userId, owner, name), userId);
  const { movie } = await getMovie(deps, tmdbId);
  return deps.db.$transaction(async (tx) => {
    const list = await findList(tx, userId, owner, name, true);
    requireEditor(list, userId);
    if (input.at !== undefined && !list.ranked)
      throw new InvalidRequestError(`${list.owner}/${list.name} is not ranked: positions need a ranked list (list edit --ranked)`);
    const [existing] = await tx.$queryRaw<Array<{ id: string; position: number; note: string | null }>>`
      SELECT "id", "position", "note" FROM "ListEntry" WHERE "listId" = ${list.id} AND "movieId" = ${movie.id}`;
    const count = list.films;
    const last = existing ? count : count + 1;
    if (input.at !== undefined && (input.at < 1 || input.at > last))
      throw new InvalidRequestError(`position ${input.at} is out of range: ${list.owner}/${list.name} has positions 1 to ${last}`);
    const detail = `${list.owner}/${list.name}`;

    if (!existing) {
      const at = input.at ?? last;
      await startShiftActivity(tx, { userId, action: "list-add", movieId: movie.id, detail }, { listId: list.id });
      await tx.$executeRaw`
        WITH shifted AS (
          UPDATE "ListEntry" SET "position" = "position" + 1 WHERE "listId" = ${list.id} AND "position" >= ${at})
        INSERT INTO "ListEntry" ("id", "listId", "movieId", "position", "note", "addedById", "addedAt")
        VALUES (gen_random_uuid()::text, ${list.id}, ${movie.id}, ${at}, ${input.note ?? null}, ${userId}, now() AT TIME ZONE 'UTC')`;
      await touchList(tx, list.id);
    } else {
      const to = input.at ?? existing.position;
      const note = input.note === undefined ? existing.note : input.note;
      if (to !== existing.position || note !== existing.note) {
        const action = to !== existing.position ? "list-move" : "list-add";
        await startShiftActivity(tx, { userId, action, movieId: movie.id, detail }, { listId: list.id, entryId: existing.id });
        await moveAndNote(tx, list.id, existing, to, note);
        await touchList(tx, list.id);
      }
    }
    const [entry] = await listEntries(tx, list, { movie: Prisma.sql`m."id" = ${movie.id}` });
    return { ...entry, created: !existing };
  }, TRANSACTION_OPTIONS);
}

/** One statement: the entry to `to` and the entries between its old and new places one step over. */
function moveAndNote(
  tx: Prisma.TransactionClient,
  listId: string,
  entry: { id: string; position: number },
  to: number,
  note: string | null,
) {
  const from = entry.position;
  return tx.$executeRaw`
    UPDATE "ListEntry" SET
      "position" = CASE WHEN "id" = ${entry.id} THEN ${to}::int WHEN ${from}::int < ${to}::int THEN "position" - 1 ELSE "position" + 1 END,
      "note" = CASE WHEN "id" = ${entry.id} THEN ${note} ELSE "note" END
    WHERE "listId" = ${listId}
      AND ("id" = ${entry.id} OR "position" BETWEEN least(${from}::int, ${to}::int) AND greatest(${from}::int, ${to}::int))`;
}

/** `watchlist list remove`: takes a film out, closing the gap. Owner and editors. */
export async function removeEntry(db: Db, userId: string, owner: string, name: string, tmdbId: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const list = await findList(tx, userId, owner, name, true);
    requireEditor(list, userId);
    const [entry] = await tx.$queryRaw<Array<{ id: string; position: number; movieId: string }>>`
      SELECT e."id", e."position", e."movieId" FROM "ListEntry" e JOIN "Movie" m ON m."id" = e."movieId"
      WHERE e."listId" = ${list.id} AND m."tmdbId" = ${tmdbId}`;
    if (!entry) throw new NotFoundError(`movie ${tmdbId} is not in ${list.owner}/${list.name}`);
    const detail = `${list.owner}/${list.name}`;
    await startShiftActivity(tx, { userId, action: "list-remove", movieId: entry.movieId, detail }, { listId: list.id });
    await tx.$executeRaw`
      WITH removed AS (DELETE FROM "ListEntry" WHERE "id" = ${entry.id})
      UPDATE "ListEntry" SET "position" = "position" - 1 WHERE "listId" = ${list.id} AND "position" > ${entry.position}`;
    await touchList(tx, list.id);
  }, TRANSACTION_OPTIONS);
}

/** `watchlist list share`: the owner shares with a friend, to view or edit (again: changes the access). */
export async function shareList(
  db: Db,
  userId: string,
  owner: string,
  name: string,
  username: string,
  can: AccessWord = "view",
): Promise<CollaboratorJson> {
  return db.$transaction(async (tx) => {
    const list = await findList(tx, userId, owner, name, true);
    requireOwner(list, userId, "share");
    const [friend] = await requireFriends(db, userId, [username]);
    const access = can.toUpperCase() as ListAccess;
    const existing = await tx.listCollaborator.findUnique({ where: { listId_userId: { listId: list.id, userId: friend.id } } });
    if (existing?.access !== access) {
      await startActivity(tx, { userId, action: "list-share", detail: `${list.owner}/${list.name}` });
      await tx.listCollaborator.upsert({
        where: { listId_userId: { listId: list.id, userId: friend.id } },
        create: { listId: list.id, userId: friend.id, access },
        update: { access },
      });
    }
    return { username: friend.username, can };
  }, TRANSACTION_OPTIONS);
}

/** `watchlist list unshare`: the owner ends a member's collaboration. */
export async function unshareList(db: Db, userId: string, owner: string, name: string, username: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const list = await findList(tx, userId, owner, name, true);
    requireOwner(list, userId, "unshare");
    const row = await tx.listCollaborator.findFirst({ where: { listId: list.id, user: { username } }, select: { id: true } });
    if (!row) throw new NotFoundError(`${list.owner}/${list.name} is not shared with ${username}`);
    await startActivity(tx, { userId, action: "list-unshare", detail: `${list.owner}/${list.name}` });
    await tx.listCollaborator.delete({ where: { id: row.id } });
  }, TRANSACTION_OPTIONS);
}

/** Ending a friendship ends each one's collaboration on the other's lists (inside that transaction). */
export async function endCollaborations(tx: Prisma.TransactionClient, a: string, b: string): Promise<void> {
  await tx.$executeRaw`
    DELETE FROM "ListCollaborator" c USING "List" l
    WHERE c."listId" = l."id" AND ((l."ownerId" = ${a} AND c."userId" = ${b}) OR (l."ownerId" = ${b} AND c."userId" = ${a}))`;
}
