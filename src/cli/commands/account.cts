import { usageError } from "../errors.cjs";
import { notice } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { askConfirm } from "../prompts.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import { readSettings, writeSettings } from "../settings.cjs";
import { canPrompt } from "../terminal.cjs";

export async function deleteAccount(options: GlobalOptions & { yes?: boolean }): Promise<void> {
  const api = await connect(options);
  const user = await api.me();
  if (!options.yes) {
    if (!canPrompt()) throw usageError("deleting an account needs --yes when not at a terminal");
    const sure = await askConfirm(
      `Delete the account ${user.username} <${user.email}> with all its ratings and watchlist? This cannot be undone.`,
    );
    if (!sure) return notice("Nothing deleted.");
  }
  await withSpinner("Deleting your account", () => api.deleteMe());
  if ((await readSettings()).token) await writeSettings({ token: undefined, user: undefined });
  notice(`Deleted the account ${user.username}; you are logged out.`);
}
