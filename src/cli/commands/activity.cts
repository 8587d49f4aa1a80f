import { print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

export async function run(options: GlobalOptions & { limit?: number; json?: boolean }): Promise<void> {
  const api = await connect(options);
  const entries = await withSpinner("Loading your activity", () => api.activity({ limit: options.limit }));
  if (options.json) return printJson(entries);
  const { renderActivity } = await loadRenderers();
  print(renderActivity(entries));
}
