// A new user on a fresh clone (issue 17 item 19): the README's install needs no administrator rights,
// shell completion offers file names where a file goes, and --help names the settings and exit codes.
// The "not logged in" line in local mode: test/local/local-mode.e2e.test.ts.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, ROOT } from "./helpers/build.js";
import { runCli } from "./helpers/cli.js";

const exec = promisify(execFile);
const has = (shell: string) => {
  try {
    execFileSync(shell, ["-c", "exit 0"]);
    return true;
  } catch {
    return false;
  }
};

/** A folder with files to complete, one name with a space. */
const folder = mkdtempSync(join(tmpdir(), "watchlist-complete-"));
for (const name of ["backup.json", "my list.csv"]) writeFileSync(join(folder, name), "");
const FILES = ["backup.json", "my list.csv"];

beforeAll(() => ensureBuilt(), 120_000);

describe("shell completion offers file names where a file goes", { timeout: 60_000 }, () => {
  it("bash: import <TAB>, export --output/-o <TAB>, list export … --output <TAB>; flags and words elsewhere", async () => {
    const script = (await runCli(["completion", "bash"])).stdout;
    const complete = async (...words: string[]) => {
      const { stdout } = await exec(
        "bash",
        [
          "-c",
          `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _watchlist; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { cwd: folder },
      );
      return stdout.split("\n").filter(Boolean).sort();
    };
    expect(await complete("watchlist", "import", "")).toEqual(FILES);
    expect(await complete("watchlist", "import", "my")).toEqual(["my list.csv"]);
    expect(await complete("watchlist", "export", "--output", "")).toEqual(FILES);
    expect(await complete("watchlist", "export", "--csv", "-o", "b")).toEqual(["backup.json"]);
    expect(await complete("watchlist", "list", "export", "Best", "--output", "")).toEqual(FILES);
    // A flag being typed, and an option's words, are still offered.
    expect(await complete("watchlist", "import", "--d")).toEqual(["--dry-run"]);
    expect(await complete("watchlist", "import", "--priority", "")).toEqual(["high", "low", "medium"]);
    expect(await complete("watchlist", "export", "--l")).toEqual(["--letterboxd"]);
  });

  it.skipIf(!has("fish"))("fish: the same positions complete files", async () => {
    const file = join(folder, "..", `watchlist-${process.pid}.fish`);
    writeFileSync(file, (await runCli(["completion", "fish"])).stdout);
    const complete = async (line: string) => {
      const { stdout } = await exec("fish", ["-c", `source '${file}'; complete -C '${line}'`], { cwd: folder });
      return stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split("\t")[0])
        .sort();
    };
    expect(await complete("watchlist import ")).toEqual(FILES);
    expect(await complete("watchlist export --output ")).toEqual(FILES);
    expect(await complete("watchlist list export Best -o ")).toEqual(FILES);
    expect(await complete("watchlist queue --priority ")).toEqual(["high", "low", "medium"]);
  });

  it.skipIf(!has("zsh"))(
    "zsh: at a file position the bash layer answers nothing, so `-o default` runs zsh's own file completion",
    async () => {
      const script = (await runCli(["completion", "zsh"])).stdout;
      expect(script).toContain("complete -o default -F _watchlist watchlist");
      // One zsh (compinit is slow to load): how many words the bash layer answers at each position.
      const positions = [
        ["watchlist", "export", "--output", ""],
        ["watchlist", "import", ""],
        ["watchlist", "export", "--"],
      ];
      const runs = positions
        .map(
          (words) =>
            `COMP_WORDS=(${words.map((w) => `"${w}"`).join(" ")}); COMP_CWORD=${words.length - 1}; _watchlist; echo \${#COMPREPLY[@]}`,
        )
        .join("; ");
      const { stdout } = await exec("zsh", ["-fc", `autoload -U compinit && compinit -u -D\n${script}\nemulate sh -c '${runs}'`], {
        cwd: folder,
      });
      const [output, importFile, flags] = stdout.trim().split("\n").map(Number);
      expect(output).toBe(0);
      expect(importFile).toBe(0);
      expect(flags).toBeGreaterThan(0);
    },
  );
});

describe("--help names the settings and the exit codes", () => {
  it("the top-level help ends with the environment and settings a new user needs, and every exit code of docs/cli.md", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    const settings = help.stdout.slice(help.stdout.indexOf("Settings"));
    for (const name of [
      "WATCHLIST_API_URL",
      "config set api-url",
      "TMDB_API_KEY",
      "TMDB_BASE_URL",
      "config set tmdb-base-url",
      "config set tmdb-key",
      "TMDB_IMAGE_BASE_URL",
      "WATCHLIST_REGION",
    ])
      expect(settings).toContain(name);
    const exitCodes = help.stdout.slice(help.stdout.indexOf("Exit codes:"));
    const documented = [...readFileSync(join(ROOT, "docs", "cli.md"), "utf8").matchAll(/^\| `(\d+)` +\|/gm)].map((match) => match[1]);
    expect(documented).toEqual(["0", "1", "2", "4", "130"]);
    for (const code of documented) expect(exitCodes).toMatch(new RegExp(`(^|\\s)${code} [a-z]`));
    expect(exitCodes).toContain("4 not logged in");
  });
});

describe("the README's install needs no administrator rights", () => {
  it("installs into a prefix under your home and says how to put its bin on PATH; the test command stays", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const blocks = [...readme.slice(readme.indexOf("## Quick start")).matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1].trim());
    const [install, tests] = blocks;
    // npm's global prefix is often /usr/local, root's: `npm install -g` without a prefix of one's own is EACCES.
    expect(install).toMatch(/npm install -g --prefix ~\/\.local \.\/watchlist-cli-[\d.]+\.tgz/);
    expect(install).toMatch(/&& ~\/\.local\/bin\/watchlist register$/);
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
    expect(install).toContain(`./watchlist-cli-${version}.tgz`);
    expect(readme).toContain('export PATH="$HOME/.local/bin:$PATH"');
    expect(readme).toContain("npm config set prefix ~/.local");
    expect(tests).toBe("npm ci && npm test");
  });
});
