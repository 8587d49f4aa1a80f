// The lists an import brings (a Letterboxd export's lists/*.csv and likes, an IMDb list, a v3 export
// document): created, or brought up to date, inside the import's transaction. Re-importing the same
// file changes nothing: a film already in the list keeps its place, a note is only replaced by a
// different one, and a list's description or ranking only by one the file gives.
import { randomUUID } from "node:crypto";
import type { Prisma } from "../../db/client.js";
import { foldListName } from "../lists.js";
import type { ImportedList } from "./document.js";
import { type BatchResult, counts, type MatchedEntry } from "./write.js";

/** A film's place in a list of the source. */
export interface ListMembership {
  list: string;
  /** Its position in the source (ranked lists); null: in the source's order. */
  position: number | null;
  note: string | null;
  addedAt: Date | null;
}

interface Member {
  movieId: string;
  position: number | null;
  note: string | null;
  addedAt: Date | null;
  /** The order it came in (ties and unranked sources keep it). */
  order: number;
}

interface ListRow {
  id: string;
  description: string | null;
  ranked: boolean;
  visibility: string;
}

const utc = (value: Date | null) => (value ? value.toISOString() : null);

export async function writeImportedLists(
  tx: Prisma.TransactionClient,
  userId: string,
  lists: ImportedList[],
  entries: MatchedEntry[],
): Promise<Pick<BatchResult, "lists" | "listEntries" | "notImported">> {
  const result = { lists: counts(), listEntries: counts(), notImported: [] as BatchResult["notImported"] };
  const wanted = new Map<string, { meta: Partial<ImportedList> & { name: string }; members: Member[] }>();
  const listFor = (name: string) => {
    const key = foldListName(name);
    let found = wanted.get(key);
    if (!found) {
      found = { meta: { name }, members: [] };
      wanted.set(key, found);
    }
    return found;
  };
  for (const list of lists) listFor(list.name).meta = list;
  let order = 0;
  for (const entry of entries) {
    for (const membership of entry.lists ?? []) {
      listFor(membership.list).members.push({ movieId: entry.movie.id, ...membership, order: order++ });
    }
  }
  if (wanted.size === 0) return result;
  const now = new Date().toISOString();

  for (const [key, { meta, members }] of wanted) {
    members.sort((a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) || a.order - b.order);
    const [existing] = await tx.$queryRaw<ListRow[]>`
      SELECT "id", "description", "ranked", "visibility"::text AS "visibility" FROM "List"
      WHERE "ownerId" = ${userId} AND "nameKey" = ${key} FOR UPDATE`;
    let list: ListRow;
    let changed = false;
    if (!existing) {
      list = {
        id: randomUUID(),
        description: meta.description ?? null,
        ranked: meta.ranked ?? (members.length > 0 && members.every((member) => member.position !== null)),
        visibility: (meta.visibility ?? "friends").toUpperCase(),
      };
      await tx.$executeRaw`
        INSERT INTO "List" ("id", "ownerId", "name", "nameKey", "description", "ranked", "visibility", "createdAt", "updatedAt")
        VALUES (${list.id}, ${userId}, ${meta.name}, ${key}, ${list.description}, ${list.ranked}, ${list.visibility}::"Visibility",
          ${now}::timestamptz AT TIME ZONE 'UTC', ${now}::timestamptz AT TIME ZONE 'UTC')`;
      result.lists.added++;
    } else {
      list = existing;
      const description = meta.description ?? existing.description;
      const ranked = meta.ranked ?? existing.ranked;
      const visibility = meta.visibility ? meta.visibility.toUpperCase() : existing.visibility;
      if (description !== existing.description || ranked !== existing.ranked || visibility !== existing.visibility) {
        await tx.$executeRaw`UPDATE "List" SET "description" = ${description}, "ranked" = ${ranked},
          "visibility" = ${visibility}::"Visibility" WHERE "id" = ${list.id}`;
        changed = true;
      }
    }

    const stored = await tx.$queryRaw<Array<{ movieId: string; note: string | null }>>`
      SELECT "movieId", "note" FROM "ListEntry" WHERE "listId" = ${list.id}`;
    const notes = new Map(stored.map((row) => [row.movieId, row.note]));
    const added: Member[] = [];
    const renoted: Member[] = [];
    for (const member of members) {
      if (!notes.has(member.movieId)) {
        notes.set(member.movieId, member.note);
        added.push(member);
        result.listEntries.added++;
      } else if (member.note !== null && member.note !== notes.get(member.movieId)) {
        notes.set(member.movieId, member.note);
        renoted.push(member);
        result.listEntries.updated++;
      } else {
        result.listEntries.unchanged++;
      }
    }
    if (added.length > 0) {
      // New films go after those already there, in the source's order: positions stay 1..n.
      const first = stored.length + 1;
      await tx.$executeRaw`
        INSERT INTO "ListEntry" ("id", "listId", "movieId", "position", "note", "addedById", "addedAt")
        SELECT row.id, ${list.id}, row."movieId", row.position, row.note, ${userId},
          coalesce(row."addedAt", ${now})::timestamptz AT TIME ZONE 'UTC'
        FROM unnest(${added.map(() => randomUUID())}::text[], ${added.map((member) => member.movieId)}::text[],
          ${added.map((_, index) => first + index)}::int[], ${added.map((member) => member.note)}::text[],
          ${added.map((member) => utc(member.addedAt))}::text[]) AS row(id, "movieId", position, note, "addedAt")`;
    }
    for (const member of renoted) {
      await tx.$executeRaw`UPDATE "ListEntry" SET "note" = ${member.note} WHERE "listId" = ${list.id} AND "movieId" = ${member.movieId}`;
    }
    if (existing && (added.length > 0 || renoted.length > 0)) changed = true;

    for (const { username, can } of meta.collaborators ?? []) {
      const [friend] = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT u."id" FROM "User" u JOIN "Friendship" f ON f."status" = 'ACCEPTED'
          AND ((f."requesterId" = ${userId} AND f."addresseeId" = u."id") OR (f."addresseeId" = ${userId} AND f."requesterId" = u."id"))
        WHERE u."username" = ${username}`;
      if (!friend) {
        result.notImported.push({ source: `list ${meta.name}`, reason: `not shared with ${username}: not one of your friends` });
        continue;
      }
      const access = can.toUpperCase();
      const written = await tx.$executeRaw`
        INSERT INTO "ListCollaborator" ("id", "listId", "userId", "access", "createdAt")
        VALUES (${randomUUID()}, ${list.id}, ${friend.id}, ${access}::"ListAccess", ${now}::timestamptz AT TIME ZONE 'UTC')
        ON CONFLICT ("listId", "userId") DO UPDATE SET "access" = EXCLUDED."access"
        WHERE "ListCollaborator"."access" IS DISTINCT FROM EXCLUDED."access"`;
      if (existing && written > 0) changed = true;
    }

    if (existing) {
      if (changed) {
        await tx.$executeRaw`UPDATE "List" SET "updatedAt" = ${now}::timestamptz AT TIME ZONE 'UTC' WHERE "id" = ${list.id}`;
        result.lists.updated++;
      } else result.lists.unchanged++;
    }
  }
  return result;
}
