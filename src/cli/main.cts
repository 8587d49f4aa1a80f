// The `watchlist` program: every command, option and example is declared here, cheaply; a command's
// code (and the heavy modules it needs) is loaded only when that command runs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { CliError, EXIT, isPromptInterrupt, usageError } from "./errors.cjs";
import { debugTrace, notice, printHelpText } from "./output/io.cjs";
import { setColorFlag, stdoutIsTerminal } from "./terminal.cjs";
import { PRIORITY_HELP, priorityOrUsageError, RATING_HELP, ratingListOrUsageError } from "./vocabulary.cjs";

const commands = {
  account: () => require("./commands/account.cjs") as typeof import("./commands/account.cjs"),
  activity: () => require("./commands/activity.cjs") as typeof import("./commands/activity.cjs"),
  completion: () => require("./commands/completion.cjs") as typeof import("./commands/completion.cjs"),
  config: () => require("./commands/config.cjs") as typeof import("./commands/config.cjs"),
  export: () => require("./commands/export.cjs") as typeof import("./commands/export.cjs"),
  friends: () => require("./commands/friends.cjs") as typeof import("./commands/friends.cjs"),
  history: () => require("./commands/history.cjs") as typeof import("./commands/history.cjs"),
  import: () => require("./commands/import.cjs") as typeof import("./commands/import.cjs"),
  lists: () => require("./commands/lists.cjs") as typeof import("./commands/lists.cjs"),
  login: () => require("./commands/login.cjs") as typeof import("./commands/login.cjs"),
  pick: () => require("./commands/pick.cjs") as typeof import("./commands/pick.cjs"),
  profile: () => require("./commands/profile.cjs") as typeof import("./commands/profile.cjs"),
  logout: () => require("./commands/logout.cjs") as typeof import("./commands/logout.cjs"),
  queue: () => require("./commands/queue.cjs") as typeof import("./commands/queue.cjs"),
  rate: () => require("./commands/rate.cjs") as typeof import("./commands/rate.cjs"),
  ratings: () => require("./commands/ratings.cjs") as typeof import("./commands/ratings.cjs"),
  recommend: () => require("./commands/recommend.cjs") as typeof import("./commands/recommend.cjs"),
  register: () => require("./commands/register.cjs") as typeof import("./commands/register.cjs"),
  review: () => require("./commands/review.cjs") as typeof import("./commands/review.cjs"),
  search: () => require("./commands/search.cjs") as typeof import("./commands/search.cjs"),
  serve: () => require("./commands/serve.cjs") as typeof import("./commands/serve.cjs"),
  server: () => require("./commands/server.cjs") as typeof import("./commands/server.cjs"),
  show: () => require("./commands/show.cjs") as typeof import("./commands/show.cjs"),
  stats: () => require("./commands/stats.cjs") as typeof import("./commands/stats.cjs"),
  suggest: () => require("./commands/suggest.cjs") as typeof import("./commands/suggest.cjs"),
  unqueue: () => require("./commands/unqueue.cjs") as typeof import("./commands/unqueue.cjs"),
  unrate: () => require("./commands/unrate.cjs") as typeof import("./commands/unrate.cjs"),
  undo: () => require("./commands/undo.cjs") as typeof import("./commands/undo.cjs"),
  watched: () => require("./commands/watched.cjs") as typeof import("./commands/watched.cjs"),
  where: () => require("./commands/where.cjs") as typeof import("./commands/where.cjs"),
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

const SETTING_NAMES = "api-url, tmdb-key or tmdb-base-url";

// The top-level help's epilogue (issue 17 item 19): what a new user otherwise finds only in docs/cli.md.
const SETTINGS_AND_EXIT_CODES = `
Settings (the environment wins over \`watchlist config set\`):
  --api-url, WATCHLIST_API_URL, config set api-url   the server to use (default: the local API, started on demand)
  TMDB_API_KEY or TMDB_READ_TOKEN, config set tmdb-key   TMDB's key, for the local API and \`watchlist serve\`
  TMDB_BASE_URL, config set tmdb-base-url   TMDB's API address (default https://api.themoviedb.org/3)
  TMDB_IMAGE_BASE_URL   where posters and logos come from (default https://image.tmdb.org/t/p/)
  WATCHLIST_REGION   your region (ISO 3166-1: GB) when your profile sets none; else your locale's, else US
  WATCHLIST_CONFIG_DIR   where the settings and your login are kept
  NO_COLOR=1   no colour

Exit codes:
  ${EXIT.ok} success   ${EXIT.failure} failure (not found, conflict, unreachable)   ${EXIT.usage} usage error   ${EXIT.auth} not logged in   ${EXIT.interrupted} interrupted
`;

const jsonOption = () => new Option("--json", "print JSON (one document on stdout, nothing prompts)");
const langOption = () => new Option("--lang <code>", "only films in this original language (ISO 639-1: en, ko, fr…)");
// The film filters of every listing a person chooses a film from (docs/where-to-watch.md).
const onOption = () =>
  new Option(
    "--on <services>",
    'only films streaming (subscription, free or with ads) on these services in your region: names or ids, comma-separated, or "mine"',
  );
const countryOption = () => new Option("--country <CC>", "only films produced in this country (ISO 3166-1: KR, GB…)");
const maxCertOption = () =>
  new Option(
    "--max-cert <cert>",
    "only films certified at most this in your region (US: G < PG < PG-13 < R < NC-17; GB: U < PG < 12A = 12 < 15 < 18)",
  );
// movie-argument is required only when --year is given: start-up pays for every module it loads.
const parseWatchDate = (value: string) => (require("./watch-date.cjs") as typeof import("./watch-date.cjs")).parseWatchDate(value);
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
    .configureOutput({
      // One line per error: commander puts its "Did you mean …?" on a line of its own.
      outputError: (text, write) => write(text.replace(/\n(?=\(Did you mean)/, " ")),
      // commander's own defaults make process.stdout, which --help does not need (printHelpText).
      writeOut: printHelpText,
      getOutHelpWidth: () => (stdoutIsTerminal() ? process.stdout.columns : 80), // 80: commander's own width off a terminal
      getOutHasColors: () => stdoutIsTerminal() && process.stdout.hasColors(),
    })
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
        "Movie data from TMDB (themoviedb.org): this product uses the TMDB API but is not endorsed or certified by TMDB.\n" +
        SETTINGS_AND_EXIT_CODES,
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
    .addOption(langOption())
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples("watchlist search inception", "watchlist search dune --year 2021", "watchlist search batman --page 2 --json"),
    )
    .action(lazy(commands.search));

  program
    .command("show")
    .description("details of a movie: runtime, genres, director, cast, overview, your rating or queue priority; your and friends' reviews")
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID')
    .option("--spoilers", "show reviews marked as spoilers instead of folding them")
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist show Inception", 'watchlist show "Dune (2021)"', "watchlist show tmdb:438631 --json"))
    .action(lazy(commands.show));

  program
    .command("where")
    .description("where to watch a movie: streaming, free, with ads, to rent or buy (data from JustWatch)")
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID')
    .addOption(yearOption())
    .option("--region <CC>", "country code (default: your profile's region, WATCHLIST_REGION, your locale's country, else US)")
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples("watchlist where Parasite", "watchlist where tmdb:496243 --region GB", "watchlist where Inception --json"),
    )
    .action(lazy(commands.where));

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
    .option("--limit <n>", "at most this many (the rest: --cursor, as said on stderr)", positiveInteger("--limit", 10_000))
    .option("--cursor <cursor>", "the page after the one that printed this cursor (with the same other options)")
    .option("--of <username>", "another member's ratings, as their visibility allows")
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples(
        "watchlist ratings",
        "watchlist ratings --rating like,super-like --sort year",
        "watchlist ratings --limit 10 --json",
        "watchlist ratings --of sam",
      ),
    )
    .action(lazy(commands.ratings));

  program
    .command("queue")
    .description("with a movie: add it to your watchlist or change its priority; without: list the watchlist")
    .argument("[movie]", 'title, "Title (Year)" or tmdb:ID')
    .option("--priority <priority>", `${PRIORITY_HELP} (new entries: medium)`, priorityOrUsageError)
    .addOption(new Option("--sort <order>", "order of the list (default: priority, then newest)").choices(["priority", "added", "title"]))
    .option("--limit <n>", "list at most this many (the rest: --cursor, as said on stderr)", positiveInteger("--limit", 10_000))
    .option("--cursor <cursor>", "the page after the one that printed this cursor (with the same other options)")
    .option("--of <username>", "list a friend's queue instead of yours (as their visibility allows)")
    .addOption(yearOption())
    .addOption(onOption())
    .addOption(langOption())
    .addOption(countryOption())
    .addOption(maxCertOption())
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples(
        "watchlist queue Arrival --priority high",
        'watchlist queue "Dune (2021)"',
        "watchlist queue",
        "watchlist queue --priority high --sort added --json",
        "watchlist queue --of sam",
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
    .description("record that you watched a movie (again: a rewatch), rate it, take it off your watchlist, in one step")
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID')
    .argument(
      "[rating]",
      `${RATING_HELP}; left out: asked on a terminal for a movie not rated yet, else the viewing alone is recorded and the rating kept`,
    )
    .option("--on <date>", "the day you watched it, YYYY-MM-DD (default: today)", parseWatchDate)
    .option("--tag <tag>", "tag this viewing (repeatable): imax, with sam…", (tag: string, tags: string[] = []) => [...tags, tag])
    .option("--rewatch", "record it even if you already recorded this film on that day (refused otherwise)")
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples(
        "watchlist watched Arrival like",
        "watchlist watched tmdb:329865 ❤️",
        "watchlist watched Arrival --on 2023-06-01",
        'watchlist watched Arrival --tag imax --tag "with sam"',
        "watchlist watched Arrival --rewatch",
      ),
    )
    .action(lazy(commands.watched));

  program
    .command("history")
    .description("the movies you watched, newest first (viewings with no known date last)")
    .option("--year <year>", "only viewings of this year", (value) => {
      if (!/^\d{4}$/.test(value)) throw usageError(`--year must be a year like 2023, got '${value}'`);
      return Number(value);
    })
    .option("--limit <n>", "at most this many (the rest: --cursor, as said on stderr)", positiveInteger("--limit", 10_000))
    .option("--cursor <cursor>", "the page after the one that printed this cursor (with the same other options)")
    .option("--of <username>", "another member's viewings, as their visibility allows")
    .option("--tag <tag>", "only viewings with this tag (regardless of case)")
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples("watchlist history", "watchlist history --year 2023", "watchlist history --limit 10 --json", "watchlist history --of sam"),
    )
    .action(lazy(commands.history));

  program
    .command("review")
    .description("review your latest viewing of a movie (no viewing yet: one is recorded today); again: replace the text")
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID')
    .argument("[text]", "the review; - reads stdin; left out on a terminal: $VISUAL/$EDITOR opens (an empty file cancels)")
    .option("--on <date>", "review the viewing of that day, YYYY-MM-DD (none: one is recorded that day)", parseWatchDate)
    .option("--spoilers", "the review gives the plot away: folded for readers unless they ask")
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples(
        'watchlist review Arrival "Language as time."',
        "watchlist review Arrival",
        "watchlist review Arrival - < review.txt",
        "watchlist review Arrival --on 2023-06-01 --spoilers",
      ),
    )
    .action(lazy(commands.review));

  program
    .command("reviews")
    .description("reviews, newest first: yours, or another member's as their visibility allows")
    .option("--of <username>", "another member's reviews")
    .option("--movie <movie>", "only of this movie")
    .option("--spoilers", "show reviews marked as spoilers instead of folding them")
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples("watchlist reviews", "watchlist reviews --of sam --spoilers", "watchlist reviews --movie Arrival --json"),
    )
    .action(lazy(() => ({ run: commands.review().list })));

  program
    .command("comment")
    .description("comment under a friend's (or your own) latest review of a movie")
    .argument("<username>", "the review's author")
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID')
    .argument("<text>", "one line, at most 1,000 characters")
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText("after", examples('watchlist comment sam Arrival "The score!"'))
    .action(lazy(() => ({ run: commands.review().comment })));

  program
    .command("uncomment")
    .description("delete a comment: yours, or any under your review (ids: reviews --json)")
    .argument("<id>", "the comment's id")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist uncomment 0b5e…"))
    .action(lazy(() => ({ run: commands.review().uncomment })));

  program
    .command("tags")
    .description("your tags, each with its number of viewings")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist tags", "watchlist tags --json"))
    .action(lazy(() => ({ run: commands.review().tags })));

  const profile = program
    .command("profile")
    .description("your profile, or another member's as their visibility allows")
    .argument("[username]", "another member")
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples("watchlist profile", "watchlist profile sam", "watchlist profile set --bio 'Films at night.' --avatar 🦊"),
    )
    .action(lazy(commands.profile));
  profile
    .command("set")
    .description("change your profile (an empty value clears a field)")
    .option("--bio <text>", "at most 500 characters")
    .option("--avatar <emoji>", "one emoji")
    .option("--favourites <movies>", 'up to four films, in order, separated by ";"')
    .option("--region <CC>", "your country, ISO 3166-1 (GB, US…)")
    .option("--services <list>", "your streaming services, names or TMDB provider ids, comma-separated (netflix,mubi)")
    .addOption(
      new Option("--visibility <who>", "who sees your ratings, history, reviews and profile").choices(["private", "friends", "server"]),
    )
    .addOption(
      new Option("--share-taste <on|off>", "whether your ratings count in others' collaborative recommendations").choices(["on", "off"]),
    )
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples(
        "watchlist profile set --bio 'Films at night.' --avatar 🦊",
        'watchlist profile set --favourites "Arrival;Heat (1995);tmdb:27205"',
        "watchlist profile set --visibility server --share-taste off",
      ),
    )
    .action(lazy(() => ({ run: commands.profile().set })));

  program
    .command("recommend")
    .description("movies you may like, with the reason for each")
    .option("--limit <n>", "at most this many", positiveInteger("--limit", 100))
    .option("--genre <genre>", "only this genre")
    .addOption(jsonOption())
    .addOption(onOption())
    .addOption(langOption())
    .addOption(countryOption())
    .addOption(maxCertOption())
    .addHelpText("after", examples("watchlist recommend", "watchlist recommend --limit 5 --json"))
    .action(lazy(commands.recommend));

  const friends = program
    .command("friends")
    .description("friends by mutual consent: list them, add / remove one, block / unblock a member")
    .option("--limit <n>", "at most this many (the rest: --cursor, as said on stderr)", positiveInteger("--limit", 1_000))
    .option("--cursor <cursor>", "the page after the one that printed this cursor")
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples(
        "watchlist friends",
        "watchlist friends add sam",
        "watchlist friends remove sam",
        "watchlist friends block pest",
        "watchlist friends --json",
      ),
    )
    .action(lazy(commands.friends));
  friends
    .command("add")
    .description("send a friend request, or accept the one this user sent you")
    .argument("<username>", "their user name")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist friends add sam"))
    .action(lazy(() => ({ run: commands.friends().add })));
  friends
    .command("remove")
    .description("remove a friend, withdraw your request or decline theirs; sharing ends at once")
    .argument("<username>", "their user name")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist friends remove sam"))
    .action(lazy(() => ({ run: commands.friends().remove })));
  friends
    .command("block")
    .description("block a member: ends any friendship or request with them; their requests and suggestions never reach you")
    .argument("<username>", "their user name")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist friends block pest"))
    .action(lazy(() => ({ run: commands.friends().block })));
  friends
    .command("unblock")
    .description("unblock a member: they may send you a friend request again")
    .argument("<username>", "their user name")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist friends unblock pest"))
    .action(lazy(() => ({ run: commands.friends().unblock })));

  program
    .command("pick")
    .description("films for you and friends tonight: queued ones first, then what fits everyone, with why for each of you")
    .requiredOption("--with <usernames>", "friends watching with you, comma-separated", (value: string) => {
      const names = value
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean);
      if (!names.length) throw usageError("--with needs at least one friend's user name");
      return names;
    })
    .option("--limit <n>", "at most this many", positiveInteger("--limit", 50))
    .option("--max-runtime <minutes>", "only films at most this long", positiveInteger("--max-runtime", 1000))
    .option("--genre <genre>", "only this genre")
    .option("--from <list>", "pick among this list's films only (a list every one of you can see)")
    .addOption(onOption())
    .addOption(langOption())
    .addOption(countryOption())
    .addOption(maxCertOption())
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples(
        "watchlist pick --with sam",
        "watchlist pick --with sam,tia --max-runtime 120 --genre comedy",
        'watchlist pick --with sam --from "Halloween night"',
      ),
    )
    .action(lazy(commands.pick));

  program
    .command("lists")
    .description("your lists and the lists shared with you")
    .option("--of <username>", "a member's lists that you may see")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist lists", "watchlist lists --of sam --json"))
    .action(lazy(commands.lists));

  const LIST_ARGUMENT = "a list name (yours first, then one shared with you) or USER/NAME";
  const visibilityOption = () =>
    new Option("--visibility <who>", "who else sees it: private (you and those you share it with), friends, server (every member)").choices(
      ["private", "friends", "server"],
    );
  const list = program
    .command("list")
    .description("a list of films: create, show, add, remove, move, edit, delete, share, export")
    .addHelpText(
      "after",
      examples(
        'watchlist list create "Halloween night" --visibility friends',
        'watchlist list add "Halloween night" "The Thing (1982)" --note "the 1982 one"',
        'watchlist list show "Halloween night"',
        "watchlist list share Halloween --with sam --can edit",
      ),
    );
  list
    .command("create")
    .description("a new list (names are unique per owner, whatever their case)")
    .argument("<name>", "its name")
    .option("--description <text>", "what the list is about")
    .option("--ranked", "a ranking: films in the order you give (default: unranked, newest first)")
    .addOption(visibilityOption())
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples('watchlist list create "Best of 2024" --ranked', 'watchlist list create "For the kids" --visibility friends'),
    )
    .action(lazy(() => ({ run: commands.lists().create })));
  list
    .command("show")
    .description("the list's films in order (ranked: by position; unranked: newest first)")
    .argument("<list>", LIST_ARGUMENT)
    .addOption(onOption())
    .addOption(langOption())
    .addOption(countryOption())
    .addOption(maxCertOption())
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples(
        'watchlist list show "Best of 2024"',
        "watchlist list show sam/Halloween --json",
        'watchlist list show "For the kids" --on mine --max-cert PG',
      ),
    )
    .action(lazy(() => ({ run: commands.lists().show })));
  list
    .command("add")
    .description("put a film in a list (again: updates its note, and its place with --at)")
    .argument("<list>", LIST_ARGUMENT)
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID')
    .option("--note <text>", "a note (one line, at most 1,000 characters)")
    .option("--at <n>", "its position (ranked lists; default: last)", positiveInteger("--at", 1_000_000))
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText(
      "after",
      examples('watchlist list add "Best of 2024" Anora --at 1', 'watchlist list add Halloween tmdb:1091 --note "the 1982 one"'),
    )
    .action(lazy(() => ({ run: commands.lists().add })));
  list
    .command("remove")
    .description("take a film out of a list")
    .argument("<list>", LIST_ARGUMENT)
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID, among the list\'s films')
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText("after", examples('watchlist list remove Halloween "The Thing"'))
    .action(lazy(() => ({ run: commands.lists().remove })));
  list
    .command("move")
    .description("move a film of a ranked list to another position (the others shift)")
    .argument("<list>", LIST_ARGUMENT)
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID, among the list\'s films')
    .requiredOption("--to <n>", "the new position", positiveInteger("--to", 1_000_000))
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText("after", examples('watchlist list move "Best of 2024" Anora --to 1'))
    .action(lazy(() => ({ run: commands.lists().move })));
  list
    .command("edit")
    .description("rename a list or change its description, ranking or visibility (owner only)")
    .argument("<list>", LIST_ARGUMENT)
    .option("--name <name>", "the new name")
    .option("--description <text>", "the new description")
    .addOption(new Option("--ranked", "make it a ranking (positions in the current order)").conflicts("unranked"))
    .addOption(new Option("--unranked", "no positions: newest first").implies({ ranked: false }))
    .addOption(visibilityOption())
    .addOption(jsonOption())
    .addHelpText("after", examples('watchlist list edit Halloween --name "Halloween night" --visibility server'))
    .action(lazy(() => ({ run: commands.lists().edit })));
  list
    .command("delete")
    .description("delete a list with its films (owner only; `watchlist undo` brings it back)")
    .argument("<list>", LIST_ARGUMENT)
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist list delete Halloween"))
    .action(lazy(() => ({ run: commands.lists().del })));
  list
    .command("share")
    .description("share a list with a friend, to view it or to edit its films (owner only)")
    .argument("<list>", LIST_ARGUMENT)
    .requiredOption("--with <username>", "the friend")
    .addOption(new Option("--can <what>", "view, or edit: add, remove and move films").choices(["view", "edit"]).default("view"))
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist list share Halloween --with sam --can edit"))
    .action(lazy(() => ({ run: commands.lists().share })));
  list
    .command("unshare")
    .description("stop sharing a list with a member (owner only)")
    .argument("<list>", LIST_ARGUMENT)
    .requiredOption("--with <username>", "the member")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist list unshare Halloween --with sam"))
    .action(lazy(() => ({ run: commands.lists().unshare })));
  list
    .command("export")
    .description("a list as JSON (default), CSV, or a CSV for Letterboxd's list importer")
    .argument("<list>", LIST_ARGUMENT)
    .addOption(new Option("--json", "list show --json's document").conflicts(["csv", "letterboxd"]))
    .addOption(new Option("--csv", "position, tmdbId, imdbId, title, year, note, addedBy, addedAt").conflicts("letterboxd"))
    .option("--letterboxd", "Position, tmdbID, imdbID, Title, Year, Review (the note): letterboxd.com/list/new/ → Import")
    .option("-o, --output <file>", "write to this file instead of stdout (a .csv name means --csv)")
    .addHelpText(
      "after",
      examples("watchlist list export Halloween --letterboxd -o halloween.csv", "watchlist list export sam/Halloween --json"),
    )
    .action(lazy(() => ({ run: commands.lists().exportList })));

  program
    .command("suggest")
    .description("suggest a film to a friend (it shows in their inbox and recommendations)")
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID')
    .requiredOption("--to <username>", "the friend")
    .option("--note <text>", "a short note (one line, at most 280 characters)")
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText("after", examples('watchlist suggest Arrival --to sam --note "bring tissues"', "watchlist suggest tmdb:329865 --to sam"))
    .action(lazy(commands.suggest));

  const inbox = program
    .command("inbox")
    .description("films friends suggested to you, newest first")
    .option("--limit <n>", "at most this many (the rest: --cursor, as said on stderr)", positiveInteger("--limit", 1000))
    .option("--cursor <cursor>", "the page after the one that printed this cursor (with the same other options)")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist inbox", "watchlist inbox --json", "watchlist inbox dismiss Prisoners --from sam"))
    .action(lazy(() => ({ run: commands.suggest().inbox })));
  inbox
    .command("dismiss")
    .description("take a suggestion out of your inbox; it stops raising the film in recommend (without --from: every friend's)")
    .argument("<movie>", 'title, "Title (Year)" or tmdb:ID, as in your inbox')
    .option("--from <username>", "only this friend's suggestion")
    .addOption(yearOption())
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist inbox dismiss Prisoners --from sam", "watchlist inbox dismiss tmdb:146233"))
    .action(lazy(() => ({ run: commands.suggest().dismiss })));

  program
    .command("stats")
    .description("counts per rating, queue per priority, top genres and directors, hours watched")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist stats", "watchlist stats --json"))
    .action(lazy(commands.stats));

  program
    .command("activity")
    .description("what you changed, newest first, with what each change did (what undo puts back)")
    .option("--limit <n>", "at most this many (default 50; the rest: --cursor, as said on stderr)", positiveInteger("--limit", 1_000))
    .option("--cursor <cursor>", "the page after the one that printed this cursor")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist activity", "watchlist activity --limit 5 --json"))
    .action(lazy(commands.activity));

  program
    .command("undo")
    .description("undo your last change not yet undone (an import as a whole), in one step")
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist undo", "watchlist activity && watchlist undo"))
    .action(lazy(commands.undo));

  program
    .command("export")
    .description("everything of your account: ratings, watchlist and viewing history, as JSON (default), CSV or a Letterboxd import file")
    .addOption(new Option("--json", "JSON, version 3 (the format `watchlist import` reads)").conflicts(["csv", "letterboxd"]))
    .addOption(
      new Option(
        "--csv",
        "one CSV: a row per rating, watchlist entry and viewing, its `list` column saying which (ratings, watchlist, history)",
      ).conflicts("letterboxd"),
    )
    .option(
      "--letterboxd",
      "a CSV for Letterboxd's importer (letterboxd.com/import): a row per viewing, and per rated film never viewed; ratings as stars (dislike 1.5, ok 3, like 4, super-like 5); no watchlist",
    )
    .option("-o, --output <file>", "write to this file instead of stdout (a .csv name means --csv)")
    .addHelpText(
      "after",
      examples(
        "watchlist export > backup.json",
        "watchlist export --output backup.json",
        "watchlist export --csv -o movies.csv",
        "watchlist export --letterboxd -o letterboxd.csv",
      ),
    )
    .action(lazy(commands.export));

  program
    .command("import")
    .description("import a Letterboxd export (.zip or its CSVs), IMDb ratings or a list, or a `watchlist export --json` file (- for stdin)")
    .argument("<file>", "the file (its format is read from its content)")
    .option("--dry-run", "say what would change, change nothing")
    .option("--priority <priority>", `${PRIORITY_HELP} for imported watchlist entries (default: medium)`, priorityOrUsageError)
    .option("--queue", "an IMDb list goes on your watchlist (default: a list named after the file, unless its name says watchlist)")
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `${examples(
        "watchlist import letterboxd-me-2024-05-01-utc.zip --dry-run",
        "watchlist import ratings.csv",
        "watchlist import watchlist.csv --priority low",
        "watchlist import backup.json --json",
      )}\nWhat cannot be matched is written to a CSV named on stderr: fill in tmdbID or imdbID there and import that file.\n`,
    )
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
    .argument("[key]", SETTING_NAMES)
    .addOption(jsonOption())
    .addHelpText("after", examples("watchlist config get", "watchlist config get api-url"))
    .action(lazy(() => ({ run: commands.config().get })));
  config
    .command("set")
    .description("change a setting")
    .argument("<key>", SETTING_NAMES)
    .argument("<value>", "the new value")
    .addHelpText(
      "after",
      examples(
        "watchlist config set api-url http://localhost:4000",
        "watchlist config set tmdb-key 0123abcd",
        "watchlist config set tmdb-base-url http://tmdb-mirror.example/3",
      ),
    )
    .action(lazy(() => ({ run: commands.config().set })));
  config
    .command("unset")
    .description("remove a setting (back to the default)")
    .argument("<key>", SETTING_NAMES)
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

  // Our own `help [command...]`: commander's prints the general help for an unknown name, exit 2, without saying why.
  program.helpCommand(false);
  program
    .command("help")
    .description("show help for a command")
    .argument("[command...]", "a command, e.g. rate or config set")
    .action((path: string[]) => showHelp(program, path));

  return program;
}

function showHelp(program: Command, path: string[]): void {
  let command: Command = program;
  for (const [depth, name] of path.entries()) {
    const next = command.commands.find((child) => child.name() === name);
    if (!next) {
      const unknown = path.slice(0, depth + 1).join(" ");
      command.error(`error: unknown command '${unknown}'`, { exitCode: EXIT.usage, code: "commander.unknownCommand" });
    }
    command = next;
  }
  command.help();
}

/** Runs the CLI and returns the exit code; errors become one `error: …` line on stderr. */
export async function main(argv: string[] = process.argv): Promise<number> {
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
    notice(`error: ${error.message}`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  notice(`error: ${message}`);
  if (process.env.WATCHLIST_DEBUG && error instanceof Error) debugTrace(error.stack ?? message);
  return EXIT.failure;
}
