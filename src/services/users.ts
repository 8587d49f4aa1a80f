import { hashPassword, verifyPassword } from "../auth/passwords.js";
import { forgetSessions } from "../auth/sessions.js";
import { type Db, Prisma } from "../db/client.js";
import { ConflictError } from "./errors.js";

/** The only user fields that ever leave the database layer: passwordHash is never selected. */
export const publicUserFields = { id: true, email: true, username: true, createdAt: true } as const;
export type PublicUser = Prisma.UserGetPayload<{ select: typeof publicUserFields }>;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function registerUser(db: Db, input: { email: string; username: string; password: string }): Promise<PublicUser> {
  const email = normalizeEmail(input.email);
  // Usernames are unique regardless of case: "Alice" and "alice" would be confused by people.
  const taken = await db.user.findFirst({
    where: { OR: [{ email }, { username: { equals: input.username, mode: "insensitive" } }] },
    select: { email: true },
  });
  if (taken) throw takenError(taken.email === email ? "email" : "username");
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({ data: { email, username: input.username, passwordHash }, select: publicUserFields });
  } catch (error) {
    // Two registrations racing for the same email or username: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw takenError(uniqueViolationFields(error).includes("email") ? "email" : "username");
    }
    throw error;
  }
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
