import type { Prisma } from "../db/client.js";

/**
 * Serializes writes to one (user, movie) pair for the rest of the transaction. Rating and queueing
 * each read the other's table before writing their own; without this lock a rating and a queueing
 * of the same movie racing under READ COMMITTED could both commit and leave it rated and queued.
 */
export async function lockUserMovie(tx: Prisma.TransactionClient, userId: string, movieId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${userId} || ':' || ${movieId}, 0))`;
}

/** Interactive transactions wait behind the lock above and the pool: Prisma's 2 s/5 s defaults are too tight under load. */
export const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;
