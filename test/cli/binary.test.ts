// The binary on its own (no API needed): pipes, completion scripts, and what it must never load.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, ensureBuilt, ROOT } from "./helpers/build.js";
import { runCli } from "./helpers/cli.js";

const exec = promisify(execFile);

beforeAll(() => ensureBuilt(), 120_000);

describe("the binary", () => {
  it("stops quietly when the reader of its output goes away (| head)", async () => {
    const { stdout, stderr } = await exec("sh", ["-c", `"${process.execPath}" "${BIN}" --help | head -1`]);
    expect(stdout).toBe("Usage: watchlist [options] [command]\n");
    expect(stderr).toBe("");
  });

  it("bash completion completes commands, options and rating words", async () => {
    const script = (await runCli(["completion", "bash"])).stdout;
    const complete = async (...words: string[]) => {
      const { stdout } = await exec("bash", [
        "-c",
        `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _watchlist; echo "\${COMPREPLY[@]}"`,
      ]);
      return stdout.trim().split(" ");
    };
    expect(await complete("watchlist", "ra")).toEqual(["rate", "ratings"]);
    expect(await complete("watchlist", "queue", "--p")).toEqual(["--priority"]);
    expect(await complete("watchlist", "rate", "Inception", "su")).toEqual(["super-like"]);
    expect(await complete("watchlist", "config", "s")).toEqual(["set"]);
  });

  it("zsh and fish scripts come out for their shells; another shell is a usage error", async () => {
    expect((await runCli(["completion", "zsh"])).stdout).toMatch(/^#compdef watchlist/);
    expect((await runCli(["completion", "fish"])).stdout).toContain("complete -c watchlist");
    const tcsh = await runCli(["completion", "tcsh"]);
    expect(tcsh.code).toBe(2);
    expect(tcsh.stderr).toBe("error: no completion for 'tcsh': use bash, zsh or fish\n");
  });

  it("is a thin client: no CLI module loads Prisma or the database; only `serve` loads the server", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
      );
    for (const file of files(join(ROOT, "src", "cli"))) {
      const specifiers = [...readFileSync(file, "utf8").matchAll(/(?:from|import\(|require\()\s*"([^"]+)"/g)].map((match) => match[1]);
      for (const specifier of specifiers) {
        expect(specifier, file).not.toMatch(/prisma|\/db\/|generated|\/api\/|\/services\//i);
        if (!file.endsWith(join("commands", "serve.cts"))) expect(specifier, file).not.toMatch(/server\.js|config\.js/);
      }
    }
  });
});
