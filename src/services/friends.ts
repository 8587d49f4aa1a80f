// Friends by mutual consent. A request is one row (requester → addressee, PENDING); the addressee
// asking back makes it ACCEPTED. Only ACCEPTED pairs share anything, and every sharing route asks
// `requireFriends`, whose 404 is the same for a stranger, a pending request, a removed friend and a
// user that does not exist: nobody learns who has an account from it.
import type { Db, Prisma } from "../db/client.js";
import { startActivity } from "./activity.js";
import { ConflictError, NotFoundError } from "./errors.js";
import { endCollaborations } from "./lists.js";
import { decodeCursor, type Page, type PageRequest, toPage } from "./paging.js";
import { TRANSACTION_OPTIONS } from "./user-movie-lock.js";

export type FriendStatus = "friends" | "requested" | "incoming" | "blocked";

export interface FriendJson {
  username: string;
  status: FriendStatus;
  /** Friends: when the request was accepted; pending: when it was sent; blocked: when blocked. */
  since: Date;
}

export interface Friend {
  id: string;
  username: string;
}

/**
 * Pending requests one member may have waiting at a time. A household or a club has a few dozen
 * members at most, each asking once; 50 leaves room for a whole club joining at once while bounding
 * what one hostile member (or a flood of new accounts) can pile into someone's list. Past it a new
 * request is refused (409 requests_full) until the addressee answers some.
 */
export const MAX_PENDING_INCOMING = 50;

/** The one answer for everyone who is not a friend, existing or not. */
export const notAFriend = (username: string) => new NotFoundError(`${username} is not one of your friends`);

/** The answer for a username nobody has, and the same for a member who blocked the caller. */
const noSuchUser = (username: string) => new NotFoundError(`no user named ${username}`);

type FriendshipRow = Prisma.FriendshipGetPayload<{ include: { requester: true; addressee: true } }>;

function toFriendJson(userId: string, row: Pick<FriendshipRow, "requesterId" | "status" | "createdAt" | "acceptedAt">, username: string) {
  const status: FriendStatus = row.status === "ACCEPTED" ? "friends" : row.requesterId === userId ? "requested" : "incoming";
  return { username, status, since: row.acceptedAt ?? row.createdAt };
}

/** The key of the pair's one Friendship row (and of its lock): the two ids sorted. */
export const pairKey = (a: string, b: string) => [a, b].sort().join(":");

/** Serializes changes to one pair, whichever of the two acts: two crossing requests make one row. */
export async function lockPair(tx: Prisma.TransactionClient, a: string, b: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`friendship:${pairKey(a, b)}`}, 0))`;
}

/** Exact username (the unique column): a user named "Ann" is not "ann". */
const findByUsername = (db: Db | Prisma.TransactionClient, username: string) =>
  db.user.findUnique({ where: { username }, select: { id: true, username: true } });

/** Whether `blockerId` blocked `blockedId`. */
const hasBlocked = async (tx: Prisma.TransactionClient, blockerId: string, blockedId: string) =>
  (await tx.block.count({ where: { blockerId, blockedId } })) > 0;

// Incoming requests first, then friends, requests sent, members blocked; by username within each.
const STATUS_RANK: Record<FriendStatus, number> = { incoming: 0, friends: 1, requested: 2, blocked: 3 };
const STATUS_OF_RANK = Object.fromEntries(Object.entries(STATUS_RANK).map(([status, rank]) => [rank, status])) as Record<
  number,
  FriendStatus
>;

/** The caller's friends, requests either way and the members they blocked, a page at a time. */
export async function listFriends(db: Db, userId: string, page: PageRequest = {}): Promise<Page<FriendJson>> {
  const after = page.cursor ? decodeCursor(page.cursor, ["number", "string"] as const) : null;
  const rows = await db.$queryRaw<Array<{ rank: number; username: string; since: Date }>>`
    SELECT * FROM (
      SELECT CASE WHEN f."status" = 'ACCEPTED' THEN 1 WHEN f."requesterId" = ${userId} THEN 2 ELSE 0 END AS "rank",
        u."username", COALESCE(f."acceptedAt", f."createdAt") AS "since"
      FROM "Friendship" f
      JOIN "User" u ON u."id" = CASE WHEN f."requesterId" = ${userId} THEN f."addresseeId" ELSE f."requesterId" END
      WHERE f."requesterId" = ${userId} OR f."addresseeId" = ${userId}
      UNION ALL
      SELECT 3, u."username", b."createdAt" FROM "Block" b JOIN "User" u ON u."id" = b."blockedId" WHERE b."blockerId" = ${userId}
    ) x
    WHERE ${after === null} OR ("rank", "username" COLLATE "C") > (${after?.[0] ?? 0}::int, ${after?.[1] ?? ""} COLLATE "C")
    ORDER BY "rank", "username" COLLATE "C"
    LIMIT ${page.limit === undefined ? null : page.limit + 1}`;
  return toPage(
    rows,
    page.limit,
    (row) => [row.rank, row.username],
    (row) => ({ username: row.username, status: STATUS_OF_RANK[row.rank], since: row.since }),
  );
}

/**
 * `friends add`: sends a request, or accepts the one pending from that user. Asking again changes
 * nothing. `changed` says whether a row or an acceptance was written. A member who blocked the
 * caller answers as a username nobody has: their block is not announced, and nothing reaches them.
 */
export async function addFriend(db: Db, userId: string, username: string): Promise<FriendJson & { changed: boolean }> {
  const other = await findByUsername(db, username);
  // Registration already tells whether a username is taken: saying so here reveals nothing new.
  if (!other) throw noSuchUser(username);
  if (other.id === userId) throw new ConflictError("self_friendship", "you cannot send a friend request to yourself");
  return db.$transaction(async (tx) => {
    await lockPair(tx, userId, other.id);
    if (await hasBlocked(tx, other.id, userId)) throw noSuchUser(username);
    if (await hasBlocked(tx, userId, other.id))
      throw new ConflictError("blocked", `you blocked ${other.username}: \`watchlist friends unblock ${other.username}\` first`);
    const existing = await tx.friendship.findUnique({ where: { pairKey: pairKey(userId, other.id) } });
    if (!existing) {
      // Serializes requests to this addressee, so that parallel senders cannot all slip under the cap.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`friend-requests:${other.id}`}, 0))`;
      const waiting = await tx.friendship.count({ where: { addresseeId: other.id, status: "PENDING" } });
      if (waiting >= MAX_PENDING_INCOMING)
        throw new ConflictError("requests_full", `${other.username} has too many friend requests waiting; try again later`);
      await startActivity(tx, { userId, action: "friend", detail: other.username });
      const row = await tx.friendship.create({ data: { requesterId: userId, addresseeId: other.id } });
      return { ...toFriendJson(userId, row, other.username), changed: true };
    }
    if (existing.status === "PENDING" && existing.addresseeId === userId) {
      await startActivity(tx, { userId, action: "friend", detail: other.username });
      const row = await tx.friendship.update({ where: { id: existing.id }, data: { status: "ACCEPTED", acceptedAt: new Date() } });
      return { ...toFriendJson(userId, row, other.username), changed: true };
    }
    return { ...toFriendJson(userId, existing, other.username), changed: false };
  }, TRANSACTION_OPTIONS);
}

/**
 * What stops when a friendship or a request between two members ends, whoever ends it and however
 * (`friends remove`, `friends block`, an undo of an acceptance): the one place that knows what two
 * members share. Call it inside the transaction that ends it, holding the pair's lock. Suggestions
 * between the two go, and each one's collaboration on the other's lists (endCollaborations).
 */
export async function friendshipEnded(tx: Prisma.TransactionClient, a: string, b: string): Promise<void> {
  await tx.suggestion.deleteMany({
    where: {
      OR: [
        { fromId: a, toId: b },
        { fromId: b, toId: a },
      ],
    },
  });
  await endCollaborations(tx, a, b);
}

/**
 * `friends remove`: removes a friend, withdraws a request or declines one; what the two shared
 * goes with it (friendshipEnded), so nothing stays shared.
 */
export async function removeFriend(db: Db, userId: string, username: string): Promise<FriendJson> {
  // A name with no account, the caller's own and a member with no row with the caller take the same
  // path (the same statements, a lock of a pair that cannot exist for a missing one) to the same 404:
  // how long the answer takes does not tell who has an account (issue 17, item 11).
  return db.$transaction(async (tx) => {
    const other = await findByUsername(tx, username);
    const otherId = other?.id ?? `no account:${username}`;
    await lockPair(tx, userId, otherId);
    const existing = await tx.friendship.findUnique({ where: { pairKey: pairKey(userId, otherId) } });
    if (!existing || !other) throw noFriendship(username);
    await startActivity(tx, { userId, action: "unfriend", detail: other.username });
    await tx.friendship.delete({ where: { id: existing.id } });
    await friendshipEnded(tx, userId, other.id);
    return toFriendJson(userId, existing, other.username);
  }, TRANSACTION_OPTIONS);
}

/**
 * `friends block`: ends any friendship or request between the two (friendshipEnded) and keeps the
 * member from reaching the caller again: their requests answer as for a username nobody has, and
 * without a friendship nothing is shared or suggested. Blocking again changes nothing.
 */
export async function blockMember(db: Db, userId: string, username: string): Promise<FriendJson & { changed: boolean }> {
  const other = await findByUsername(db, username);
  if (!other) throw noSuchUser(username);
  if (other.id === userId) throw new ConflictError("self_block", "you cannot block yourself");
  return db.$transaction(async (tx) => {
    await lockPair(tx, userId, other.id);
    const existing = await tx.block.findUnique({ where: { blockerId_blockedId: { blockerId: userId, blockedId: other.id } } });
    if (existing) return { username: other.username, status: "blocked" as const, since: existing.createdAt, changed: false };
    await startActivity(tx, { userId, action: "block", detail: other.username });
    await tx.friendship.deleteMany({ where: { pairKey: pairKey(userId, other.id) } });
    await friendshipEnded(tx, userId, other.id);
    const block = await tx.block.create({ data: { blockerId: userId, blockedId: other.id } });
    return { username: other.username, status: "blocked" as const, since: block.createdAt, changed: true };
  }, TRANSACTION_OPTIONS);
}

/** `friends unblock`: they may ask again; nothing that blocking ended comes back. */
export async function unblockMember(db: Db, userId: string, username: string): Promise<FriendJson> {
  const other = await findByUsername(db, username);
  const notBlocked = new NotFoundError(`you have not blocked ${username}`);
  if (!other) throw notBlocked;
  return db.$transaction(async (tx) => {
    await lockPair(tx, userId, other.id);
    const existing = await tx.block.findUnique({ where: { blockerId_blockedId: { blockerId: userId, blockedId: other.id } } });
    if (!existing) throw notBlocked;
    await startActivity(tx, { userId, action: "unblock", detail: other.username });
    await tx.block.delete({ where: { id: existing.id } });
    return { username: other.username, status: "blocked" as const, since: existing.createdAt };
  }, TRANSACTION_OPTIONS);
}

/** Whether either of the two blocked the other: other slices treat such a member as a stranger. */
export async function isBlockedEitherWay(db: Db | Prisma.TransactionClient, a: string, b: string): Promise<boolean> {
  return (
    (await db.block.count({
      where: {
        OR: [
          { blockerId: a, blockedId: b },
          { blockerId: b, blockedId: a },
        ],
      },
    })) > 0
  );
}

const noFriendship = (username: string) => new NotFoundError(`no friendship or request with ${username}`);

/**
 * The named users, each an accepted friend of the caller, in the order given (duplicates once);
 * else the same 404 for the first who is not, whatever the reason.
 */
export async function requireFriends(db: Db, userId: string, usernames: string[]): Promise<Friend[]> {
  const wanted = [...new Set(usernames)];
  const rows = await db.friendship.findMany({
    where: {
      status: "ACCEPTED",
      OR: [
        { requesterId: userId, addressee: { username: { in: wanted } } },
        { addresseeId: userId, requester: { username: { in: wanted } } },
      ],
    },
    select: { requester: { select: { id: true, username: true } }, addressee: { select: { id: true, username: true } } },
  });
  const friends = new Map(
    rows.map(({ requester, addressee }) => {
      const friend = requester.id === userId ? addressee : requester;
      return [friend.username, friend];
    }),
  );
  return wanted.map((username) => {
    const friend = friends.get(username);
    if (!friend) throw notAFriend(username);
    return friend;
  });
}
