import { print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

export async function run(options: GlobalOptions & { json?: boolean }): Promise<void> {
  const user = await (await connect(options)).me();
  if (options.json) return printJson({ id: user.id, email: user.email, username: user.username });
  const { renderUser } = await loadRenderers();
  print(renderUser(user));
}
