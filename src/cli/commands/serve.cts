import { CliError } from "../errors.cjs";
import { notice, print } from "../output/io.cjs";
import { readSettings, serverEnvironment } from "../settings.cjs";

export async function run(options: { port?: number; host?: string }): Promise<void> {
  const [{ startServer }, { ConfigError }, { recordLocalApi }, { foldersOpenedForAccount }] = await Promise.all([
    import("../../server.js"),
    import("../../config.js"),
    import("../../local/daemon.js"),
    import("../../local/service-account.js"),
  ]);
  // TMDB settings of `watchlist config` for what is not exported.
  const env = serverEnvironment(process.env, await readSettings());
  // As the CLI's background API, the state file is ours to write: the CLI may be gone (Ctrl-C).
  const record = recordLocalApi(env);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ port: options.port, host: options.host, env });
  } catch (error) {
    record.forget();
    if (error instanceof ConfigError) throw new CliError(error.message);
    const { code } = error as NodeJS.ErrnoException;
    if (code === "EADDRINUSE") throw new CliError(`the port is taken: pick another with --port (0 for any free one)`);
    throw error;
  }
  print(`listening on ${server.url}`);
  record.listening(server.url, foldersOpenedForAccount());
  const running = server;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    notice(`${signal}: stopping`);
    record.forget();
    running.close().then(
      () => process.exit(0),
      (error: Error) => {
        notice(`error: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
