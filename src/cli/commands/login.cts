import { notice, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import { writeSettings } from "../settings.cjs";
import { passwordInput, textOption } from "./input.cjs";

interface Options extends GlobalOptions {
  email?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

export async function run(options: Options): Promise<void> {
  const email = await textOption(options.email, "--email", "Email", options.json);
  const password = await passwordInput(options.passwordStdin, options.json);
  const api = await connect(options, { anonymous: true });
  const { user, token } = await withSpinner("Logging in", () => api.login({ email, password }));
  await writeSettings({ token, user, "token-scope": api.scope });
  if (options.json) printJson(user);
  else notice(`Logged in as ${user.username} <${user.email}>`);
}
