import { readFileSync } from "node:fs";
import { CliError, fileErrorReason, usageError } from "../errors.cjs";
import { print, printJson } from "../output/io.cjs";
import { loadRenderers } from "../output/load.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

export async function run(file: string, options: GlobalOptions & { dryRun?: boolean; json?: boolean }): Promise<void> {
  const doc = readDocument(file);
  const api = await connect(options);
  const report = await withSpinner(options.dryRun ? "Checking the import" : "Importing", () =>
    api.importAccount(doc, Boolean(options.dryRun)),
  );
  if (options.json) return printJson(report);
  const { renderImportReport } = await loadRenderers();
  print(renderImportReport(report));
}

function readDocument(file: string): unknown {
  if (!file.trim()) throw usageError("the file is empty: give the path of a file written by `watchlist export --json`, or - for stdin");
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${fileErrorReason(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw usageError(`${file} is not JSON: import reads files written by \`watchlist export --json\``);
  }
}
