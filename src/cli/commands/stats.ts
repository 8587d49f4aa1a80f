import { print, printJson } from "../output/io.js";
import { withSpinner } from "../output/spinner.js";
import { connect, type GlobalOptions } from "../session.js";

export async function run(options: GlobalOptions & { json?: boolean }): Promise<void> {
  const stats = await withSpinner("Counting", async () => (await connect(options)).stats());
  if (options.json) return printJson(stats);
  const { renderStats } = await import("../output/render.js");
  print(renderStats(stats));
}
