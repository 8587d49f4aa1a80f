// `watched --on`, `history` and `export --csv/--letterboxd` through the real binary, against a real API
// process, PostgreSQL and the fake TMDB. stdin is a pipe: nothing prompts.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { fakeMovies as m } from "../fake-tmdb/index.js";
import { startApiProcess } from "./helpers/api.js";
import { type CliResult, cliUser } from "./helpers/cli.js";

let cli: ReturnType<typeof cliUser>;
let apiUrl: string;

beforeAll(async () => {
  const api = await startApiProcess();
  apiUrl = api.url;
  cli = cliUser(api.url);
  const registered = await cli.run(["register", "--email", "viewer@example.com", "--username", "viewer", "--password-stdin"], {
    input: "correct horse battery staple\n",
  });
  expect(registered.code, registered.stderr).toBe(0);
}, 120_000);

async function ok(args: string[], user = cli): Promise<CliResult> {
  const result = await user.run(args);
  expect(result.code, `watchlist ${args.join(" ")}\n${result.stderr}`).toBe(0);
  return result;
}

async function usage(args: string[], message: RegExp) {
  const result = await cli.run(args);
  expect(result.code, `watchlist ${args.join(" ")}\n${result.stderr}`).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(message);
}

const day = (offset: number) => {
  const date = new Date(Date.now() + offset * 86_400_000);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
};

describe("watched and history", { timeout: 60_000 }, () => {
  it("watched --on records a dated viewing and rates; again without a rating: a rewatch, the rating kept", async () => {
    await ok(["queue", `tmdb:${m.arrival.id}`]);
    const first = (await ok(["watched", `tmdb:${m.arrival.id}`, "like", "--on", "2023-06-01", "--json"])).json();
    expect(first).toMatchObject({ rating: "LIKE", removedFromQueue: true, viewing: { watchedOn: "2023-06-01", rewatch: false } });
    const again = await ok(["watched", `tmdb:${m.arrival.id}`]);
    expect(again.stdout).toBe("");
    expect(again.stderr).toContain(`Watched Arrival (2016) on ${day(0)} (a rewatch) 👍 Like`);
    const unrated = await ok(["watched", `tmdb:${m.tenet.id}`, "--on", "2021-12-24"]);
    expect(unrated.stderr).toContain("Watched Tenet (2020) on 2021-12-24 — not rated");
    expect((await ok(["ratings", "--json"])).json<{ movie: { title: string } }[]>().map((entry) => entry.movie.title)).toEqual(["Arrival"]);
  });

  it("refuses a date that is not a day or is in the future (exit 2, one line, nothing recorded)", async () => {
    await usage(["watched", `tmdb:${m.inception.id}`, "like", "--on", "2023-02-30"], /--on must be a date YYYY-MM-DD, got '2023-02-30'/);
    await usage(["watched", `tmdb:${m.inception.id}`, "like", "--on", "01/06/2023"], /--on must be a date YYYY-MM-DD/);
    await usage(["watched", `tmdb:${m.inception.id}`, "like", "--on", day(2)], /is in the future/);
    await usage(["history", "--year", "23"], /--year must be a year/);
    await usage(["history", "--limit", "0"], /--limit must be an integer from 1 to 10000/);
    expect((await ok(["history", "--json"])).json()).toHaveLength(3);
  });

  it("history --json: the contract's entries, newest first; --year and --limit", async () => {
    const history = (await ok(["history", "--json"])).json<any[]>();
    expect(history.map((entry) => [entry.movie.title, entry.watchedOn, entry.rewatch, entry.rating])).toEqual([
      ["Arrival", day(0), true, "LIKE"],
      ["Arrival", "2023-06-01", false, "LIKE"],
      ["Tenet", "2021-12-24", false, null],
    ]);
    expect(Object.keys(history[0]).sort()).toEqual(["movie", "rating", "review", "rewatch", "tags", "watchedOn"]);
    expect([history[0].tags, history[0].review]).toEqual([[], null]);
    expect(history[0].movie).toMatchObject({ tmdbId: m.arrival.id, title: "Arrival", year: 2016 });
    expect((await ok(["history", "--year", "2021", "--json"])).json<any[]>().map((entry) => entry.movie.title)).toEqual(["Tenet"]);
    expect((await ok(["history", "--limit", "1", "--json"])).json()).toHaveLength(1);
  });

  it("history as a table when piped, and a sentence for an empty year", async () => {
    const table = (await ok(["history"])).stdout;
    expect(table).toMatch(/2023-06-01.*Arrival.*2016/);
    expect(table).toMatch(/2021-12-24.*Tenet/);
    expect((await ok(["history", "--year", "1999"])).stdout).toContain("Nothing watched in 1999.");
  });
});

describe("export", { timeout: 60_000 }, () => {
  it("--letterboxd -o FILE: Letterboxd's columns, a row per viewing, said on stderr; no partial file left", async () => {
    const file = join(cli.configDir, "letterboxd.csv");
    const result = await ok(["export", "--letterboxd", "-o", file]);
    expect(result.stdout).toBe("");
    // It says what the file holds (issue 17, item 16: it claimed watchlist entries it does not write).
    expect(result.stderr).toBe(`Exported 1 rating and 3 viewings to ${file} for Letterboxd's importer\n`);
    expect((await ok(["queue", `tmdb:${m.inception.id}`])).code).toBe(0);
    const withQueue = await ok(["export", "--letterboxd", "-o", file]);
    expect(withQueue.stderr).toBe(
      `Exported 1 rating and 3 viewings to ${file} for Letterboxd's importer; its format has no watchlist: the 1 watchlist entry is in export --csv or --json\n`,
    );
    expect((await ok(["unqueue", `tmdb:${m.inception.id}`])).code).toBe(0);
    const rows = parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(["tmdbID", "imdbID", "Title", "Year", "Rating", "WatchedDate", "Rewatch", "Tags", "Review"]);
    expect(rows.map((row) => [row.Title, row.Rating, row.WatchedDate, row.Rewatch])).toEqual([
      ["Tenet", "", "2021-12-24", "false"],
      ["Arrival", "4", "2023-06-01", "false"],
      ["Arrival", "4", day(0), "true"],
    ]);
    expect(readdirSync(cli.configDir).filter((name) => name.endsWith(".partial"))).toEqual([]);
  });

  it("--csv on stdout and --json version 3 with the history", async () => {
    const rows = parse((await ok(["export", "--csv"])).stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.list)).toEqual(["ratings", "history", "history", "history"]);
    const doc = (await ok(["export", "--json"])).json();
    expect(doc.version).toBe(3);
    expect(doc.history).toEqual([
      { tmdbId: m.tenet.id, title: "Tenet", year: 2020, watchedOn: "2021-12-24", rewatch: false, tags: [] },
      { tmdbId: m.arrival.id, title: "Arrival", year: 2016, watchedOn: "2023-06-01", rewatch: false, tags: [] },
      { tmdbId: m.arrival.id, title: "Arrival", year: 2016, watchedOn: day(0), rewatch: true, tags: [] },
    ]);
  });

  it("refuses two formats at once, and a file it cannot write names the file", async () => {
    const both = await cli.run(["export", "--csv", "--letterboxd"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/cannot be used with/);
    const missingDir = await cli.run(["export", "--letterboxd", "-o", "/nonexistent/dir/x.csv"]);
    expect(missingDir.code).toBe(1);
    expect(missingDir.stderr).toMatch(/^error: cannot write \/nonexistent\/dir\/x\.csv: no such file or directory/);
    expect(existsSync("/nonexistent/dir/x.csv.partial")).toBe(false);
  });

  it("an answer cut short (the API failed halfway) is exit 1, and no file is left under either name", async () => {
    const server = createServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{\n  "version": 2,\n  "ratings": [\n');
      setTimeout(() => response.socket?.destroy(), 50);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const file = join(cli.configDir, "cut.json");
    try {
      const result = await cli.run(["export", "-o", file], {
        env: { WATCHLIST_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
      });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(/^error: the API at .* stopped in the middle of \/export/);
      expect(existsSync(file)).toBe(false);
      expect(existsSync(`${file}.partial`)).toBe(false);
    } finally {
      server.close();
    }
  });
});

describe("history pages", { timeout: 120_000 }, () => {
  let pager: ReturnType<typeof cliUser>;
  beforeAll(async () => {
    pager = cliUser(apiUrl);
    const registered = await pager.run(["register", "--email", "pager@example.com", "--username", "pager", "--password-stdin"], {
      input: "correct horse battery staple\n",
    });
    expect(registered.code, registered.stderr).toBe(0);
    for (const [film, on] of [
      [m.arrival, "2023-06-01"],
      [m.tenet, "2023-06-01"],
      [m.dunkirk, "2022-01-02"],
      [m.inception, "2021-03-04"],
    ] as const)
      await ok(["watched", `tmdb:${film.id}`, "--on", on, "--tag", "with sam"], pager);
  });

  it("--limit: stdout holds the page, stderr the command for the next; following it walks every viewing once", async () => {
    const all = (await ok(["history", "--json"], pager)).json<unknown[]>();
    expect(all).toHaveLength(4);
    const paged: unknown[] = [];
    let args = ["history", "--limit", "1", "--json"];
    let pages = 0;
    for (; pages < 10; pages++) {
      const page = await ok(args, pager);
      paged.push(...page.json<unknown[]>());
      const more = /^more: watchlist (.+)$/m.exec(page.stderr)?.[1];
      if (!more) break;
      args = more.split(" ");
      expect(args.slice(0, -2)).toEqual(["history", "--limit", "1", "--json"]);
      expect(args.at(-2)).toBe("--cursor");
    }
    expect(pages).toBe(3);
    expect(paged).toEqual(all);
  });

  it("the next page's command keeps every other option, quoted for the shell where it needs it; the last page says none", async () => {
    const first = await ok(["history", "--tag", "with sam", "--limit", "3"], pager);
    const cursor = /^more: watchlist history --tag 'with sam' --limit 3 --cursor (\S+)$/m.exec(first.stderr)?.[1];
    expect(cursor, first.stderr).toBeDefined();
    const last = await ok(["history", "--tag", "with sam", "--limit", "3", "--cursor", cursor!, "--json"], pager);
    expect(last.json<{ movie: { title: string } }[]>().map((entry) => entry.movie.title)).toEqual(["Inception"]);
    expect(last.stderr).not.toContain("more:");
  });

  it("watched twice on one day: exit 1, one line, nothing recorded; --rewatch records it", async () => {
    const again = await pager.run(["watched", `tmdb:${m.arrival.id}`, "like", "--on", "2023-06-01"]);
    expect([again.code, again.stdout]).toEqual([1, ""]);
    expect(again.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(again.stderr).toContain("you already recorded Arrival (2016) on 2023-06-01; --rewatch to record another viewing that day");
    expect((await ok(["history", "--json"], pager)).json()).toHaveLength(4);
    expect((await ok(["ratings", "--json"], pager)).json()).toEqual([]);
    const meant = (await ok(["watched", `tmdb:${m.arrival.id}`, "--on", "2023-06-01", "--rewatch", "--json"], pager)).json();
    expect(meant).toMatchObject({ viewing: { watchedOn: "2023-06-01", rewatch: true } });
    expect((await ok(["history", "--json"], pager)).json()).toHaveLength(5);
  });

  it("a cursor the list did not give: a usage error (exit 2), one line", async () => {
    const result = await pager.run(["history", "--cursor", "nonsense"]);
    expect([result.code, result.stdout]).toEqual([2, ""]);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/cursor: not a cursor this list gave/);
  });
});
