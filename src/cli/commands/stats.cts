import { print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

export async function run(options: GlobalOptions & { json?: boolean }): Promise<void> {
  const stats = await withSpinner("Counting", async () => (await connect(options)).stats());
  if (options.json) return printJson(stats);
  const { renderStats } = await loadRenderers();
  print(renderStats(stats));
}
