import bcrypt from "bcrypt";

/** bcrypt cost 10 (docs/data-model.md, User). */
export const BCRYPT_ROUNDS = 10;

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_ROUNDS);

// A login for an unknown email still runs one bcrypt comparison, against this hash, so the answer
// takes as long as for a wrong password and timing does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

/** Compares against the user's hash, or against a dummy hash of the same cost when there is no user. */
export async function verifyPassword(password: string, passwordHash: string | undefined): Promise<boolean> {
  dummyHash ??= bcrypt.hash("no such account", BCRYPT_ROUNDS);
  const matches = await bcrypt.compare(password, passwordHash ?? (await dummyHash));
  return matches && passwordHash !== undefined;
}
