// Who sees what of another member: the ONE gate every view of another member's data asks (ratings,
// history, reviews, tags, profile details, lists, a friend's queue). The owner's visibility decides:
// `private` nobody but the owner, `friends` accepted friends, `server` every member; a member the owner
// blocked, or who blocked the owner, is treated as a stranger and sees nothing. What the viewer may not
// see answers exactly as a user that does not exist (the same NotFoundError, byte for byte), so the
// gate tells nobody who has an account or who hides from them.
import { type Db, Prisma } from "../db/client.js";
import { NotFoundError } from "./errors.js";
import { usernameKey } from "./users.js";

export type Visibility = "private" | "friends" | "server";
export const VISIBILITIES: readonly Visibility[] = ["private", "friends", "server"];

/** What the viewer is to the owner. */
export type Relation = "self" | "friend" | "member" | "blocked";

/** The database's enum value of a visibility, and back. */
export const visibilityColumn = (visibility: Visibility) => visibility.toUpperCase() as "PRIVATE" | "FRIENDS" | "SERVER";
export const visibilityOf = (column: string) => column.toLowerCase() as Visibility;

/** The rule itself: may a viewer in this relation see what the owner shows at this visibility? */
export function mayView(relation: Relation, visibility: Visibility): boolean {
  switch (relation) {
    case "self":
      return true;
    case "blocked":
      return false;
    case "friend":
      return visibility !== "private";
    case "member":
      return visibility === "server";
  }
}

/** The narrower of two visibilities (a list's own and its owner's: the list shows at the narrower). */
export const narrowest = (...visibilities: Visibility[]): Visibility =>
  visibilities.reduce((narrow, next) => (VISIBILITIES.indexOf(next) < VISIBILITIES.indexOf(narrow) ? next : narrow));

/** The one answer for a user who does not exist and for one whose data the viewer may not see. */
export const hiddenUser = (username: string) => new NotFoundError(`no user named ${username} is visible to you`);

export interface VisibleOwner {
  id: string;
  username: string;
  relation: Relation;
  /** The owner's own setting (what `atMost` narrowed is not reflected here). */
  visibility: Visibility;
}

/**
 * The member named `username` (matched regardless of case) when the viewer may see their data,
 * else `hiddenUser`. `atMost` narrows what the owner's visibility allows for a view that is never
 * wider (a queue is for friends at most: `atMost: "friends"`; a list: its own visibility).
 */
export async function requireVisibleOwner(
  db: Db,
  viewerId: string,
  username: string,
  options: { atMost?: Visibility } = {},
): Promise<VisibleOwner> {
  const owner = await findOwner(db, viewerId, username);
  if (!owner) throw hiddenUser(username);
  const visibility = options.atMost ? narrowest(owner.visibility, options.atMost) : owner.visibility;
  if (!mayView(owner.relation, visibility)) throw hiddenUser(username);
  return owner;
}

/** The member and what the viewer is to them, or null when there is no such member. */
export async function findOwner(db: Db, viewerId: string, username: string): Promise<VisibleOwner | null> {
  const row = await db.user.findUnique({
    where: { usernameKey: usernameKey(username) },
    select: {
      id: true,
      username: true,
      visibility: true,
      friendRequestsSent: { where: { addresseeId: viewerId }, select: { status: true } },
      friendRequestsReceived: { where: { requesterId: viewerId }, select: { status: true } },
      blocksMade: { where: { blockedId: viewerId }, select: { id: true } },
      blockedBy: { where: { blockerId: viewerId }, select: { id: true } },
    },
  });
  if (!row) return null;
  const statuses = [...row.friendRequestsSent, ...row.friendRequestsReceived].map((friendship) => friendship.status);
  const relation: Relation =
    row.id === viewerId
      ? "self"
      : row.blocksMade.length + row.blockedBy.length > 0
        ? "blocked"
        : statuses.includes("ACCEPTED")
          ? "friend"
          : "member";
  return { id: row.id, username: row.username, relation, visibility: visibilityOf(row.visibility) };
}

/**
 * `mayView` in SQL, for listings over many owners at once (friends' reviews under a film): true when
 * the viewer may see the data of the user whose id is in `ownerColumn`. Kept equal to `mayView` by
 * the gate's test, which asks both for every cell of the matrix.
 */
export const visibleToSql = (viewerId: string, ownerColumn: Prisma.Sql) => Prisma.sql`(
  ${ownerColumn} = ${viewerId}
  OR EXISTS (
    SELECT 1 FROM "User" owner WHERE owner."id" = ${ownerColumn} AND NOT EXISTS (
      SELECT 1 FROM "Block" b
      WHERE (b."blockerId" = owner."id" AND b."blockedId" = ${viewerId}) OR (b."blockerId" = ${viewerId} AND b."blockedId" = owner."id")
    ) AND (
      owner."visibility" = 'SERVER'
      OR (owner."visibility" = 'FRIENDS' AND EXISTS (
        SELECT 1 FROM "Friendship" f WHERE f."status" = 'ACCEPTED'
          AND ((f."requesterId" = ${viewerId} AND f."addresseeId" = owner."id") OR (f."addresseeId" = ${viewerId} AND f."requesterId" = owner."id"))
      ))
    )
  )
)`;
