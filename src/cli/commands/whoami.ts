import { print, printJson } from "../output/io.js";
import { connect, type GlobalOptions } from "../session.js";

export async function run(options: GlobalOptions & { json?: boolean }): Promise<void> {
  const user = await (await connect(options)).me();
  if (options.json) return printJson({ id: user.id, email: user.email, username: user.username });
  const { renderUser } = await import("../output/render.js");
  print(renderUser(user));
}
