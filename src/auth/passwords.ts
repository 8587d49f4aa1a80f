import { availableParallelism } from "node:os";
import bcrypt from "bcrypt";
import PQueue from "p-queue";

/** bcrypt cost 10 (docs/data-model.md, User). */
export const BCRYPT_ROUNDS = 10;

/**
 * All bcrypt work waits in one queue, as many at a time as the machine has cores (libuv's thread pool
 * would run 4 and share the cores anyway): a login's comparison goes before any waiting registration's
 * hash, so a registration flood from many addresses delays a login by one hash at most (issue 17,
 * item 4: logins went from 85 to 514 ms). Registrations wait in a bounded line: past it, 503.
 */
const bcryptQueue = new PQueue({ concurrency: Math.min(4, availableParallelism()) });
const LOGIN_FIRST = 1;
export const MAX_WAITING_HASHES = 16;

/** The server has more registrations waiting for their hash than it lets wait: try again shortly. */
export class PasswordWorkBusyError extends Error {
  readonly code = "busy";
  readonly retryAfterSeconds = 1;
}

export function hashPassword(password: string): Promise<string> {
  if (bcryptQueue.size >= MAX_WAITING_HASHES)
    return Promise.reject(new PasswordWorkBusyError("the server is busy creating accounts; try again in a moment"));
  return bcryptQueue.add(() => bcrypt.hash(password, BCRYPT_ROUNDS));
}

// A login for an unknown email still runs one bcrypt comparison, against this hash, so the answer
// takes as long as for a wrong password and timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

/** Compares against the user's hash, or against a dummy hash of the same cost when there is no user. */
export async function verifyPassword(password: string, passwordHash: string | undefined): Promise<boolean> {
  dummyHash ??= bcrypt.hash("no such account", BCRYPT_ROUNDS);
  const hash = passwordHash ?? (await dummyHash);
  const matches = await bcryptQueue.add(() => bcrypt.compare(password, hash), { priority: LOGIN_FIRST });
  return matches && passwordHash !== undefined;
}
