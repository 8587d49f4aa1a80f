// The binary on its own (no API needed): pipes, completion scripts, and what it must never load.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db.js";
import { BIN, ensureBuilt, ROOT } from "./helpers/build.js";
import { cleanEnv, runCli } from "./helpers/cli.js";

const exec = promisify(execFile);

beforeAll(() => ensureBuilt(), 120_000);

describe("the binary", { timeout: 60_000 }, () => {
  it("stops quietly when the reader of its output goes away (| head)", async () => {
    const { stdout, stderr } = await exec("sh", ["-c", `"${process.execPath}" "${BIN}" --help | head -1`]);
    expect(stdout).toBe("Usage: watchlist [options] [command]\n");
    expect(stderr).toBe("");
  });

  it("--help to a pipe loads no more of Node than it needs: no stdout stream, no child_process (start-up)", async () => {
    const probe = `process.on("exit", () => require("node:fs").writeSync(2, JSON.stringify(process.moduleLoadList)));
      process.argv = [process.argv[0], ${JSON.stringify(BIN)}, "--help"];
      require(${JSON.stringify(BIN)});`;
    const { stdout, stderr } = await exec(process.execPath, ["-e", probe]);
    expect(stdout).toMatch(/^Usage: watchlist \[options\] \[command\]\n/);
    expect((JSON.parse(stderr) as string[]).filter((name) => /^NativeModule (net|stream|tty|child_process)$/.test(name))).toEqual([]);
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
    expect(await complete("watchlist", "queue", "--priority", "")).toEqual(["low", "medium", "high"]);
    expect(await complete("watchlist", "queue", "--sort", "")).toEqual(["priority", "added", "title"]);
    expect(await complete("watchlist", "ratings", "--sort", "")).toEqual(["rated", "title", "year"]);
    expect(await complete("watchlist", "ratings", "--rating", "su")).toEqual(["super-like"]);
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
      // `import type` is erased at build (the wire types come from the server's: test/cli/wire-types.test.ts).
      const code = readFileSync(file, "utf8").replace(/import type [^;]+;/g, "");
      const specifiers = [...code.matchAll(/(?:from|import\(|require\()\s*"([^"]+)"/g)].map((match) => match[1]);
      for (const specifier of specifiers) {
        expect(specifier, file).not.toMatch(/prisma|\/db\/|generated|\/api\/|\/services\//i);
        if (!file.endsWith(join("commands", "serve.cts"))) expect(specifier, file).not.toMatch(/server\.js|config\.js/);
      }
    }
  });
});

describe("watchlist serve", { timeout: 60_000 }, () => {
  it("prints one line `listening on http://HOST:PORT` and stops cleanly on SIGINT and SIGTERM", async () => {
    const database = await useTestDatabase();
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const child = spawn(process.execPath, [BIN, "serve", "--port", "0"], {
        env: cleanEnv({ DATABASE_URL: database.url, JWT_SECRET: "serve-test-secret-serve-test-secret", LOG_LEVEL: "warn" }),
      });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      while (!stdout.includes("\n")) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stdout).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
      const url = stdout.trim().replace("listening on ", "");
      const health = await (await fetch(`${url}/health`)).json();
      expect(health).toMatchObject({ status: "ok" });
      child.kill(signal);
      expect(await exited).toBe(0);
    }
  }, 60_000);
});

describe("settings", { timeout: 60_000 }, () => {
  it("config set / get / unset, and the API URL precedence: --api-url > WATCHLIST_API_URL > config", async () => {
    const dir = mkdtempSync(join(tmpdir(), "watchlist-config-"));
    const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { WATCHLIST_CONFIG_DIR: dir, ...env } });

    expect((await run(["config", "set", "api-url", "http://127.0.0.1:7"])).code).toBe(0);
    expect((await run(["config", "get", "api-url"])).stdout).toBe("http://127.0.0.1:7\n");
    expect((await run(["config", "get", "--json"])).json()).toEqual({
      "api-url": "http://127.0.0.1:7",
      "tmdb-key": null,
      "tmdb-base-url": null,
    });
    expect((await run(["config", "set", "colour", "blue"])).code).toBe(2);
    expect((await run(["config", "set", "api-url", "localhost"])).code).toBe(2);
    expect((await run(["config", "set", "tmdb-base-url", "tmdb.example"])).code).toBe(2);
    expect((await run(["config", "set", "tmdb-base-url", "http://127.0.0.1:6/3"])).code).toBe(0);
    expect((await run(["config", "get", "tmdb-base-url"])).stdout).toBe("http://127.0.0.1:6/3\n");
    expect((await run(["config", "unset", "tmdb-base-url"])).code).toBe(0);

    // Log in by hand: a token is all the client needs to try the API.
    const file = join(dir, "config.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), token: "t" }));

    expect((await run(["queue"])).stderr).toMatch(/cannot reach the API at http:\/\/127\.0\.0\.1:7 /);
    expect((await run(["queue"], { WATCHLIST_API_URL: "http://127.0.0.1:8" })).stderr).toMatch(/at http:\/\/127\.0\.0\.1:8 /);
    expect((await run(["queue", "--api-url", "http://127.0.0.1:9"], { WATCHLIST_API_URL: "http://127.0.0.1:8" })).stderr).toMatch(
      /at http:\/\/127\.0\.0\.1:9 /,
    );
    expect((await run(["config", "unset", "api-url"])).code).toBe(0);
    expect((await run(["config", "get", "api-url"])).stdout).toBe("");
  });
});
