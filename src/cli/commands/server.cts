import { notice, print, printJson } from "../output/io.cjs";
import type { GlobalOptions } from "../session.cjs";
import { readSettings } from "../settings.cjs";

export async function status(options: GlobalOptions & { json?: boolean }): Promise<void> {
  const { localApiStatus } = await import("../../local/daemon.js");
  const state = await localApiStatus();
  const elsewhere = options.apiUrl || process.env.WATCHLIST_API_URL || (await readSettings())["api-url"];
  if (options.json) return printJson({ ...state, cliUses: elsewhere ?? state.url ?? null });
  const line = (label: string, value: string | number | undefined) => (value === undefined ? [] : [`${label.padEnd(10)}${value}`]);
  print(
    [
      ...line("local API", state.running ? `running at ${state.url} (pid ${state.pid})` : "not running (starts on the next command)"),
      ...line("database", state.database),
      ...line("data dir", state.dataDir),
      ...line("log", state.logFile),
      ...line("note", elsewhere ? `this CLI talks to ${elsewhere}, not to the local API` : undefined),
    ].join("\n"),
  );
}

export async function stop(): Promise<void> {
  const { stopLocalApi } = await import("../../local/daemon.js");
  notice((await stopLocalApi()) ? "Stopped the local API (the data stays)." : "The local API is not running.");
}
