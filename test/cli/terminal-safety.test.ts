// Text from servers and files cannot write into the terminal (issue 14, item 5): control characters,
// escape sequences and bidi overrides are stripped from everything the CLI prints for a person, while
// --json carries the exact string.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { stripControls, terminalText } from "../../src/cli/output/safe-text.cjs";
import type { FakeMovie } from "../fake-tmdb/index.js";
import { type ApiProcess, startApiProcess } from "./helpers/api.js";
import { type CliResult, cliUser } from "./helpers/cli.js";
import { runInPty } from "./helpers/pty.js";

const HOSTILE_TITLE = "Evil\u001b]0;pwned\u0007\u001b[2J\u202eMovie\u009b31m\r";
const SAFE_TITLE = "EvilMovie";
/** Anything a terminal acts on: C0 but tab/newline, DEL, C1, bidi controls. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const hostile = (id: number, title: string): FakeMovie => ({
  id,
  title,
  releaseDate: "2020-01-01",
  genreIds: [18],
  directors: ["Dir\u001b[31mector"],
  cast: [["Act\u202eor", "Role\u0007"]],
  runtime: 90,
  popularity: 5,
  voteAverage: 6,
  overview: "Over\u001b[Hview",
  recommendations: [],
});

describe("stripControls", () => {
  it("removes OSC, CSI (7- and 8-bit), DCS, lone ESC, C0/C1 controls and bidi controls; keeps tab, newline and text", () => {
    expect(stripControls(HOSTILE_TITLE)).toBe(SAFE_TITLE);
    expect(stripControls("a\u001bPq#0;2;0;0;0\u001b\\b\u001b]8;;http://x\u001b\\c\u001b7de")).toBe("abcde");
    expect(stripControls("\u2066ab\u2069\u202acd\u202c\u200f")).toBe("abcd\u200f");
    expect(stripControls("col1\tcol2\nline2 Amélie 千と千尋 ❤️")).toBe("col1\tcol2\nline2 Amélie 千と千尋 ❤️");
  });

  it("with colour on, keeps the exact colour codes of our own paint and nothing else", () => {
    const painted = `\u001b[1mbold\u001b[22m \u001b[33m${HOSTILE_TITLE}\u001b[39m`;
    expect(terminalText(painted, true)).toBe(`\u001b[1mbold\u001b[22m \u001b[33m${SAFE_TITLE}\u001b[39m`);
    expect(terminalText(painted, false)).toBe(`bold ${SAFE_TITLE}`);
  });
});

describe("the real binary with a hostile title from TMDB", { timeout: 60_000 }, () => {
  let api: ApiProcess;
  let user: ReturnType<typeof cliUser>;
  const RATED = 990_101;
  const QUEUED = 990_102;

  beforeAll(async () => {
    api = await startApiProcess({ movies: [hostile(RATED, HOSTILE_TITLE), hostile(QUEUED, `${HOSTILE_TITLE} 2`)] });
    user = cliUser(api.url);
    const registered = await user.run(["register", "--email", "h@example.com", "--username", "hh", "--password-stdin"], {
      input: "correct horse battery staple\n",
    });
    expect(registered.code, registered.stderr).toBe(0);
  }, 120_000);

  const clean = (result: CliResult) => {
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stderr).not.toMatch(CONTROL);
    expect(result.stdout + result.stderr).not.toContain("pwned");
    return result;
  };

  it("prints it stripped in notices, tables, details and errors; --json keeps the exact string", async () => {
    expect(clean(await user.run(["rate", `tmdb:${RATED}`, "like"])).stderr).toContain(`Rated ${SAFE_TITLE} (2020)`);
    expect(clean(await user.run(["queue", `tmdb:${QUEUED}`])).stderr).toContain(`Queued ${SAFE_TITLE} 2 (2020)`);
    expect(clean(await user.run(["ratings"])).stdout).toContain(`${RATED}\t${SAFE_TITLE}\t2020`);
    expect(clean(await user.run(["queue"])).stdout).toContain(`${QUEUED}\t${SAFE_TITLE} 2\t2020`);
    const shown = clean(await user.run(["show", `tmdb:${RATED}`])).stdout;
    for (const part of [`${SAFE_TITLE} (2020)`, "Director", "Actor (Role)", "Overview"]) expect(shown).toContain(part);
    const refused = clean(await user.run(["queue", `tmdb:${RATED}`]));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^error: ${SAFE_TITLE} \\(2020\\) is already rated`));

    const json = (await user.run(["ratings", "--json"])).json<{ movie: { title: string; director: string } }[]>();
    expect(json[0].movie.title).toBe(HOSTILE_TITLE);
    expect(json[0].movie.director).toBe("Dir\u001b[31mector");
    expect((await user.run(["show", `tmdb:${RATED}`, "--json"])).json().overview).toBe("Over\u001b[Hview");
  });

  // Issue 17, item 6: the export streamed to stdout bypassed print(); on a terminal it printed the
  // titles' OSC/CSI sequences and U+202E raw. Piped, the export stays the exact data.
  it("export --csv, --letterboxd and --json to a terminal print no control sequence; piped they are exact", async () => {
    const env = { WATCHLIST_API_URL: api.url, WATCHLIST_CONFIG_DIR: user.configDir };
    for (const format of ["--csv", "--letterboxd", "--json"]) {
      const pty = runInPty(["export", format], env);
      expect(await pty.exited, pty.text()).toBe(0);
      // What the spinner draws aside, the screen got the stripped title and nothing the title carried.
      const screen = pty.raw();
      expect(screen, format).toContain(format === "--json" ? "Evil\\u001b]0;pwned" : SAFE_TITLE);
      if (format !== "--json") expect(screen, format).not.toContain("pwned");
      expect(screen, format).not.toMatch(/\u001b\]0;|\u001b\[2J|[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
    const piped = await user.run(["export", "--csv"]);
    expect(piped.stdout).toContain(HOSTILE_TITLE);
    const json = await user.run(["export", "--json"]);
    expect(json.json().ratings.map((rating: { title: string }) => rating.title)).toContain(HOSTILE_TITLE);
  });

  it("--json on a terminal writes the characters a terminal acts on as \\u escapes: the same JSON value", async () => {
    const env = { WATCHLIST_API_URL: api.url, WATCHLIST_CONFIG_DIR: user.configDir };
    const pty = runInPty(["ratings", "--json"], env);
    expect(await pty.exited).toBe(0);
    const screen = pty.raw();
    expect(screen).not.toMatch(/[\u0080-\u009f\u202a-\u202e]/);
    const document = screen.slice(screen.indexOf("["), screen.lastIndexOf("]") + 1).replace(/\r\n/g, "\n");
    expect(JSON.parse(document)[0].movie.title).toBe(HOSTILE_TITLE);
  });
});

describe("the CLI's way to the terminal", () => {
  it("only src/cli/output/io.cts writes to stdout or stderr (a library given a stream gets stripped text)", () => {
    const root = join(import.meta.dirname, "../../src/cli");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".cts"));
    expect(files.length).toBeGreaterThan(30);
    const writers = files.filter((file) => {
      const code = readFileSync(join(root, file), "utf8");
      return /process\.std(out|err)\.write|console\.(log|error|warn|info)|\.pipe\(process\.std(out|err)\)/.test(code);
    });
    expect(writers).toEqual(["output/io.cts"]);
  });
});
