import { createWriteStream, openSync, renameSync, rmSync } from "node:fs";
import { finished } from "node:stream/promises";
import { CliError, EXIT, fileErrorReason } from "../errors.cjs";
import { notice, stdoutData } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { connect, type GlobalOptions } from "../session.cjs";

interface Options extends GlobalOptions {
  json?: boolean;
  csv?: boolean;
  letterboxd?: boolean;
  output?: string;
}

type Format = "json" | "csv" | "letterboxd";

/**
 * Streams the export from the API to stdout or the file as it arrives (memory stays flat whatever
 * the size of the account). A file is written under a temporary name and renamed when complete, so
 * an interrupted export never leaves a truncated file under the name asked for.
 */
export async function run(options: Options): Promise<void> {
  const format = formatOf(options);
  const api = await connect(options);
  if (!options.output || options.output === "-") {
    // Exact bytes to a pipe; to a terminal, titles' escape sequences and bidi overrides stripped.
    const out = stdoutData(format === "json" ? "json" : "text");
    await withSpinner("Exporting", () => api.exportTo(format, out.sink));
    await out.finish();
    return;
  }
  const file = options.output;
  const partial = `${file}.partial`;
  let fd: number;
  try {
    fd = openSync(partial, "w");
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${fileErrorReason(error)}`);
  }
  // The stream owns the descriptor from here: it closes it when ended or destroyed.
  const sink = createWriteStream("", { fd });
  // Ctrl-C mid-export: no half file left behind.
  const interrupted = () => {
    rmSync(partial, { force: true });
    process.exit(EXIT.interrupted);
  };
  process.once("SIGINT", interrupted);
  try {
    const headers = await withSpinner("Exporting", () => api.exportTo(format, sink));
    sink.end();
    await finished(sink);
    renameSync(partial, file);
    notice(format === "letterboxd" ? letterboxdSummary(headers, file) : `Exported ${summary(headers)} to ${file}`);
  } catch (error) {
    sink.destroy();
    rmSync(partial, { force: true });
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot write ${file}: ${fileErrorReason(error)}`);
  } finally {
    process.removeListener("SIGINT", interrupted);
  }
}

/** JSON unless CSV is asked for, by flag or by the output file's name. */
function formatOf(options: Options): Format {
  if (options.letterboxd) return "letterboxd";
  if (options.csv || (!options.json && /\.csv$/i.test(options.output ?? ""))) return "csv";
  return "json";
}

type Headers = Record<string, string | string[] | undefined>;

const count = (headers: Headers, name: string, one: string, many: string) => {
  const n = Number(headers[`x-export-${name}`] ?? 0);
  return `${n} ${n === 1 ? one : many}`;
};

function summary(headers: Headers): string {
  return `${count(headers, "ratings", "rating", "ratings")}, ${count(headers, "watchlist", "watchlist entry", "watchlist entries")} and ${count(headers, "history", "viewing", "viewings")}`;
}

/** Letterboxd's format has no watchlist: say what the file holds, and where the queue is. */
function letterboxdSummary(headers: Headers, file: string): string {
  const wrote = `Exported ${count(headers, "ratings", "rating", "ratings")} and ${count(headers, "history", "viewing", "viewings")} to ${file} for Letterboxd's importer`;
  const queued = Number(headers["x-export-watchlist"] ?? 0);
  if (queued === 0) return wrote;
  const where = `${queued === 1 ? "is" : "are"} in export --csv or --json`;
  return `${wrote}; its format has no watchlist: the ${count(headers, "watchlist", "watchlist entry", "watchlist entries")} ${where}`;
}
