// The binary runs its bundle from the V8 code cache the build writes beside it (scripts/bundle-cli.mjs,
// bin/watchlist.js), a start-up measure (bench/startup.mjs). The cache must be the bundle's and be
// used; the bundle's import() of ES modules must work from cached code (Node 20 gives such code no
// loader of its own); a missing or refused cache must cost time only.
import { cpSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../local/helpers.js";
import { ensureBuilt, ROOT } from "./helpers/build.js";
import { runCli } from "./helpers/cli.js";

const debug = { WATCHLIST_DEBUG: "1" };
const cachesIn = (dir: string) => readdirSync(dir).filter((name) => /^main-\w+\.cache$/.test(name));

beforeAll(ensureBuilt, 240_000);

describe("the CLI's code cache", { timeout: 60_000 }, () => {
  it("is written by the build for its bundle, and used", async () => {
    expect(cachesIn(join(ROOT, "dist", "cli"))).toHaveLength(1);
    const help = await runCli(["--help"], { env: debug });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: watchlist \[options\] \[command\]/);
    expect(help.stderr).toBe("");
  });

  it("runs the bundle's import() of ES modules (a package: conf; one of ours: local/paths) from cached code", async () => {
    // No WATCHLIST_CONFIG_DIR: the folder comes from local/paths.js, under XDG_CONFIG_HOME.
    const xdg = tempDir("code-cache-xdg");
    const env = { ...debug, XDG_CONFIG_HOME: xdg };
    const set = await runCli(["config", "set", "api-url", "http://127.0.0.1:9"], { env });
    expect(set.code, set.stderr).toBe(0);
    expect(readdirSync(join(xdg, "watchlist-nodejs"))).toContain("config.json");
    const got = await runCli(["config", "get", "api-url"], { env });
    expect({ code: got.code, stdout: got.stdout.trim(), stderr: got.stderr }).toEqual({
      code: 0,
      stdout: "http://127.0.0.1:9",
      stderr: "",
    });
  });

  it("only costs time when missing or refused: the bundle is compiled as usual", async () => {
    // A copy of the install (bin, dist/cli, package.json) to break the cache of without touching the tree.
    const copy = tempDir("code-cache-copy");
    cpSync(join(ROOT, "bin"), join(copy, "bin"), { recursive: true });
    cpSync(join(ROOT, "dist", "cli"), join(copy, "dist", "cli"), { recursive: true });
    cpSync(join(ROOT, "package.json"), join(copy, "package.json"));
    symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"));
    const [cache] = cachesIn(join(copy, "dist", "cli"));
    const help = (env: Record<string, string> = debug) => runCli(["--help"], { env, bin: join(copy, "bin", "watchlist.js") });

    writeFileSync(join(copy, "dist", "cli", cache), "not V8's code cache");
    const refused = await help();
    expect(refused.code).toBe(0);
    expect(refused.stdout).toMatch(/^Usage: watchlist/);
    expect(refused.stderr).toMatch(/^watchlist: V8 rejected the code cache .*: compiling the bundle\n$/);

    rmSync(join(copy, "dist", "cli", cache));
    const missing = await help();
    expect(missing.code).toBe(0);
    expect(missing.stdout).toBe(refused.stdout);
    expect(missing.stderr).toMatch(/^watchlist: no code cache /);
    // Said only when asked for (WATCHLIST_DEBUG): a user sees nothing.
    expect((await help({})).stderr).toBe("");
  });
});
