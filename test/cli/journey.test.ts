// The whole journey through the real binary, spawned against a real API process, a real PostgreSQL
// database and the fake TMDB. stdin is a pipe: nothing may prompt and nothing may be coloured.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fakeMovies } from "../fake-tmdb/index.js";
import { type ApiProcess, startApiProcess } from "./helpers/api.js";
import { type CliResult, cliUser } from "./helpers/cli.js";

const ANSI = /\u001b\[/;
const PASSWORD = "correct horse battery staple";

let api: ApiProcess;
let alice: ReturnType<typeof cliUser>;

beforeAll(async () => {
  api = await startApiProcess();
  alice = cliUser(api.url);
}, 120_000);

/** Every run of the journey: plain text only (no TTY), and the exit code expected. */
async function ok(args: string[], options: { input?: string } = {}): Promise<CliResult> {
  const result = await alice.run(args, options);
  expect(result.code, `watchlist ${args.join(" ")}\n${result.stderr}`).toBe(0);
  expect(result.stdout).not.toMatch(ANSI);
  expect(result.stderr).not.toMatch(ANSI);
  return result;
}

const movieShape = {
  tmdbId: expect.any(Number),
  title: expect.any(String),
  year: expect.toBeOneOf([expect.any(Number), null]),
  releaseDate: expect.toBeOneOf([expect.any(String), null]),
  overview: expect.toBeOneOf([expect.any(String), null]),
  posterPath: expect.toBeOneOf([expect.any(String), null]),
  genres: expect.any(Array),
};

describe("the journey", { timeout: 60_000 }, () => {
  it("registers (password on stdin) and keeps the token in a 0600 file", async () => {
    const result = await ok(["register", "--email", "alice@example.com", "--username", "alice", "--password-stdin"], {
      input: `${PASSWORD}\n`,
    });
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Registered and logged in as alice");
    const file = join(alice.configDir, "config.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8")).token).toMatch(/^ey/);
  });

  it("whoami --json shows the account, never a password hash", async () => {
    const user = (await ok(["whoami", "--json"])).json();
    expect(user).toEqual({ id: expect.any(String), email: "alice@example.com", username: "alice" });
    expect((await ok(["whoami"])).stdout).toBe("alice <alice@example.com>\n");
  });

  it("search --json: one JSON document, each movie marked with my rating and queue state", async () => {
    const results = (await ok(["search", "dune", "--json"])).json<any[]>();
    expect(results.map((movie) => movie.tmdbId)).toEqual(expect.arrayContaining([438631, 693134, 841]));
    for (const movie of results) expect(movie).toMatchObject({ ...movieShape, myRating: null, queued: null });
    expect(results.find((movie) => movie.tmdbId === 438631)).toMatchObject({ title: "Dune", year: 2021, releaseDate: "2021-09-15" });
  });

  it("search as a table when piped: data on stdout, no prompt, no colour", async () => {
    const result = await ok(["search", "inception"]);
    expect(result.stdout).toMatch(/27205.*Inception.*2010/);
    expect(result.stdout).not.toMatch(/Rate or queue/);
  });

  it("rates by title and says what changed", async () => {
    const result = await ok(["rate", "Inception", "like"]);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Rated Inception (2010) 👍 Like");
  });

  it('rates by "Title (Year)", picking the right one of two same-titled movies', async () => {
    const entry = (await ok(["rate", "Dune (2021)", "super-like", "--json"])).json();
    expect(entry).toMatchObject({ movie: { tmdbId: 438631, title: "Dune", year: 2021 }, rating: "SUPER_LIKE", watched: true });
    const other = (await ok(["rate", "Dune", "--year", "1984", "ok", "--json"])).json();
    expect(other.movie.tmdbId).toBe(841);
  });

  it("rates by tmdb:ID and by emoji, enum name or weight", async () => {
    expect((await ok(["rate", "tmdb:603", "❤️", "--json"])).json()).toMatchObject({
      movie: { tmdbId: 603, title: "The Matrix" },
      rating: "SUPER_LIKE",
    });
    expect((await ok(["rate", "tmdb:550", "👎", "--json"])).json().rating).toBe("DISLIKE");
    expect((await ok(["rate", "tmdb:550", "-1", "--json"])).json().rating).toBe("DISLIKE");
    expect((await ok(["rate", "tmdb:550", "OK", "--json"])).json().rating).toBe("OK");
  });

  it("finds accented and non-Latin titles", async () => {
    expect((await ok(["rate", "Amelie", "like", "--json"])).json().movie).toMatchObject({ tmdbId: fakeMovies.amelie.id, title: "Amélie" });
    expect((await ok(["rate", "千と千尋の神隠し", "👍", "--json"])).json().movie).toMatchObject({ tmdbId: 129, title: "Spirited Away" });
  });

  it("with two well-known films of that title and no TTY, guesses neither: exit 2 naming both (contract, Resolution)", async () => {
    const result = await alice.run(["show", "Dune", "--json"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("name one with --year or tmdb:ID");
    expect(result.stderr).toContain("  tmdb:438631  Dune (2021)\n");
    expect(result.stderr).toContain("  tmdb:841  Dune (1984)\n");
    expect((await ok(["show", "Dune", "--year", "2021", "--json"])).json()).toMatchObject({ tmdbId: 438631, myRating: "SUPER_LIKE" });
  });

  it("show: details as text", async () => {
    const text = (await ok(["show", "tmdb:27205"])).stdout;
    for (const part of ["Inception (2010)", "148 min", "Christopher Nolan", "Leonardo DiCaprio", "👍 Like"]) expect(text).toContain(part);
  });

  it("queues with priorities; a rated movie is refused", async () => {
    expect((await ok(["queue", "Arrival", "--priority", "high"])).stderr).toContain("Queued Arrival (2016) (high priority)");
    await ok(["queue", "Blade Runner 2049", "--priority", "low"]);
    await ok(["queue", "Sicario"]);
    await ok(["queue", "tmdb:146233", "--priority", "HIGH"]);
    const moved = await ok(["queue", "Sicario", "--priority", "low"]);
    expect(moved.stderr).toContain("Moved Sicario (2015) to low priority (was medium)");
    const refused = await alice.run(["queue", "Inception"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: Inception \(2010\) is already rated 👍 Like; a rated movie is not queued/);
  });

  it("lists the queue: HIGH→LOW then newest first, filtered and ordered on request", async () => {
    const queue = (await ok(["queue", "--json"])).json<any[]>();
    expect(queue.map((entry) => [entry.movie.title, entry.priority])).toEqual([
      ["Prisoners", "HIGH"],
      ["Arrival", "HIGH"],
      ["Sicario", "LOW"],
      ["Blade Runner 2049", "LOW"],
    ]);
    for (const entry of queue) {
      expect(entry).toEqual({ movie: expect.objectContaining(movieShape), priority: expect.any(String), addedAt: expect.any(String) });
      expect(new Date(entry.addedAt).toISOString()).toBe(entry.addedAt);
    }
    expect((await ok(["queue", "--priority", "high", "--json"])).json<any[]>().map((e) => e.movie.title)).toEqual(["Prisoners", "Arrival"]);
    expect((await ok(["queue", "--sort", "title", "--json"])).json<any[]>().map((e) => e.movie.title)).toEqual([
      "Arrival",
      "Blade Runner 2049",
      "Prisoners",
      "Sicario",
    ]);
    // Piped: a header line and tab-separated rows, so `watchlist queue | cut -f2` gives the titles.
    const lines = (await ok(["queue"])).stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("id\ttitle\tyear\tpriority\tadded");
    expect(lines.slice(1).map((line) => line.split("\t")[1])).toEqual(["Prisoners", "Arrival", "Sicario", "Blade Runner 2049"]);
    expect(lines[1]).toMatch(/^146233\tPrisoners\t2013\thigh\t\d{4}-\d{2}-\d{2}$/);
  });

  it("rating a queued movie takes it off the queue, and says so", async () => {
    const result = await ok(["rate", "Sicario", "like"]);
    expect(result.stderr).toContain("Rated Sicario (2015) 👍 Like — removed from your queue");
  });

  it("watched: rated and off the queue in one step", async () => {
    const entry = (await ok(["watched", "Arrival", "super-like", "--json"])).json();
    expect(entry).toMatchObject({ movie: { tmdbId: 329865 }, rating: "SUPER_LIKE", watched: true, removedFromQueue: true });
    expect((await ok(["queue", "--json"])).json<any[]>().map((e) => e.movie.title)).toEqual(["Prisoners", "Blade Runner 2049"]);
  });

  it("unqueue and unrate", async () => {
    expect((await ok(["unqueue", "Prisoners"])).stderr).toContain("Removed Prisoners (2013) from your queue");
    const again = await alice.run(["unqueue", "Prisoners"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe("error: Prisoners (2013) is not in your queue\n");
    await ok(["rate", "Memento", "ok"]);
    expect((await ok(["unrate", "Memento"])).stderr).toContain("Removed your rating of Memento (2000)");
  });

  it("ratings --json: every field, filtered and ordered", async () => {
    const all = (await ok(["ratings", "--json"])).json<any[]>();
    expect(all).toHaveLength(9);
    for (const entry of all) {
      expect(entry).toEqual({
        movie: expect.objectContaining(movieShape),
        rating: expect.stringMatching(/^(DISLIKE|OK|LIKE|SUPER_LIKE)$/),
        watched: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    }
    const liked = (await ok(["ratings", "--rating", "like,super-like", "--sort", "title", "--json"])).json<any[]>();
    expect(liked.map((entry) => entry.movie.title)).toEqual([
      "Amélie",
      "Arrival",
      "Dune",
      "Inception",
      "Sicario",
      "Spirited Away",
      "The Matrix",
    ]);
    expect((await ok(["ratings", "--limit", "2", "--json"])).json<any[]>()).toHaveLength(2);
  });

  it("stats --json: all four ratings and three priorities, zeros included", async () => {
    const stats = (await ok(["stats", "--json"])).json();
    expect(stats.ratings).toEqual({ DISLIKE: 0, OK: 2, LIKE: 4, SUPER_LIKE: 3 });
    expect(stats.queue).toEqual({ LOW: 1, MEDIUM: 0, HIGH: 0 });
    const text = (await ok(["stats"])).stdout;
    expect(text).toContain("❤️ Super like");
  });

  it("export --json, --output and --csv", async () => {
    const doc = (await ok(["export", "--json"])).json();
    expect(doc).toMatchObject({ version: 3, user: { username: "alice", email: "alice@example.com" } });
    expect(doc.ratings).toHaveLength(9);
    expect(doc.ratings[0]).toEqual({
      tmdbId: expect.any(Number),
      title: expect.any(String),
      year: expect.any(Number),
      rating: expect.any(String),
      watched: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(doc.watchlist).toEqual([
      { tmdbId: 335984, title: "Blade Runner 2049", year: 2017, priority: "LOW", addedAt: expect.any(String) },
    ]);
    // Piped without a format flag: JSON.
    expect((await ok(["export"])).json().version).toBe(3);

    const file = join(alice.configDir, "backup.json");
    expect((await ok(["export", "--output", file])).stderr).toContain("Exported 9 ratings, 1 watchlist entry and 1 viewing");
    expect(JSON.parse(readFileSync(file, "utf8")).ratings).toHaveLength(9);

    const csv = (await ok(["export", "--csv"])).stdout.trim().split("\n");
    expect(csv[0]).toBe("list,tmdbId,imdbId,title,year,rating,watched,priority,watchedOn,rewatch,createdAt,updatedAt,addedAt");
    expect(csv).toHaveLength(12);
    expect(csv.some((line) => line.startsWith("watchlist,335984,,Blade Runner 2049,2017,,,LOW"))).toBe(true);
  });

  it("import into another account: dry run, then a round trip that loses nothing", async () => {
    const file = join(alice.configDir, "backup.json");
    const bob = cliUser(api.url);
    const run = async (args: string[], input?: string) => {
      const result = await bob.run(args, { input });
      expect(result.code, result.stderr).toBe(0);
      return result;
    };
    await run(["register", "--email", "bob@example.com", "--username", "bob", "--password-stdin"], PASSWORD);
    const dry = (await run(["import", file, "--dry-run", "--json"])).json();
    expect(dry).toMatchObject({ dryRun: true, ratings: { added: 9, updated: 0, unchanged: 0 }, watchlist: { added: 1 } });
    expect((await run(["ratings", "--json"])).json()).toEqual([]);

    expect((await run(["import", file])).stdout).toContain("ratings: 9 added, 0 updated, 0 unchanged");
    const original = JSON.parse(readFileSync(file, "utf8"));
    const copy = (await run(["export", "--json"])).json();
    expect(copy.ratings).toEqual(original.ratings);
    expect(copy.watchlist).toEqual(original.watchlist);

    const again = (await run(["import", "-", "--json"], readFileSync(file, "utf8"))).json();
    expect(again.ratings).toEqual({ added: 0, updated: 0, unchanged: 9 });
  });

  it("recommend --json gives movies with a score and reasons", async () => {
    const result = await alice.run(["recommend", "--limit", "3", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const recommendations = result.json<any[]>();
    // Alice liked seven films whose TMDB lists name many others: there are recommendations, --limit keeps three.
    expect(recommendations).toHaveLength(3);
    const rated = new Set((await ok(["ratings", "--json"])).json<any[]>().map((entry) => entry.movie.tmdbId));
    for (const item of recommendations) {
      expect(item).toMatchObject({ movie: expect.objectContaining(movieShape), score: expect.any(Number) });
      expect(rated.has(item.movie.tmdbId)).toBe(false);
      expect(item.reasons.length).toBeGreaterThan(0);
      for (const reason of item.reasons) expect(reason).toMatch(/\w/);
    }
  });
});

describe("exit codes and errors: one line on stderr, never a stack", { timeout: 60_000 }, () => {
  const failing = async (args: string[], code: number, message: RegExp, options: { input?: string; env?: Record<string, string> } = {}) => {
    const result = await alice.run(args, options);
    expect(result.code, `watchlist ${args.join(" ")}: ${result.stderr}`).toBe(code);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    return result;
  };

  it("2: usage errors name what is wrong", async () => {
    await failing(["rate", "Inception", "meh"], 2, /'meh' is not a rating/);
    await failing(["queue", "Arrival", "--priority", "urgent"], 2, /'urgent' is not a priority/);
    await failing(["frobnicate"], 2, /unknown command 'frobnicate'/);
    const helpNosuch = await failing(["help", "nosuch"], 2, /^error: unknown command 'nosuch'$/m);
    expect(helpNosuch.stdout).toBe("");
    await failing(["ratings", "--bogus"], 2, /unknown option '--bogus'/);
    await failing(["ratings", "--sort", "popularity"], 2, /--sort/);
    await failing(["rate"], 2, /missing required argument 'movie'/);
    await failing(["search", "dune", "--year", "next"], 2, /not a year/);
    await failing(["ratings", "--limit", "0"], 2, /--limit must be an integer from 1 to 10000/);
    await failing(["ratings", "--limit", "99999999999999999999"], 2, /--limit must be an integer from 1 to 10000/);
    await failing(["recommend", "--limit", "101"], 2, /--limit must be an integer from 1 to 100,/);
    await failing(["search", "dune", "--page", "501"], 2, /--page must be an integer from 1 to 500/);
    await failing(["search", "   "], 2, /the search text is empty/);
    await failing(["search", "?!"], 2, /nothing to search for in '\?!': give a word of the title/);
    await failing(["show", "tmdb:abc"], 2, /'tmdb:abc' is not a TMDB id/);
    await failing(["import", ""], 2, /the file is empty/);
    const notJson = join(alice.configDir, "not-json.txt");
    writeFileSync(notJson, "film,score\nInception,like\n");
    await failing(["import", notJson], 2, /not-json\.txt is not a file import reads: it reads a Letterboxd export/);
    const otherVersion = join(alice.configDir, "v4.json");
    writeFileSync(otherVersion, JSON.stringify({ version: 4, ratings: [] }));
    await failing(["import", otherVersion], 2, /version 4 of the watchlist export is not one this watchlist reads \(1, 2 or 3\)/);
    await failing(["recommend", "--genre", "westerns-on-mars"], 2, /unknown genre/);
    await failing(["config", "set", "tmdb-key", ""], 2, /empty/);
  });

  it("1: files that cannot be read or written are named with the reason in words", async () => {
    await failing(["import", "/nonexistent/backup.json"], 1, /cannot read \/nonexistent\/backup\.json: no such file or directory/);
    await failing(
      ["export", "--output", "/nonexistent/dir/x.json"],
      1,
      /cannot write \/nonexistent\/dir\/x\.json: no such file or directory/,
    );
    await failing(["config", "get", "api-url"], 1, /api-url is not set/);
  });

  it("1: a title TMDB cannot confirm is not guessed from the few movies cached here", async () => {
    api.fakeTmdb.setDown(true);
    try {
      // The cache knows "Blade Runner 2049" (rated or searched earlier), not "Blade Runner".
      await failing(["rate", "Blade Runner", "like"], 1, /TMDB is unreachable and no movie known here is titled 'Blade Runner'/);
    } finally {
      api.fakeTmdb.setDown(false);
    }
  });

  it("1: search with TMDB down and nothing cached matching is a failure, not 'no match'; cached matches are 0 with a notice", async () => {
    api.fakeTmdb.setDown(true);
    try {
      for (const json of [[], ["--json"]]) {
        const result = await failing(["search", "zzyzx", ...json], 1, /TMDB is unreachable and no movie known here matches 'zzyzx'/);
        expect(result.stdout).toBe("");
      }
      const cached = await ok(["search", "inception", "--json"]);
      expect(cached.json<any[]>().map((movie) => movie.tmdbId)).toContain(27205);
      expect(cached.stderr).toContain("TMDB is unreachable: these results come from the movies already known here.");
    } finally {
      api.fakeTmdb.setDown(false);
    }
  });

  it("1: an answer that is not JSON is not taken for success", async () => {
    const server = createServer((_, response) => response.writeHead(200, { "content-type": "text/html" }).end("<html>hello</html>"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await failing(["ratings", "--json"], 1, /did not answer JSON for GET \/ratings: is it a watchlist API\?/, {
        env: { WATCHLIST_API_URL: url },
      });
    } finally {
      server.close();
    }
  });

  it("4: the saved token goes only to the API that issued it", async () => {
    const seen: Array<string | undefined> = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { code: "unauthorized", message: "missing bearer token" } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await failing(["whoami"], 4, /not logged in to http:\/\/127\.0\.0\.1:\d+/, { env: { WATCHLIST_API_URL: url } });
      expect(seen).toEqual([undefined]);
    } finally {
      server.close();
    }
  });

  it("2: without a TTY nothing prompts; the missing input is named", async () => {
    await failing(["rate", "Inception"], 2, /missing rating/);
    await failing(["login"], 2, /missing --email/);
    await failing(["login", "--email", "alice@example.com"], 2, /--password-stdin/);
    await failing(["register", "--email", "x@example.com", "--username", "x"], 2, /--password-stdin/);
    await failing(["account", "delete"], 2, /--yes/);
  });

  it("1: nothing matches, not found, API unreachable (naming the URL)", async () => {
    await failing(["rate", "zzqxjv wombat", "like"], 1, /no movie matches 'zzqxjv wombat'/);
    await failing(["show", "tmdb:999999999"], 1, /no movie has the id tmdb:999999999/);
    const result = await failing(["queue", "--json"], 1, /cannot reach the API at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/, {
      env: { WATCHLIST_API_URL: "http://127.0.0.1:9" },
    });
    expect(result.stderr).toMatch(/watchlist serve|--api-url/);
  });

  it("4: a rejected token and a missing one both say to log in", async () => {
    const file = join(alice.configDir, "config.json");
    const saved = readFileSync(file, "utf8");
    try {
      writeFileSync(file, JSON.stringify({ ...JSON.parse(saved), token: "not-a-token" }));
      await failing(["queue", "--json"], 4, /run `watchlist login`/);
    } finally {
      writeFileSync(file, saved);
    }
    const stranger = cliUser(api.url);
    const result = await stranger.run(["ratings"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: not logged in to http:\/\/127\.0\.0\.1:\d+: run `watchlist login`/);
  });

  it("4: wrong password at login", async () => {
    await failing(["login", "--email", "alice@example.com", "--password-stdin"], 4, /error: /, { input: "wrong password\n" });
  });

  it("0: --version and --help with examples for every command", async () => {
    expect((await alice.run(["--help"])).stdout).toContain("Movie data from TMDB (themoviedb.org)");
    const version = await alice.run(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const commands = [
      "register",
      "login",
      "logout",
      "whoami",
      "search",
      "show",
      "rate",
      "unrate",
      "ratings",
      "queue",
      "unqueue",
      "watched",
      "history",
      "recommend",
      "stats",
      "export",
      "import",
      "serve",
      "completion",
    ];
    for (const command of [
      ...commands,
      "account",
      "account delete",
      "server",
      "server status",
      "server stop",
      "config",
      "config get",
      "config set",
      "config unset",
    ]) {
      const help = await alice.run([...command.split(" "), "--help"]);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(/Examples:\n {2}\$ watchlist /);
    }
  });
});

describe("login, logout and account deletion", { timeout: 60_000 }, () => {
  it("logs out and in again, then deletes the account for good", async () => {
    const carol = cliUser(api.url);
    const run = (args: string[], input?: string) => carol.run(args, { input });
    expect(
      (await run(["register", "--email", "carol@example.com", "--username", "carol", "--password-stdin", "--json"], PASSWORD)).json(),
    ).toMatchObject({ username: "carol" });
    await run(["rate", "tmdb:27205", "like"]);
    expect((await run(["logout"])).code).toBe(0);
    expect((await run(["whoami"])).code).toBe(4);
    expect((await run(["login", "--email", "carol@example.com", "--password-stdin"], PASSWORD)).code).toBe(0);
    expect((await run(["account", "delete", "--yes"])).code).toBe(0);
    expect((await run(["whoami"])).code).toBe(4);
    const login = await run(["login", "--email", "carol@example.com", "--password-stdin"], PASSWORD);
    expect(login.code).toBe(4);
  });
});
