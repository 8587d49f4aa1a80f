// The `watchlist` program: every command, option and example is declared here, cheaply; a command's
// code (and the heavy modules it needs) is loaded only when that command runs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { CliError, EXIT, isPromptInterrupt, usageError } from "./errors.cjs";
import { setColorFlag } from "./terminal.cjs";
import { PRIORITY_HELP, priorityOrUsageError, RATING_HELP, ratingListOrUsageError } from "./vocabulary.cjs";

const commands = {
  account: () => require("./commands/account.cjs") as typeof import("./commands/account.cjs"),
  completion: () => require("./commands/completion.cjs") as typeof import("./commands/completion.cjs"),
  config: () => require("./commands/config.cjs") as typeof import("./commands/config.cjs"),
  export: () => require("./commands/export.cjs") as typeof import("./commands/export.cjs"),
  import: () => require("./commands/import.cjs") as typeof import("./commands/import.cjs"),
  login: () => require("./commands/login.cjs") as typeof import("./commands/login.cjs"),
  logout: () => require("./commands/logout.cjs") as typeof import("./commands/logout.cjs"),
  queue: () => require("./commands/queue.cjs") as typeof import("./commands/queue.cjs"),
  rate: () => require("./commands/rate.cjs") as typeof import("./commands/rate.cjs"),
  ratings: () => require("./commands/ratings.cjs") as typeof import("./commands/ratings.cjs"),
  recommend: () => require("./commands/recommend.cjs") as typeof import("./commands/recommend.cjs"),
  register: () => require("./commands/register.cjs") as typeof import("./commands/register.cjs"),
  search: () => require("./commands/search.cjs") as typeof import("./commands/search.cjs"),
  serve: () => require("./commands/serve.cjs") as typeof import("./commands/serve.cjs"),
  server: () => require("./commands/server.cjs") as typeof import("./commands/server.cjs"),
  show: () => require("./commands/show.cjs") as typeof import("./commands/show.cjs"),
  stats: () => require("./commands/stats.cjs") as typeof import("./commands/stats.cjs"),
  unqueue: () => require("./commands/unqueue.cjs") as typeof import("./commands/unqueue.cjs"),
  unrate: () => require("./commands/unrate.cjs") as typeof import("./commands/unrate.cjs"),
  watched: () => require("./commands/watched.cjs") as typeof import("./commands/watched.cjs"),
  whoami: () => require("./commands/whoami.cjs") as typeof import("./commands/whoami.cjs"),
};

type Loader = () => { run: (...args: never[]) => Promise<void> };

/** commander calls actions with (arguments…, options, command); commands get (arguments…, options with globals). */
function lazy(load: Loader) {
  return async (...args: unknown[]) => {
    const command = args.pop() as Command;
    args.pop();
    const { run } = load();
    await run(...(args as never[]), command.optsWithGlobals() as never);
  };
}

/** The API's own bounds, checked here so that a bad value is a usage error naming the flag. */
const positiveInteger = (name: string, max: number) => (value: string) => {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > max) throw usageError(`${name} must be an integer from 1 to ${max}, got '${value}'`);
  return number;
};

const examples = (...lines: string[]) => `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;

const jsonOption = () => new Option("--json", "print JSON (one document on stdout, nothing prompts)");
// movie-argument is required only when --year is given: start-up pays for every module it loads.
const parseYear = (value: string) => (require("./movie-argument.cjs") as typeof import("./movie-argument.cjs")).parseYear(value);
const yearOption = () => new Option("--year <year>", "the release year, to pick among same-titled movies").argParser(parseYear);

function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command("watchlist")
    .description("Rate movies, keep a watchlist and get recommendations, from the terminal.")
    .version(version(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .option("--api-url <url>", "the watchlist API to use (default: WATCHLIST_API_URL, `config get api-url`, or the local API)")
    .option("--no-color", "no colour (also NO_COLOR=1; off anyway when not a terminal)")
    .showSuggestionAfterError(true)
    .exitOverride()
    // One line per error: commander puts its "Did you mean …?" on a line of its own.
    .configureOutput({ outputError: (text, write) => write(text.replace(/\n(?=\(Did you mean)/, " ")) })
    .hook("preAction", (thisCommand) => setColorFlag(thisCommand.opts().color))
    .addHelpText(
      "after",
      examples(
        "watchlist register",
        "watchlist search dune",
        'watchlist rate "Dune (2021)" super-like',
        "watchlist queue Arrival --priority high",
        "watchlist queue --json | jq '.[].movie.title'",
        "watchlist help rate",
      ) +
        '\nMovies are given as a title, "Title (Year)", Title --year YYYY, or tmdb:ID.\n' +
        "Movie data from TMDB (themoviedb.org): this product uses the TMDB API but is not endorsed or certified by TMDB.\n",
    );

  program
    .command("register")
    .description("create an account and log in")
    .option("--email <email>", "email address")
    .option("--username <name>", "user name")
    .option("--password-stdin", "read the password from stdin (for scripts)")
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples("watchlist register", 'echo "$PW" | watchlist register --email me@example.com --username me --password-stdin'),
    )
    .action(lazy(commands.register));

  program
    .command("login")
    .description("log in; the token is kept in the config dir (file mode 0600)")
    .option("--email <email>", "email address")
    .option("--password-stdin", "read the password from stdin (for scripts)")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist login", 'echo "$PW" | watchlist login --email me@example.com --password-stdin'))
    .action(lazy(commands.login));

  program
    .command("logout")
    .description("end this session on the server and forget the saved token")
    .option("--all", "end every session of the account (other computers too)")
    .addHelpText("after", examples("watchlist logout", "watchlist logout --all"))
    .action(lazy(commands.logout));

  program
    .command("whoami")
    .description("show the account you are logged in as")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist whoami", "watchlist whoami --json"))
    .action(lazy(commands.whoami));

  program
    .command("search")
    .description("search TMDB; on a terminal, offers to rate or queue a result")
    .argument("<query...>", "words of the title")
    .addOption(yearOption())
    .option("--page <n>", "result page", positiveInteger("--page", 500))
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples("watchlist search inception", "watchlist search dune --year 2021", "watchlist search batman --page 2 --json"),
    )
    .action(lazy(commands.search));

  program
    .command("show")
    .description("details of a movie: runtime, genres, director, cast, overview, your rating or queue priority")
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID')
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist show Inception", 'watchlist show "Dune (2021)"', "watchlist show tmdb:438631 --json"))
    .action(lazy(commands.show));

  program
    .command("rate")
    .description("rate a movie (again); a queued movie leaves the queue")
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID')
    .argument("[rating]", `${RATING_HELP}; asked on a terminal when left out`)
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples(
        "watchlist rate Inception super-like",
        'watchlist rate "Dune (2021)" like',
        "watchlist rate tmdb:27205 👍",
        "watchlist rate Amélie",
      ),
    )
    .action(lazy(commands.rate));

  program
    .command("unrate")
    .description("remove your rating of a movie")
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID')
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist unrate Inception", "watchlist unrate tmdb:27205"))
    .action(lazy(commands.unrate));

  program
    .command("ratings")
    .description("list the movies you rated")
    .option("--rating <ratings>", `only these ratings, comma-separated (${RATING_HELP})`, ratingListOrUsageError)
    .addOption(new Option("--sort <order>", "order").choices(["rated", "title", "year"]).default("rated"))
    .option("--limit <n>", "at most this many", positiveInteger("--limit", 10_000))
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples("watchlist ratings", "watchlist ratings --rating like,super-like --sort year", "watchlist ratings --limit 10 --json"),
    )
    .action(lazy(commands.ratings));

  program
    .command("queue")
    .description("with a movie: add it to your watchlist or change its priority; without: list the watchlist")
    .argument("[movie]", 'title, "Title (Year)" or tmdb:ID')
    .option("--priority <priority>", `${PRIORITY_HELP} (new entries: medium)`, priorityOrUsageError)
    .addOption(new Option("--sort <order>", "order of the list (default: priority, then newest)").choices(["priority", "added", "title"]))
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples(
        "watchlist queue Arrival --priority high",
        'watchlist queue "Dune (2021)"',
        "watchlist queue",
        "watchlist queue --priority high --sort added --json",
      ),
    )
    .action(lazy(commands.queue));

  program
    .command("unqueue")
    .description("remove a movie from your watchlist")
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID')
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist unqueue Arrival"))
    .action(lazy(commands.unqueue));

  program
    .command("watched")
    .description("mark a movie watched: rates it and takes it off your watchlist, in one step")
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID')
    .argument("[rating]", `${RATING_HELP}; asked on a terminal when left out`)
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist watched Arrival like", "watchlist watched tmdb:329865 ❤️"))
    .action(lazy(commands.watched));

  program
    .command("recommend")
    .description("movies you may like, with the reason for each")
    .option("--limit <n>", "at most this many", positiveInteger("--limit", 100))
    .option("--genre <genre>", "only this genre")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist recommend", "watchlist recommend --limit 5 --json"))
    .action(lazy(commands.recommend));

  program
    .command("stats")
    .description("counts per rating, queue per priority, top genres and directors, hours watched")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist stats", "watchlist stats --json"))
    .action(lazy(commands.stats));

  program
    .command("export")
    .description("everything of your account, as JSON (default) or CSV")
    .addOption(new Option("--json", "JSON (the format `watchlist import` reads)").conflicts("csv"))
    .option("--csv", "CSV, one row per rating or watchlist entry")
    .option("-o, --output <file>", "write to this file instead of stdout")
    .addHelpText(
      "after",
      examples("watchlist export > backup.json", "watchlist export --output backup.json", "watchlist export --csv -o movies.csv"),
    )
    .action(lazy(commands.export));

  program
    .command("import")
    .description("import a file written by `watchlist export --json` (- for stdin)")
    .argument("<file>", "the export file")
    .option("--dry-run", "say what would change, change nothing")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist import backup.json --dry-run", "watchlist import backup.json"))
    .action(lazy(commands.import));

  const account = program.command("account").description("manage your account").addHelpText("after", examples("watchlist account delete"));
  account
    .command("delete")
    .description("delete your account; your ratings and watchlist go with it")
    .option("-y, --yes", "do not ask for confirmation")
    .addHelpText("after", examples("watchlist account delete", "watchlist account delete --yes"))
    .action(lazy(() => ({ run: commands.account().deleteAccount })));

  program
    .command("serve")
    .description("run the API in the foreground (applies pending migrations first)")
    .option("--port <port>", "listen port, 0 for any free one (default: PORT or 4000)", (value) => {
      if (!/^\d+$/.test(value) || Number(value) > 65535) throw usageError(`--port must be 0-65535, got '${value}'`);
      return Number(value);
    })
    .option("--host <host>", "listen address (default: HOST or 127.0.0.1)")
    .addHelpText(
      "after",
      examples("watchlist serve", "DATABASE_URL=postgresql://localhost/watchlist watchlist serve --port 8080 --host 0.0.0.0"),
    )
    .action(lazy(commands.serve));

  const server = program
    .command("server")
    .description("the local API the CLI starts on demand")
    .addHelpText("after", examples("watchlist server status", "watchlist server stop"));
  server
    .command("status")
    .description("what runs where: URL, database, data dir, pid")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist server status"))
    .action(lazy(() => ({ run: commands.server().status })));
  server
    .command("stop")
    .description("stop the local API (the data stays)")
    .addHelpText("after", examples("watchlist server stop"))
    .action(lazy(() => ({ run: commands.server().stop })));

  const config = program
    .command("config")
    .description("settings kept in the config dir")
    .addHelpText("after", examples("watchlist config get", "watchlist config set api-url http://localhost:4000"));
  config
    .command("get")
    .description("show the settings, or one of them")
    .argument("[key]", "api-url or tmdb-key")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist config get", "watchlist config get api-url"))
    .action(lazy(() => ({ run: commands.config().get })));
  config
    .command("set")
    .description("change a setting")
    .argument("<key>", "api-url or tmdb-key")
    .argument("<value>", "the new value")
    .addHelpText("after", examples("watchlist config set api-url http://localhost:4000", "watchlist config set tmdb-key 0123abcd"))
    .action(lazy(() => ({ run: commands.config().set })));
  config
    .command("unset")
    .description("remove a setting (back to the default)")
    .argument("<key>", "api-url or tmdb-key")
    .addHelpText("after", examples("watchlist config unset api-url"))
    .action(lazy(() => ({ run: commands.config().unset })));

  program
    .command("completion")
    .description("print a shell completion script")
    .argument("<shell>", "bash, zsh or fish")
    .addHelpText(
      "after",
      examples(
        "watchlist completion bash >> ~/.bashrc",
        'watchlist completion zsh > "${fpath[1]}/_watchlist"',
        "watchlist completion fish > ~/.config/fish/completions/watchlist.fish",
      ),
    )
    .action(lazy(commands.completion));

  return program;
}

/** Runs the CLI and returns the exit code; errors become one `error: …` line on stderr. */
export async function main(argv: string[] = process.argv): Promise<number> {
  // `watchlist queue | head -1`: a reader that went away is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(EXIT.ok);
    throw error;
  });
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    return exitCodeOf(error);
  }
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander already printed its message (help, version, or `error: …`); its errors are usage errors.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (isPromptInterrupt(error)) return EXIT.interrupted;
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  if (process.env.WATCHLIST_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT.failure;
}
