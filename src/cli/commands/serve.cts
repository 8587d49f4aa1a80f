import { CliError } from "../errors.cjs";
import { notice, print } from "../output/io.cjs";
import { readSettings } from "../settings.cjs";

/** The environment of the API: a TMDB key from `watchlist config set tmdb-key` when none is exported. */
async function serverEnv(): Promise<NodeJS.ProcessEnv> {
  if (process.env.TMDB_API_KEY || process.env.TMDB_READ_TOKEN) return process.env;
  const key = (await readSettings())["tmdb-key"];
  if (!key) return process.env;
  // v4 read access tokens are JWTs; v3 API keys are 32 hex characters.
  return { ...process.env, [key.startsWith("eyJ") ? "TMDB_READ_TOKEN" : "TMDB_API_KEY"]: key };
}

export async function run(options: { port?: number; host?: string }): Promise<void> {
  const [{ startServer }, { ConfigError }, { recordLocalApi }, { foldersOpenedForAccount }] = await Promise.all([
    import("../../server.js"),
    import("../../config.js"),
    import("../../local/daemon.js"),
    import("../../local/service-account.js"),
  ]);
  // As the CLI's background API, the state file is ours to write: the CLI may be gone (Ctrl-C).
  const record = recordLocalApi();
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ port: options.port, host: options.host, env: await serverEnv() });
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
