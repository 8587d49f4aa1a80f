import { notice } from "../output/io.js";
import { readSettings, writeSettings } from "../settings.js";

export async function run(): Promise<void> {
  const { token, user } = await readSettings();
  if (!token) return notice("Not logged in.");
  await writeSettings({ token: undefined, user: undefined });
  notice(user ? `Logged out ${user.username}.` : "Logged out.");
}
