import { ApiRequestError } from "../api-client.cjs";
import { CliError } from "../errors.cjs";
import { notice, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

export async function run(options: GlobalOptions & { json?: boolean }): Promise<void> {
  const api = await connect(options);
  let answer: Awaited<ReturnType<typeof api.undo>>;
  try {
    answer = await withSpinner("Undoing your last change", () => api.undo());
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 404) throw new CliError("nothing to undo");
    throw error;
  }
  if (options.json) return printJson(answer);
  const { renderUndo } = await loadRenderers();
  notice(renderUndo(answer));
}
