import { createRequire } from "node:module";
import { hashPassword, verifyPassword } from "../auth/passwords.js";
import { forgetSessions } from "../auth/sessions.js";
import { type Db, Prisma } from "../db/client.js";
import { ConflictError } from "./errors.js";
import { TRANSACTION_OPTIONS } from "./user-movie-lock.js";

/** The only user fields that ever leave the database layer: passwordHash is never selected. */
export const publicUserFields = { id: true, email: true, username: true, createdAt: true } as const;
export type PublicUser = Prisma.UserGetPayload<{ select: typeof publicUserFields }>;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function registerUser(db: Db, input: { email: string; username: string; password: string }): Promise<PublicUser> {
  const email = normalizeEmail(input.email);
  const username = normalizeUsername(input.username);
  const key = usernameKey(username);
  const skeleton = usernameSkeleton(username);
  const passwordHash = await hashPassword(input.password);
  await fillLookalikeKeys(db);
  try {
    return await db.$transaction(async (tx) => {
      // Registrations of lookalike names wait for one another, so the checks below and the insert are one step.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USERNAME_LOCK_NAMESPACE}::int, hashtext(${skeleton}))`;
      // Exact matches on the stored forms: no pattern, so "wl_" is not "wl1".
      const taken = await tx.user.findFirst({ where: { OR: [{ email }, { usernameKey: key }] }, select: { email: true } });
      if (taken) throw takenError(taken.email === email ? "email" : "username");
      if ((await tx.user.count({ where: { lookalikeKey: skeleton } })) > 0) {
        throw new ConflictError("username_taken", "that username looks like one already registered");
      }
      return tx.user.create({
        data: { email, username, usernameKey: key, lookalikeKey: skeleton, passwordHash },
        select: publicUserFields,
      });
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    // The unique indexes decide any race the lock does not cover (the same email under two usernames).
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw takenError(uniqueViolationFields(error).includes("email") ? "email" : "username");
    }
    throw error;
  }
}

// The advisory-lock namespace of username registrations (1 is the account lock: lock_account in the migration `rating_in_one_statement`).
const USERNAME_LOCK_NAMESPACE = 2;

/** NFKC: fullwidth "ｄａｖｅ" becomes "dave", a ligature its letters. Usernames are stored in this form. */
export const normalizeUsername = (username: string) => username.normalize("NFKC");

/** The folded form under User.usernameKey's unique index: names that differ only in case are one name. */
export const usernameKey = (username: string) => normalizeUsername(username).toLowerCase();

// Loaded on first use: building its matcher of Unicode's ~6,000 confusables takes ~85 ms, which only
// registrations should pay, not every start of the API.
let unhomoglyph: ((text: string) => string) | undefined;

/**
 * Unicode's confusables skeleton (UTS #39: NFD, each character mapped to its prototype, NFD) of the
 * name, lower-cased: two names with the same skeleton look alike ("dave" and "dаve" with a Cyrillic а,
 * "paul" and "pauI" with a capital i, "wl1" and "wll"). Mapped before lower-casing, because a capital
 * is confused by its shape; names that differ only in case share a usernameKey anyway.
 */
export function usernameSkeleton(username: string): string {
  unhomoglyph ??= createRequire(import.meta.url)("unhomoglyph") as (text: string) => string;
  return unhomoglyph(normalizeUsername(username).normalize("NFD")).normalize("NFD").toLowerCase();
}

/**
 * Accounts older than User.lookalikeKey get theirs (SQL could not compute it): once, in one statement,
 * committed on its own so that a refused registration does not undo it. New accounts are created with it.
 */
async function fillLookalikeKeys(db: Db): Promise<void> {
  const unfilled = await db.user.findMany({ where: { lookalikeKey: null }, select: { id: true, username: true } });
  if (unfilled.length === 0) return;
  const ids = unfilled.map((user) => user.id);
  const keys = unfilled.map((user) => usernameSkeleton(user.username));
  await db.$executeRaw`UPDATE "User" AS u SET "lookalikeKey" = f.key FROM unnest(${ids}::text[], ${keys}::text[]) AS f(id, key) WHERE u.id = f.id`;
}

/** The columns of a unique violation: `meta.target` from Prisma's engines, the adapter's cause with adapter-pg. */
function uniqueViolationFields(error: Prisma.PrismaClientKnownRequestError): string[] {
  const meta = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } } | undefined;
  const fields = meta?.target ?? meta?.driverAdapterError?.cause?.constraint?.fields;
  return Array.isArray(fields) ? fields.map(String) : [];
}

function takenError(field: "email" | "username"): ConflictError {
  return new ConflictError(`${field}_taken`, `that ${field} is already registered`);
}

/** The user for these credentials, or null; the same work whether or not the email exists. */
export async function authenticate(db: Db, emailInput: string, password: string): Promise<PublicUser | null> {
  const user = await db.user.findUnique({
    where: { email: normalizeEmail(emailInput) },
    select: { ...publicUserFields, passwordHash: true },
  });
  const valid = await verifyPassword(password, user?.passwordHash);
  if (!user || !valid) return null;
  const { passwordHash: _omitted, ...publicUser } = user;
  return publicUser;
}

export const findUser = (db: Db, id: string) => db.user.findUnique({ where: { id }, select: publicUserFields });

/** Deletes the account; the cascades remove its ratings and watchlist, movies stay (shared cache). */
export async function deleteUser(db: Db, id: string): Promise<void> {
  await db.user.delete({ where: { id } });
  forgetSessions(db, id);
}
