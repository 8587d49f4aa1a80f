// The one visibility gate: every cell of viewer (self, friend, stranger) × the owner's visibility
// (private, friends, server), asked through the TypeScript rule, the lookup by name and the SQL form
// listings use; the three must agree, and a hidden owner must fail exactly as a missing one.
import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../../src/db/client.js";
import {
  hiddenUser,
  mayView,
  narrowest,
  type Relation,
  requireVisibleOwner,
  type Visibility,
  visibilityColumn,
  visibleToSql,
} from "../../src/services/visibility.js";
import { useTestDatabase } from "../helpers/db.js";
import { seedUser } from "../helpers/seed-library.js";

const { db } = await useTestDatabase();

/** Who sees what: the table of the contract ("Profiles and privacy"). */
const EXPECTED: Record<Exclude<Relation, "blocked">, Record<Visibility, boolean>> = {
  self: { private: true, friends: true, server: true },
  friend: { private: false, friends: true, server: true },
  member: { private: false, friends: false, server: true },
};

const ids: Record<string, string> = {};

beforeAll(async () => {
  for (const name of ["viewer", "friend_of_viewer", "owner_private", "owner_friends", "owner_server", "pending_friend"]) {
    ids[name] = await seedUser(db, name, { ratings: [] });
  }
  const befriend = (a: string, b: string, status: "ACCEPTED" | "PENDING") =>
    db.friendship.create({ data: { requesterId: ids[a], addresseeId: ids[b], status } });
  await befriend("viewer", "friend_of_viewer", "ACCEPTED");
  await befriend("owner_private", "friend_of_viewer", "ACCEPTED");
  await befriend("friend_of_viewer", "owner_friends", "ACCEPTED");
  await befriend("owner_server", "friend_of_viewer", "ACCEPTED");
  // A pending request shares nothing: the viewer counts as a stranger to pending_friend.
  await befriend("viewer", "pending_friend", "PENDING");
});

const setVisibility = (name: string, visibility: Visibility) =>
  db.user.update({ where: { id: ids[name] }, data: { visibility: visibilityColumn(visibility) } });

const sqlSays = async (viewer: string, owner: string) => {
  const [row] = await db.$queryRaw<[{ visible: boolean }]>`SELECT ${visibleToSql(ids[viewer], Prisma.sql`${ids[owner]}`)} AS "visible"`;
  return row.visible;
};

describe("mayView, the rule", () => {
  it.each(
    Object.entries(EXPECTED).flatMap(([relation, row]) => Object.entries(row).map(([visibility, seen]) => [relation, visibility, seen])),
  )("%s at %s visibility: %s", (relation, visibility, seen) => {
    expect(mayView(relation as Relation, visibility as Visibility)).toBe(seen);
  });

  it("a blocked member sees nothing, whatever the visibility", () => {
    for (const visibility of ["private", "friends", "server"] as const) expect(mayView("blocked", visibility)).toBe(false);
  });

  it("narrowest picks the narrower setting", () => {
    expect(narrowest("server", "friends")).toBe("friends");
    expect(narrowest("friends", "private", "server")).toBe("private");
    expect(narrowest("server")).toBe("server");
  });
});

describe("requireVisibleOwner and visibleToSql over the matrix", () => {
  // viewer → owner: who plays which relation with whom.
  const cases: Array<[Exclude<Relation, "blocked">, string, string]> = [
    ["self", "owner_friends", "owner_friends"],
    ["friend", "friend_of_viewer", "owner_friends"],
    ["member", "viewer", "owner_friends"],
    ["member", "viewer", "pending_friend"],
  ];
  for (const [relation, viewer, owner] of cases) {
    for (const visibility of ["private", "friends", "server"] as const) {
      const seen = EXPECTED[relation][visibility];
      it(`${viewer} (${relation}) looking at ${owner} at ${visibility}: ${seen ? "visible" : "hidden, as if missing"}`, async () => {
        await setVisibility(owner, visibility);
        expect(await sqlSays(viewer, owner)).toBe(seen);
        const lookup = requireVisibleOwner(db, ids[viewer], owner);
        if (seen) await expect(lookup).resolves.toMatchObject({ id: ids[owner], username: owner, relation, visibility });
        else await expect(lookup).rejects.toEqual(hiddenUser(owner));
      });
    }
  }

  it("a missing user fails with the error a hidden one does", async () => {
    await expect(requireVisibleOwner(db, ids.viewer, "nobody_here")).rejects.toEqual(hiddenUser("nobody_here"));
  });

  it("atMost narrows a view: a queue is for friends even when the owner shows everything to the server", async () => {
    await setVisibility("owner_server", "server");
    await expect(requireVisibleOwner(db, ids.viewer, "owner_server", { atMost: "friends" })).rejects.toEqual(hiddenUser("owner_server"));
    await expect(requireVisibleOwner(db, ids.friend_of_viewer, "owner_server", { atMost: "friends" })).resolves.toMatchObject({
      relation: "friend",
    });
  });

  it("names are matched regardless of case", async () => {
    await setVisibility("owner_server", "server");
    await expect(requireVisibleOwner(db, ids.viewer, "Owner_Server")).resolves.toMatchObject({ username: "owner_server" });
  });
});
