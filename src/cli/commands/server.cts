import { notice, print, printJson } from "../output/io.cjs";

export async function status(options: { json?: boolean }): Promise<void> {
  const { localApiStatus } = await import("../../local/daemon.js");
  const state = await localApiStatus();
  if (options.json) return printJson(state);
  const lines = Object.entries(state).map(([key, value]) => `${key.padEnd(10)} ${value ?? "-"}`);
  print(lines.join("\n"));
}

export async function stop(): Promise<void> {
  const { stopLocalApi } = await import("../../local/daemon.js");
  notice((await stopLocalApi()) ? "Stopped the local API (the data stays)." : "The local API is not running.");
}
