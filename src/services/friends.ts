// Friends by mutual consent. A request is one row (requester → addressee, PENDING); the addressee
// asking back makes it ACCEPTED. Only ACCEPTED pairs share anything, and every sharing route asks
// `requireFriends`, whose 404 is the same for a stranger, a pending request, a removed friend and a
// user that does not exist: nobody learns who has an account from it.
import type { Db, Prisma } from "../db/client.js";
import { startActivity } from "./activity.js";
import { ConflictError, NotFoundError } from "./errors.js";
import { endCollaborations } from "./lists.js";
import { TRANSACTION_OPTIONS } from "./user-movie-lock.js";

export type FriendStatus = "friends" | "requested" | "incoming";

export interface FriendJson {
  username: string;
  status: FriendStatus;
  /** Friends: when the request was accepted; pending: when it was sent. */
  since: Date;
}

export interface Friend {
  id: string;
  username: string;
}

/** The one answer for everyone who is not a friend, existing or not. */
export const notAFriend = (username: string) => new NotFoundError(`${username} is not one of your friends`);

type FriendshipRow = Prisma.FriendshipGetPayload<{ include: { requester: true; addressee: true } }>;

function toFriendJson(userId: string, row: Pick<FriendshipRow, "requesterId" | "status" | "createdAt" | "acceptedAt">, username: string) {
  const status: FriendStatus = row.status === "ACCEPTED" ? "friends" : row.requesterId === userId ? "requested" : "incoming";
  return { username, status, since: row.acceptedAt ?? row.createdAt };
}

const pairWhere = (a: string, b: string) => ({
  OR: [
    { requesterId: a, addresseeId: b },
    { requesterId: b, addresseeId: a },
  ],
});

/** Serializes changes to one pair, whichever of the two acts: two crossing requests make one row. */
async function lockPair(tx: Prisma.TransactionClient, a: string, b: string): Promise<void> {
  const [low, high] = [a, b].sort();
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`friendship:${low}:${high}`}, 0))`;
}

/** Exact username (the unique column): a user named "Ann" is not "ann". */
const findByUsername = (db: Db | Prisma.TransactionClient, username: string) =>
  db.user.findUnique({ where: { username }, select: { id: true, username: true } });

export async function listFriends(db: Db, userId: string): Promise<FriendJson[]> {
  const rows = await db.friendship.findMany({
    where: { OR: [{ requesterId: userId }, { addresseeId: userId }] },
    include: { requester: { select: { username: true } }, addressee: { select: { username: true } } },
  });
  const order: Record<FriendStatus, number> = { incoming: 0, friends: 1, requested: 2 };
  return rows
    .map((row) => toFriendJson(userId, row, row.requesterId === userId ? row.addressee.username : row.requester.username))
    .sort((a, b) => order[a.status] - order[b.status] || a.username.localeCompare(b.username));
}

/**
 * `friends add`: sends a request, or accepts the one pending from that user. Asking again changes
 * nothing. `created` says whether a row or an acceptance was written.
 */
export async function addFriend(db: Db, userId: string, username: string): Promise<FriendJson & { changed: boolean }> {
  const other = await findByUsername(db, username);
  // Registration already tells whether a username is taken: saying so here reveals nothing new.
  if (!other) throw new NotFoundError(`no user named ${username}`);
  if (other.id === userId) throw new ConflictError("self_friendship", "you cannot send a friend request to yourself");
  return db.$transaction(async (tx) => {
    await lockPair(tx, userId, other.id);
    const existing = await tx.friendship.findFirst({ where: pairWhere(userId, other.id) });
    if (!existing) {
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
 * `friends remove`: removes a friend, withdraws a request or declines one; suggestions between the
 * two and each one's collaboration on the other's lists go with it, so nothing stays shared.
 */
export async function removeFriend(db: Db, userId: string, username: string): Promise<FriendJson> {
  // A name with no account, the caller's own and a member with no row with the caller take the same
  // path (the same statements, a lock of a pair that cannot exist for a missing one) to the same 404:
  // how long the answer takes does not tell who has an account (issue 17, item 11).
  return db.$transaction(async (tx) => {
    const other = await findByUsername(tx, username);
    const otherId = other?.id ?? `no account:${username}`;
    await lockPair(tx, userId, otherId);
    const existing = await tx.friendship.findFirst({ where: pairWhere(userId, otherId) });
    if (!existing || !other) throw noFriendship(username);
    await startActivity(tx, { userId, action: "unfriend", detail: other.username });
    await tx.friendship.delete({ where: { id: existing.id } });
    await tx.suggestion.deleteMany({
      where: {
        OR: [
          { fromId: userId, toId: other.id },
          { fromId: other.id, toId: userId },
        ],
      },
    });
    await endCollaborations(tx, userId, other.id);
    return toFriendJson(userId, existing, other.username);
  }, TRANSACTION_OPTIONS);
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
