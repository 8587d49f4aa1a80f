import { notice, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import { writeSettings } from "../settings.cjs";
import { passwordInput, textOption } from "./input.cjs";

interface Options extends GlobalOptions {
  email?: string;
  username?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

export async function run(options: Options): Promise<void> {
  const email = await textOption(options.email, "--email", "Email", options.json);
  const username = await textOption(options.username, "--username", "User name", options.json);
  const password = await passwordInput(options.passwordStdin, options.json, true);
  const api = await connect(options, { anonymous: true });
  const { user, token } = await withSpinner("Creating your account", () => api.register({ email, username, password }));
  await writeSettings({ token, user, "token-scope": api.scope });
  if (options.json) printJson(user);
  else notice(`Registered and logged in as ${user.username} <${user.email}>`);
}
