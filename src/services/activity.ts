// The activity log with undo (the spec's "User Activity Log"). A write opens an activity inside its
// own transaction (startActivity); from then on a trigger records every row that transaction writes to
// a tracked table, with what the row was before (migration `activity_log`). Undo reads those rows
// back: it restores each row's state from before the activity, after checking that nothing written
// since depends on it. Because recording happens in the database, a new write path cannot forget to
// say what it replaced; it only has to say which activity it is.
import type { Db, Priority, Prisma, Rating } from "../db/client.js";
import { ConflictError, NotFoundError } from "./errors.js";
import { friendshipEnded, lockPair, pairKey } from "./friends.js";
import { type MovieJson, toMovieJson, yearOf } from "./movie-json.js";
import { decodeCursor, type Page, type PageRequest, toPage } from "./paging.js";
import { lockAccount, TRANSACTION_OPTIONS } from "./user-movie-lock.js";

export const LIST_ACTIONS = [
  "list-create",
  "list-edit",
  "list-delete",
  "list-add",
  "list-remove",
  "list-move",
  "list-share",
  "list-unshare",
] as const;

export type ActivityAction =
  | "rate"
  | "unrate"
  | "queue"
  | "unqueue"
  | "watched"
  | "import"
  | "friend"
  | "unfriend"
  | "block"
  | "unblock"
  | "undo"
  | "review"
  | "comment"
  | "uncomment"
  | "profile"
  | (typeof LIST_ACTIONS)[number];

/**
 * The tables whose rows an activity records (each has a trigger and a text `id`), parents before the
 * rows that refer to them, the order undo restores them in: a list before its entries and
 * collaborators, a viewing before its review and tags.
 */
const TRACKED_TABLES = [
  "UserMovie",
  "Watchlist",
  "Viewing",
  "Friendship",
  "List",
  "ListEntry",
  "ListCollaborator",
  "Block",
  "Profile",
  "FavouriteFilm",
  "Review",
  "ReviewComment",
  "ViewingTag",
] as const;

export interface ActivityStart {
  userId: string;
  action: ActivityAction;
  movieId?: string | null;
  /** What it is about besides a film: the friend's username, the list (`owner/name`). */
  detail?: string;
  /** The batches of one import all add to one activity. */
  importId?: string;
}

/**
 * Names the activity that the rest of `tx` belongs to; call it first in the write's transaction.
 * An import's later batches reopen the activity of its first one.
 */
export async function startActivity(tx: Prisma.TransactionClient, start: ActivityStart): Promise<string> {
  const { userId, action, movieId = null, detail = null, importId = null } = start;
  // One round trip on every write path (start_activity, in the migration `rating_in_one_statement`).
  const [activity] = await tx.$queryRaw<
    [{ id: string }]
  >`SELECT start_activity(${userId}, ${action}, ${movieId}, ${detail}, ${importId}) AS "id"`;
  return activity.id;
}

export interface ActivityJson {
  id: string;
  action: string;
  movie: MovieJson | null;
  /** What it was about when not a film: the friend's username. */
  detail: string | null;
  at: Date;
  undone: boolean;
  /** Rows the activity wrote (an import: how many entries it changed). */
  changes: number;
  /** Why undo found that it can no longer be undone (undo skips it), or null. */
  undoRefused: string | null;
  /** What it changed, read from the rows it wrote: what undo would put back. */
  effect: ActivityEffect;
}

/** A value before and after an activity; null: there was none (before) or is none (after). */
export interface Change<T> {
  before: T | null;
  after: T | null;
}

export type RowCounts = { added: number; changed: number; removed: number };

/**
 * What an activity changed, derived from its ActivityChange rows (each row's state before its first
 * write and after its last). Only what applies is present: `counts` always; the film's own rating,
 * queue priority, viewing, tags, review, list position and note for an activity about one film; the
 * list, collaborator, friendship or profile it changed; `films` when it changed films without being
 * about one (an import, a list deleted, an undo of those).
 */
export interface ActivityEffect {
  /** Rows written, by kind (net per row: a row added then changed counts as added). */
  counts: Partial<Record<CountKind, RowCounts>>;
  rating?: Change<Rating>;
  priority?: Change<Priority>;
  viewing?: Change<{ watchedOn: string | null; rewatch: boolean }>;
  tags?: { added: string[]; removed: string[] };
  review?: Change<{ excerpt: string; spoilers: boolean }>;
  comment?: Change<{ excerpt: string }>;
  /** The film's place in the list (list add, move, remove). */
  position?: Change<number>;
  note?: Change<string>;
  list?: Change<{ name: string; description: string | null; ranked: boolean; visibility: "private" | "friends" | "server" }>;
  collaborator?: Change<"VIEW" | "EDIT"> & { username: string };
  /** As the caller saw it: "requested" (sent), "incoming" (received) or "friends". */
  friendship?: Change<"requested" | "incoming" | "friends">;
  /** The profile fields it changed: bio, avatar, region, services, favourites. */
  profile?: { changed: string[] };
  films?: { count: number; first: Array<{ tmdbId: number; title: string; year: number | null }> };
}

/** The name each tracked table's rows are counted under. */
const COUNT_KINDS = {
  UserMovie: "ratings",
  Watchlist: "queue",
  Viewing: "viewings",
  ViewingTag: "tags",
  Review: "reviews",
  ReviewComment: "comments",
  List: "lists",
  ListEntry: "listEntries",
  ListCollaborator: "collaborators",
  Friendship: "friendships",
  Block: "blocks",
  Profile: "profile",
  FavouriteFilm: "favourites",
} as const satisfies Record<(typeof TRACKED_TABLES)[number], string>;
type CountKind = (typeof COUNT_KINDS)[keyof typeof COUNT_KINDS];

/** The films an activity's `films` names (the rest it counts). */
const FILMS_NAMED = 10;
/** The rows of one activity read for its effect: an activity about one film writes a handful. */
const ROWS_READ = 100;

export async function listActivity(db: Db, userId: string, page: PageRequest = {}): Promise<Page<ActivityJson>> {
  const after = page.cursor ? decodeCursor(page.cursor, ["number"] as const) : null;
  const rows = await db.activity.findMany({
    where: { userId, ...(after ? { seq: { lt: after[0] } } : {}) },
    orderBy: { seq: "desc" },
    take: page.limit === undefined ? undefined : page.limit + 1,
    include: ACTIVITY_INCLUDE,
  });
  const { items, next } = toPage(
    rows,
    page.limit,
    (row) => [Number(row.seq)],
    (row) => row,
  );
  return { items: (await withEffects(db, userId, items)).map(toActivityJson), next };
}

const ACTIVITY_INCLUDE = { movie: true, _count: { select: { changes: true } } } as const;
type ActivityRow = Prisma.ActivityGetPayload<{ include: typeof ACTIVITY_INCLUDE }>;
const NO_EFFECT: ActivityEffect = { counts: {} };

/** A row as the trigger recorded it (to_jsonb). */
type RowState = Record<string, unknown>;

interface EffectRow {
  activityId: string;
  counts: Record<string, RowCounts> | null;
  rows: Array<{ table: string; before: RowState | null; after: RowState | null; username: string | null }> | null;
  filmCount: number | null;
  films: Array<{ tmdbId: number; title: string; releaseDate: string | null }> | null;
}

/**
 * The effect of each activity, in one query over the rows they wrote: counts per table, the rows
 * about the activity's own film or about no film (at most ROWS_READ each), and the films changed, in
 * the order first written. (A list's other entries shifted by a move are not recorded at all.)
 */
async function withEffects<Row extends { id: string; movieId: string | null }>(
  db: Db | Prisma.TransactionClient,
  userId: string,
  rows: Row[],
): Promise<Array<{ row: Row; effect: ActivityEffect }>> {
  if (rows.length === 0) return [];
  const effects = await db.$queryRaw<EffectRow[]>`
    WITH page AS (
      SELECT "id", "movieId" FROM "Activity" WHERE "id" = ANY(${rows.map((row) => row.id)}::text[])
    ), h AS (
      SELECT DISTINCT ON (c."activityId", c."table", c."rowId") c."activityId", c."table", c."rowId",
        first_value(c."id") OVER w AS "first",
        first_value(c."before") OVER w AS "before",
        last_value(c."after") OVER w AS "after"
      FROM "ActivityChange" c WHERE c."activityId" IN (SELECT "id" FROM page)
      WINDOW w AS (PARTITION BY c."activityId", c."table", c."rowId" ORDER BY c."id" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    ), counted AS (
      SELECT "activityId", jsonb_object_agg("table", jsonb_build_object('added', "added", 'changed', "changed", 'removed', "removed")) AS "counts"
      FROM (
        SELECT "activityId", "table",
          count(*) FILTER (WHERE "before" IS NULL AND "after" IS NOT NULL) AS "added",
          count(*) FILTER (WHERE "before" IS NOT NULL AND "after" IS NOT NULL) AS "changed",
          count(*) FILTER (WHERE "before" IS NOT NULL AND "after" IS NULL) AS "removed"
        FROM h GROUP BY 1, 2
      ) t GROUP BY 1
    ), own AS (
      SELECT r."activityId",
        jsonb_agg(jsonb_build_object('table', r."table", 'before', r."before", 'after', r."after", 'username', u."username") ORDER BY r."first") AS "rows"
      FROM (
        SELECT h.*, row_number() OVER (PARTITION BY h."activityId" ORDER BY h."first") AS "n"
        FROM h JOIN page p ON p."id" = h."activityId"
        WHERE coalesce(h."after", h."before") ->> 'movieId' IS NOT DISTINCT FROM p."movieId"
          OR (p."movieId" IS NOT NULL AND h."table" = 'ViewingTag')
          OR h."table" IN ('List', 'ListCollaborator', 'Friendship', 'Profile', 'ReviewComment')
      ) r
      LEFT JOIN "User" u ON r."table" = 'ListCollaborator' AND u."id" = coalesce(r."after", r."before") ->> 'userId'
      WHERE r."n" <= ${ROWS_READ}
      GROUP BY 1
    ), films AS (
      SELECT f."activityId", count(*)::int AS "filmCount",
        jsonb_agg(jsonb_build_object('tmdbId', m."tmdbId", 'title', m."title", 'releaseDate', m."releaseDate") ORDER BY f."first")
          FILTER (WHERE f."n" <= ${FILMS_NAMED}) AS "films"
      FROM (
        SELECT h."activityId", coalesce(h."after", h."before") ->> 'movieId' AS "movieId", min(h."first") AS "first",
          row_number() OVER (PARTITION BY h."activityId" ORDER BY min(h."first")) AS "n"
        FROM h JOIN page p ON p."id" = h."activityId"
        WHERE p."movieId" IS NULL AND coalesce(h."after", h."before") ->> 'movieId' IS NOT NULL
        GROUP BY 1, 2
      ) f JOIN "Movie" m ON m."id" = f."movieId"
      GROUP BY 1
    )
    SELECT p."id" AS "activityId", c."counts", o."rows", f."filmCount", f."films"
    FROM page p LEFT JOIN counted c ON c."activityId" = p."id" LEFT JOIN own o ON o."activityId" = p."id"
      LEFT JOIN films f ON f."activityId" = p."id"`;
  const byId = new Map(effects.map((effect) => [effect.activityId, effect]));
  return rows.map((row) => {
    const found = byId.get(row.id);
    return { row, effect: found ? effectOf(found, userId, row.movieId !== null) : NO_EFFECT };
  });
}

const isCountedTable = (table: string): table is keyof typeof COUNT_KINDS => Object.hasOwn(COUNT_KINDS, table);

/** Reads the effect out of the rows: each field from the table that holds it. */
function effectOf(found: EffectRow, userId: string, aboutFilm: boolean): ActivityEffect {
  const effect: ActivityEffect = { counts: {} };
  for (const [table, counts] of Object.entries(found.counts ?? {})) if (isCountedTable(table)) effect.counts[COUNT_KINDS[table]] = counts;
  const rows = found.rows ?? [];
  const of = (table: string) => rows.filter((row) => row.table === table);
  const one = (table: string) => {
    const matching = of(table);
    return matching.length === 1 ? matching[0] : undefined;
  };
  const change = <T>(
    row: { before: RowState | null; after: RowState | null } | undefined,
    pick: (state: RowState) => T,
  ): Change<T> | undefined => {
    if (!row) return undefined;
    const before = row.before ? pick(row.before) : null;
    const after = row.after ? pick(row.after) : null;
    return JSON.stringify(before) === JSON.stringify(after) ? undefined : { before, after };
  };

  if (aboutFilm) {
    effect.rating = change(one("UserMovie"), (row) => row.rating as Rating);
    effect.priority = change(one("Watchlist"), (row) => row.priority as Priority);
    effect.viewing = change(one("Viewing"), (row) => ({ watchedOn: row.watchedOn as string | null, rewatch: row.rewatch as boolean }));
    const tags = of("ViewingTag");
    if (tags.length)
      effect.tags = {
        added: tags.filter((row) => !row.before && row.after).map((row) => row.after?.tag as string),
        removed: tags.filter((row) => row.before && !row.after).map((row) => row.before?.tag as string),
      };
    effect.review = change(one("Review"), (row) => ({ excerpt: excerpt(row.text), spoilers: row.spoilers as boolean }));
    effect.comment = change(one("ReviewComment"), (row) => ({ excerpt: excerpt(row.text) }));
    const entry = one("ListEntry");
    effect.position = change(entry, (row) => row.position as number);
    effect.note = change(entry, (row) => row.note as string);
  }
  effect.list = change(one("List"), (row) => ({
    name: row.name as string,
    description: row.description as string | null,
    ranked: row.ranked as boolean,
    visibility: String(row.visibility).toLowerCase() as "private" | "friends" | "server",
  }));
  const collaborator = one("ListCollaborator");
  const access = change(collaborator, (row) => row.access as "VIEW" | "EDIT");
  if (collaborator && access) effect.collaborator = { username: collaborator.username ?? "(deleted account)", ...access };
  effect.friendship = change(one("Friendship"), (row) =>
    row.status === "ACCEPTED" ? "friends" : row.requesterId === userId ? "requested" : "incoming",
  );
  const profile = change(one("Profile"), (row) => row);
  const changedFields = ["bio", "avatar", "region", "services"].filter(
    (field) => JSON.stringify(profile?.before?.[field] ?? null) !== JSON.stringify(profile?.after?.[field] ?? null),
  );
  if (effect.counts.favourites) changedFields.push("favourites");
  if (changedFields.length) effect.profile = { changed: changedFields };
  if (found.filmCount)
    effect.films = {
      count: found.filmCount,
      first: (found.films ?? []).map((film) => ({ tmdbId: film.tmdbId, title: film.title, year: yearOf(film.releaseDate) })),
    };
  for (const key of Object.keys(effect) as Array<keyof ActivityEffect>) if (effect[key] === undefined) delete effect[key];
  return effect;
}

/** The start of a user's text, on one line: enough to recognise it. */
function excerpt(text: unknown): string {
  const characters = [...String(text).replace(/\s+/g, " ").trim()];
  return characters.length > 60 ? `${characters.slice(0, 59).join("")}…` : characters.join("");
}

function toActivityJson({ row, effect }: { row: ActivityRow; effect: ActivityEffect }): ActivityJson {
  return {
    id: row.id,
    action: row.action,
    movie: row.movie ? toMovieJson(row.movie) : null,
    detail: row.detail,
    at: row.createdAt,
    undone: row.undoneAt !== null,
    changes: row._count.changes,
    undoRefused: row.undoRefusal,
    effect,
  };
}

export interface UndoJson {
  undone: ActivityJson;
  /** The undo, itself an activity. */
  activity: ActivityJson;
}

/** Why an activity can no longer be undone; it is marked so, and the next undo reaches the one before. */
class Unundoable extends Error {
  constructor(
    readonly code: "undo_refused" | "undo_conflict",
    readonly activityId: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Reverts the caller's last activity not yet undone, in one transaction: every row it wrote goes back
 * to what it was before. Undo never changes what another member agreed to and never guesses: an
 * activity that ended a friendship or a request is not undone (the other side must add again), nor one
 * whose rows changed since (another member's acceptance, an account deleted) or lost what they refer
 * to. Such an activity can never be undone later either: it is marked (undoRefusedAt, undoRefusal),
 * answered 409 with the reason and nothing changed, and the next undo reaches the change before it.
 */
export async function undoLastActivity(db: Db, userId: string): Promise<UndoJson> {
  try {
    return await db.$transaction((tx) => undoInTransaction(tx, userId), TRANSACTION_OPTIONS);
  } catch (error) {
    if (!(error instanceof Unundoable)) throw error;
    // The refusing transaction rolled back (a failed restore leaves nothing usable): the mark is its own.
    await db.$transaction(async (tx) => {
      await lockAccount(tx, userId);
      await tx.activity.updateMany({
        where: { id: error.activityId, userId, undoneAt: null, undoRefusedAt: null },
        data: { undoRefusedAt: new Date(), undoRefusal: error.reason },
      });
    }, TRANSACTION_OPTIONS);
    throw new ConflictError(error.code, `${error.reason}; nothing was undone, and the next undo reaches the change before it`);
  }
}

async function undoInTransaction(tx: Prisma.TransactionClient, userId: string): Promise<UndoJson> {
  // Excludes this account's writes (they hold the account lock shared) while the rows are compared.
  await lockAccount(tx, userId);
  const target = await tx.activity.findFirst({
    where: { userId, undoneAt: null, undoRefusedAt: null, action: { not: "undo" } },
    orderBy: { seq: "desc" },
    include: { movie: true },
  });
  if (!target) throw new NotFoundError("nothing to undo");
  const refuse = (code: Unundoable["code"], why: string) =>
    new Unundoable(code, target.id, `cannot undo ${describeActivity(target)}: ${why}`);
  await lockListsOf(tx, target.id);
  // The other member of each pair it touched acts under the pair's lock (friends.ts): hold them all,
  // in one order, so that nobody adds, removes or blocks while the rows are compared and restored.
  const pairs = await friendshipPairsOf(tx, target.id);
  for (const [a, b] of pairs) await lockPair(tx, a, b);

  if ((await friendshipsEnded(tx, target.id)) > 0)
    throw refuse(
      "undo_refused",
      `undo does not bring back a friendship or a friend request${target.detail ? ` (${target.detail} must add you again)` : ""}`,
    );

  for (const table of TRACKED_TABLES) {
    const changed = await rowsChangedSince(tx, table, target.id);
    if (changed > 0)
      throw refuse("undo_conflict", `${changed === 1 ? "a row it wrote has" : `${changed} rows it wrote have`} changed since`);
  }

  const undoId = await startActivity(tx, { userId, action: "undo", movieId: target.movieId, detail: target.detail ?? undefined });
  try {
    for (const table of TRACKED_TABLES) await restoreRows(tx, table, target.id);
    await closeListPositions(tx, target.id);
  } catch (error) {
    // A row it removed cannot come back beside one written since in its place (same film, same list),
    // nor point to what is gone (a member who deleted their account).
    if (isViolation(error, "23505")) throw refuse("undo_conflict", "a later change took its place");
    if (isViolation(error, "23503")) throw refuse("undo_conflict", "what it refers to is gone (a deleted account or film)");
    throw error;
  }
  // An acceptance undone ends the friendship again: what the two shared stops with it.
  for (const [a, b] of pairs) {
    const row = await tx.friendship.findUnique({ where: { pairKey: pairKey(a, b) }, select: { status: true } });
    if (row?.status !== "ACCEPTED") await friendshipEnded(tx, a, b);
  }
  await tx.activity.update({ where: { id: target.id }, data: { undoneAt: new Date() } });
  await tx.activity.update({ where: { id: undoId }, data: { undoOfId: target.id } });

  const [undone, undo] = await withEffects(tx, userId, [
    await tx.activity.findUniqueOrThrow({ where: { id: target.id }, include: ACTIVITY_INCLUDE }),
    await tx.activity.findUniqueOrThrow({ where: { id: undoId }, include: ACTIVITY_INCLUDE }),
  ]);
  return { undone: toActivityJson(undone), activity: toActivityJson(undo) };
}

/** The (sorted) pairs of the Friendship rows an activity wrote. */
async function friendshipPairsOf(tx: Prisma.TransactionClient, activityId: string): Promise<Array<[string, string]>> {
  const rows = await tx.$queryRaw<Array<{ low: string; high: string }>>`
    SELECT DISTINCT LEAST(r->>'requesterId', r->>'addresseeId') AS "low", GREATEST(r->>'requesterId', r->>'addresseeId') AS "high"
    FROM "ActivityChange" c, LATERAL coalesce(c."after", c."before") r
    WHERE c."activityId" = ${activityId} AND c."table" = 'Friendship'
    ORDER BY 1, 2`;
  return rows.map((row) => [row.low, row.high]);
}

/** Friendship rows (friendships or requests) the activity deleted: undo would bring them back. */
async function friendshipsEnded(tx: Prisma.TransactionClient, activityId: string): Promise<number> {
  const [{ count }] = await tx.$queryRawUnsafe<[{ count: number }]>(
    `SELECT count(*)::int AS count FROM (${rowHistory("Friendship", "$1")}) h WHERE h."before" IS NOT NULL AND h."after" IS NULL`,
    activityId,
  );
  return count;
}

/** The first and last change of each row the activity wrote in `table`. */
function rowHistory(table: string, activityParam: string) {
  return `
    SELECT DISTINCT ON ("rowId") "rowId",
      first_value("before") OVER w AS "before",
      last_value("after") OVER w AS "after"
    FROM "ActivityChange"
    WHERE "activityId" = ${activityParam} AND "table" = '${table}'
    WINDOW w AS (PARTITION BY "rowId" ORDER BY "id" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`;
}

/** Rows whose state now differs from the one the activity left them in. */
async function rowsChangedSince(tx: Prisma.TransactionClient, table: (typeof TRACKED_TABLES)[number], activityId: string) {
  const [{ count }] = await tx.$queryRawUnsafe<[{ count: number }]>(
    `SELECT count(*)::int AS count
     FROM (${rowHistory(table, "$1")}) h
     LEFT JOIN "${table}" t ON t."id" = h."rowId"
     WHERE h."after" IS DISTINCT FROM (CASE WHEN t."id" IS NULL THEN NULL ELSE to_jsonb(t) END)`,
    activityId,
  );
  return count;
}

/**
 * A list's entries keep dense positions under the List row's lock (src/services/lists.ts): undoing a
 * list change takes the same lock, so no editor moves entries while their positions are compared and
 * restored.
 */
async function lockListsOf(tx: Prisma.TransactionClient, activityId: string) {
  await tx.$executeRaw`
    SELECT 1 FROM "List" WHERE "id" IN (
      SELECT CASE WHEN c."table" = 'List' THEN c."rowId" ELSE coalesce(c."after", c."before") ->> 'listId' END
      FROM "ActivityChange" c WHERE c."activityId" = ${activityId} AND c."table" IN ('List', 'ListEntry', 'ListCollaborator'))
    ORDER BY "id" FOR UPDATE`;
}

/**
 * A list write records the entry it is about but not the entries its statement shifted by a place
 * (the `list_shift_one_change` migration): once restoreRows has put the recorded entries back in their
 * places, the other entries of each list it touched take the places left, in the order they have (a
 * shift never changes their order among themselves). One statement; the List row's lock is held.
 */
async function closeListPositions(tx: Prisma.TransactionClient, activityId: string) {
  await tx.$executeRaw`
    WITH recorded AS (
      SELECT DISTINCT c."rowId", coalesce(c."after", c."before") ->> 'listId' AS "listId", c."before" IS NOT NULL AS "restored"
      FROM "ActivityChange" c WHERE c."activityId" = ${activityId} AND c."table" = 'ListEntry'),
    lists AS (SELECT DISTINCT "listId" FROM recorded),
    placed AS (
      SELECT e."listId", e."position" FROM "ListEntry" e JOIN recorded r ON r."rowId" = e."id" AND r."restored"),
    others AS (
      SELECT e."id", e."listId", e."position", row_number() OVER (PARTITION BY e."listId" ORDER BY e."position", e."addedAt", e."id") AS k
      FROM "ListEntry" e WHERE e."listId" IN (SELECT "listId" FROM lists)
        AND e."id" NOT IN (SELECT "rowId" FROM recorded WHERE "restored")),
    free AS (
      SELECT l."listId", p, row_number() OVER (PARTITION BY l."listId" ORDER BY p) AS k
      FROM lists l, generate_series(1, (SELECT count(*)::int FROM "ListEntry" e WHERE e."listId" = l."listId")) AS p
      WHERE NOT EXISTS (SELECT 1 FROM placed WHERE placed."listId" = l."listId" AND placed."position" = p))
    UPDATE "ListEntry" t SET "position" = free.p
    FROM others JOIN free ON free."listId" = others."listId" AND free.k = others.k
    WHERE t."id" = others."id" AND t."position" <> free.p`;
}

/**
 * Every row back to its state before the activity: rows it created go, rows it deleted come back, rows
 * it changed are updated in place (a delete and insert would take a list's entries with it, by cascade).
 */
async function restoreRows(tx: Prisma.TransactionClient, table: (typeof TRACKED_TABLES)[number], activityId: string) {
  await tx.$executeRawUnsafe(
    `WITH h AS (${rowHistory(table, "$1")})
     DELETE FROM "${table}" t USING h WHERE t."id" = h."rowId" AND h."before" IS NULL`,
    activityId,
  );
  const columns = await columnsOf(tx, table);
  await tx.$executeRawUnsafe(
    `WITH h AS (${rowHistory(table, "$1")})
     UPDATE "${table}" t SET (${columns}) = (SELECT ${columns} FROM jsonb_populate_record(NULL::"${table}", h."before"))
     FROM h WHERE t."id" = h."rowId" AND h."before" IS NOT NULL AND h."after" IS NOT NULL`,
    activityId,
  );
  await tx.$executeRawUnsafe(
    `WITH h AS (${rowHistory(table, "$1")})
     INSERT INTO "${table}" SELECT (jsonb_populate_record(NULL::"${table}", h."before")).* FROM h
     WHERE h."before" IS NOT NULL AND h."after" IS NULL`,
    activityId,
  );
}

const columnLists = new Map<string, string>();

/** The table's columns, quoted and comma-separated (read once per process: migrations run before the API serves). */
async function columnsOf(tx: Prisma.TransactionClient, table: string): Promise<string> {
  let columns = columnLists.get(table);
  if (!columns) {
    const [row] = await tx.$queryRaw<[{ columns: string }]>`
      SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS "columns"
      FROM pg_attribute WHERE attrelid = quote_ident(${table})::regclass AND attnum > 0 AND NOT attisdropped`;
    columns = row.columns;
    columnLists.set(table, columns);
  }
  return columns;
}

/** Whether a raw statement failed with this SQLSTATE (23505 unique, 23503 foreign key). */
function isViolation(error: unknown, sqlState: string): boolean {
  const meta = (error as { meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string } } } }).meta;
  return meta?.code === sqlState || meta?.driverAdapterError?.cause?.originalCode === sqlState;
}

function describeActivity(activity: {
  action: string;
  detail: string | null;
  movie: { title: string; releaseDate: string | null } | null;
}): string {
  if (!activity.movie) return activity.detail ? `${activity.action} ${activity.detail}` : `the ${activity.action}`;
  const year = yearOf(activity.movie.releaseDate);
  return `${activity.action} ${activity.movie.title}${year ? ` (${year})` : ""}`;
}
