// Rating weights (docs/data-model.md, Enums), shared by recommendations and stats, in TypeScript and in SQL.
import { Prisma, type Rating } from "../db/client.js";

export const RATINGS = ["DISLIKE", "OK", "LIKE", "SUPER_LIKE"] as const satisfies readonly Rating[];

export const RATING_WEIGHT: Record<Rating, number> = { DISLIKE: -1, OK: 0, LIKE: 1, SUPER_LIKE: 2 };

export const RATING_EMOJI: Record<Rating, string> = { DISLIKE: "👎", OK: "😐", LIKE: "👍", SUPER_LIKE: "❤️" };

/** The weight of a "UserMovie".rating column as a SQL expression (`alias` is the table alias). */
export function weightSql(alias: string): Prisma.Sql {
  const column = Prisma.raw(`"${alias}"."rating"`);
  return Prisma.sql`(CASE ${column} WHEN 'SUPER_LIKE' THEN 2 WHEN 'LIKE' THEN 1 WHEN 'OK' THEN 0 ELSE -1 END)`;
}

export const round = (value: number, decimals: number) => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};
