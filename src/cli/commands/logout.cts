import { CliError, EXIT } from "../errors.cjs";
import { notice } from "../output/io.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import { readSettings, writeSettings } from "../settings.cjs";

/**
 * Ends the session on the server (the token is revoked there; --all: every session of the account),
 * then forgets the token here. A session the server already ended still logs out; a server that
 * cannot be reached keeps the token, so that logout can be tried again.
 */
export async function run(options: GlobalOptions & { all?: boolean }): Promise<void> {
  const { token, user } = await readSettings();
  if (!token) return notice("Not logged in.");
  let ended = "";
  try {
    await (await connect(options)).logout(options.all === true);
  } catch (error) {
    // 401: the session had ended already (or the token belongs to another API): nothing to revoke.
    if (!(error instanceof CliError && error.exitCode === EXIT.auth)) throw error;
    ended = " (the session had already ended)";
  }
  await writeSettings({ token: undefined, user: undefined, "token-scope": undefined });
  const who = user ? ` ${user.username}` : "";
  notice(options.all ? `Logged out${who} everywhere: every session of the account ended.` : `Logged out${who}${ended}.`);
}
