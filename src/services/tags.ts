// Tags on viewings ("imax", "with sam"): compared folded (tagKey: case, NFKC), shown as the member
// first wrote them — a later "IMAX" joins the member's "imax" and is shown as "imax".
import type { Db, Prisma } from "../db/client.js";
import { tagKey } from "./text.js";

export interface TagJson {
  tag: string;
  viewings: number;
}

/** Adds these tags to a viewing (a tag it already has, in any spelling, once). */
export async function tagViewing(tx: Prisma.TransactionClient, userId: string, viewingId: string, tags: string[]): Promise<void> {
  const wanted = new Map<string, string>();
  for (const tag of tags) if (!wanted.has(tagKey(tag))) wanted.set(tagKey(tag), tag.trim());
  if (wanted.size === 0) return;
  const known = await tx.viewingTag.findMany({
    where: { userId, key: { in: [...wanted.keys()] } },
    distinct: ["key"],
    select: { key: true, tag: true },
  });
  const firstWritten = new Map(known.map((row) => [row.key, row.tag]));
  await tx.viewingTag.createMany({
    data: [...wanted].map(([key, tag]) => ({ userId, viewingId, key, tag: firstWritten.get(key) ?? tag })),
    skipDuplicates: true,
  });
}

/** A member's tags, each with how many viewings carry it: most used first, then by name. */
export async function listTags(db: Db, userId: string): Promise<TagJson[]> {
  const rows = await db.$queryRaw<Array<{ tag: string; viewings: number }>>`
    SELECT min("tag") AS "tag", count(*)::int AS "viewings" FROM "ViewingTag" WHERE "userId" = ${userId}
    GROUP BY "key" ORDER BY count(*) DESC, "key" ASC`;
  return rows;
}

/** Each viewing's tags, alphabetically (folded). */
export async function tagsOfViewings(db: Db | Prisma.TransactionClient, viewingIds: string[]): Promise<Map<string, string[]>> {
  const rows = await db.viewingTag.findMany({
    where: { viewingId: { in: viewingIds } },
    orderBy: { key: "asc" },
    select: { viewingId: true, tag: true },
  });
  const tags = new Map<string, string[]>();
  for (const row of rows) tags.set(row.viewingId, [...(tags.get(row.viewingId) ?? []), row.tag]);
  return tags;
}
