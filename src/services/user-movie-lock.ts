import type { Prisma } from "../db/client.js";

// The locks are SQL functions (migration `rating_in_one_statement`), shared with rate_movie: one
// definition of each key.

/**
 * Serializes writes to one (user, movie) pair for the rest of the transaction. Rating and queueing
 * each read the other's table before writing their own; without this lock a rating and a queueing
 * of the same movie racing under READ COMMITTED could both commit and leave it rated and queued.
 * It also takes the account lock in shared mode, so that an import (lockAccount) excludes it.
 */
export async function lockUserMovie(tx: Prisma.TransactionClient, userId: string, movieId: string): Promise<void> {
  await tx.$executeRaw`SELECT lock_user_movie(${userId}, ${movieId})`;
}

/**
 * Excludes every lockUserMovie of this account for the rest of the transaction: an import writes
 * thousands of pairs, and one lock per pair would exhaust PostgreSQL's shared lock table
 * (max_locks_per_transaction × max_connections, 6,400 slots by default).
 */
export async function lockAccount(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT lock_account(${userId})`;
}

/** Interactive transactions wait behind the locks above and the pool: Prisma's 2 s/5 s defaults are too tight under load. */
export const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 15_000 } as const;
