import { notice } from "../output/io.cjs";
import { readSettings, writeSettings } from "../settings.cjs";

export async function run(): Promise<void> {
  const { token, user } = await readSettings();
  if (!token) return notice("Not logged in.");
  await writeSettings({ token: undefined, user: undefined, "token-scope": undefined });
  notice(user ? `Logged out ${user.username}.` : "Logged out.");
}
