import { usageError } from "../errors.js";
import { notice } from "../output/io.js";
import { withSpinner } from "../output/spinner.js";
import { readSettings, writeSettings } from "../settings.js";
import { connect, type GlobalOptions } from "../session.js";
import { canPrompt } from "../terminal.js";

export async function deleteAccount(options: GlobalOptions & { yes?: boolean }): Promise<void> {
  const api = await connect(options);
  const user = await api.me();
  if (!options.yes) {
    if (!canPrompt()) throw usageError("deleting an account needs --yes when not at a terminal");
    const { askConfirm } = await import("../prompts.js");
    const sure = await askConfirm(`Delete the account ${user.username} <${user.email}> with all its ratings and watchlist? This cannot be undone.`);
    if (!sure) return notice("Nothing deleted.");
  }
  await withSpinner("Deleting your account", () => api.deleteMe());
  if ((await readSettings()).token) await writeSettings({ token: undefined, user: undefined });
  notice(`Deleted the account ${user.username}; you are logged out.`);
}
