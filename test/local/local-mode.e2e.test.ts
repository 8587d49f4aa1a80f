// Local mode end to end, with the real binary: no DATABASE_URL, no WATCHLIST_API_URL, a fresh config
// dir. The CLI starts the API in the background, which starts the embedded PostgreSQL.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localPaths } from "../../src/local/paths.js";
import { isAlive, sleep } from "../../src/local/process.js";
import { BIN, ensureBuilt } from "../cli/helpers/build.js";
import { type CliResult, cleanEnv, runCli } from "../cli/helpers/cli.js";
import { FAKE_TMDB_KEY, type FakeTmdb, startFakeTmdb } from "../fake-tmdb/index.js";
import { tempDir } from "./helpers.js";

const configDir = join(tempDir("local-mode"), "config");
const paths = localPaths(configDir);
let fakeTmdb: FakeTmdb;

function watchlist(args: string[], input?: string): Promise<CliResult> {
  return runCli(args, {
    input,
    timeoutMs: 120_000,
    env: { WATCHLIST_CONFIG_DIR: configDir, TMDB_BASE_URL: fakeTmdb.url, TMDB_API_KEY: FAKE_TMDB_KEY },
  });
}

function apiPid(): number {
  return JSON.parse(readFileSync(paths.stateFile, "utf8")).pid;
}

function startNotices(result: CliResult): string[] {
  return result.stderr.split("\n").filter((line) => line.includes("started the local API"));
}

async function ratedIds(): Promise<number[]> {
  const result = await watchlist(["ratings", "--json"]);
  expect(result.code, result.stderr).toBe(0);
  return result
    .json<{ movie: { tmdbId: number } }[]>()
    .map((entry) => entry.movie.tmdbId)
    .sort((a, b) => a - b);
}

beforeAll(async () => {
  await ensureBuilt();
  fakeTmdb = await startFakeTmdb();
}, 300_000);

afterAll(async () => {
  await watchlist(["server", "stop"]);
  await fakeTmdb?.close();
});

describe("local mode", { timeout: 180_000 }, () => {
  it("register, rate, queue and list on a background API it starts, with one line saying so", async () => {
    const registered = await watchlist(
      ["register", "--email", "ana@example.com", "--username", "ana", "--password-stdin"],
      "correct horse battery\n",
    );
    expect(registered.code, registered.stderr).toBe(0);
    const notices = startNotices(registered);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(paths.dataDir);
    if (process.getuid?.() === 0) {
      // As root, PostgreSQL runs as another account, for which the private temp folder was opened (search only).
      expect(notices[0]).toMatch(new RegExp(`; gave .* search access to .*${dirname(configDir)}`));
    }

    const rated = await watchlist(["rate", "tmdb:27205", "super-like"]);
    expect(rated.code, rated.stderr).toBe(0);
    expect(startNotices(rated)).toEqual([]); // reused
    const queued = await watchlist(["queue", "tmdb:157336", "--priority", "high"]);
    expect(queued.code, queued.stderr).toBe(0);

    const ratings = await watchlist(["ratings", "--json"]);
    expect(ratings.json()).toMatchObject([{ movie: { tmdbId: 27205, title: "Inception" }, rating: "SUPER_LIKE" }]);
    const queue = await watchlist(["queue", "--json"]);
    expect(queue.json()).toMatchObject([{ movie: { tmdbId: 157336 }, priority: "HIGH" }]);

    expect(statSync(paths.secretFile).mode & 0o777).toBe(0o600);
    const status = await watchlist(["server", "status", "--json"]);
    expect(status.json()).toMatchObject({ running: true, pid: apiPid(), database: "embedded PostgreSQL", dataDir: paths.dataDir });
  });

  it("logged out: says 'not logged in (local mode)', without the local API's port, which changes at each start", async () => {
    expect((await watchlist(["logout"])).code).toBe(0);
    const refused = await watchlist(["ratings"]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toBe("error: not logged in (local mode): run `watchlist login` (or `watchlist register`)\n");
    const login = await watchlist(["login", "--email", "ana@example.com", "--password-stdin"], "correct horse battery\n");
    expect(login.code, login.stderr).toBe(0);
  });

  it("server stop stops it, keeping the data: the next command starts it again and finds everything", async () => {
    const pid = apiPid();
    const stopped = await watchlist(["server", "stop"]);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect((await watchlist(["server", "status", "--json"])).json()).toMatchObject({ running: false });

    const listed = await watchlist(["ratings", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(startNotices(listed)).toHaveLength(1);
    expect(listed.json()).toMatchObject([{ movie: { tmdbId: 27205 }, rating: "SUPER_LIKE" }]);
    expect((await watchlist(["queue", "--json"])).json()).toMatchObject([{ movie: { tmdbId: 157336 } }]);
  });

  it("two commands started at the same moment start one API between them", async () => {
    await watchlist(["server", "stop"]);
    const before = readFileSync(paths.logFile, "utf8").match(/listening on/g)!.length;
    const [first, second] = await Promise.all([watchlist(["ratings", "--json"]), watchlist(["queue", "--json"])]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(startNotices(first).length + startNotices(second).length).toBe(1);
    expect(readFileSync(paths.logFile, "utf8").match(/listening on/g)!.length).toBe(before + 1);
  });

  it("a rating survives a kill -9 of the background API: the next listing restarts it and shows the rating", async () => {
    const rated = await watchlist(["rate", "tmdb:155", "like"]);
    expect(rated.code, rated.stderr).toBe(0);
    const pid = apiPid();
    process.kill(pid, "SIGKILL");
    while (isAlive(pid)) await sleep(20);

    const listed = await watchlist(["ratings", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(startNotices(listed)).toHaveLength(1);
    expect(apiPid()).not.toBe(pid);
    expect(await ratedIds()).toEqual([155, 27205]);
  });

  it("a damaged state file with the API running: the next command replaces that API (no orphan left on the data)", async () => {
    expect((await watchlist(["ratings", "--json"])).code).toBe(0);
    const pid = apiPid();
    writeFileSync(paths.stateFile, '{"pid": 12'); // truncated
    const listed = await watchlist(["ratings", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(apiPid()).not.toBe(pid);
  });

  it("server stop stops an API whose state file is gone", async () => {
    expect((await watchlist(["ratings", "--json"])).code).toBe(0);
    const pid = apiPid();
    rmSync(paths.stateFile);
    const stopped = await watchlist(["server", "stop"]);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toContain("Stopped the local API");
    expect(isAlive(pid)).toBe(false);
  });

  it("Ctrl-C of the command that is starting the API: the API finishes starting and the next command uses it", async () => {
    await watchlist(["server", "stop"]);
    const interrupted = spawn(process.execPath, [BIN, "ratings", "--json"], {
      env: cleanEnv({ WATCHLIST_CONFIG_DIR: configDir, TMDB_BASE_URL: fakeTmdb.url, TMDB_API_KEY: FAKE_TMDB_KEY }),
      stdio: "ignore",
    });
    while (!existsSync(paths.stateFile)) await sleep(10); // the API has been spawned and is starting
    interrupted.kill("SIGINT");
    await new Promise((resolve) => interrupted.once("exit", resolve));
    const listed = await watchlist(["ratings", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(startNotices(listed)).toEqual([]); // the interrupted command's API, not a second one
    const stopped = await watchlist(["server", "stop"]);
    expect(stopped.stderr).toContain("Stopped the local API");
  });

  it("follows the TMDB key the CLI runs with: one exported after the API started reaches TMDB (issue 9)", async () => {
    const keyless = await runCli(["search", "inception"], {
      timeoutMs: 120_000,
      env: { WATCHLIST_CONFIG_DIR: configDir, TMDB_BASE_URL: fakeTmdb.url },
    });
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toMatch(/TMDB is not configured/);
    const keyed = await watchlist(["search", "inception", "--json"]);
    expect(keyed.code, keyed.stderr).toBe(0);
    expect(startNotices(keyed)).toHaveLength(1);
    expect(keyed.json<{ tmdbId: number }[]>().map((movie) => movie.tmdbId)).toContain(27205);
  });

  it("config set/unset tmdb-key stops a running local API, saying so, so the next command starts it with the key", async () => {
    expect((await watchlist(["ratings", "--json"])).code).toBe(0);
    const pid = apiPid();
    const set = await watchlist(["config", "set", "tmdb-key", "0123456789abcdef0123456789abcdef"]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr.trim()).toBe("tmdb-key set; stopped the local API, the next command starts it with this change");
    expect(isAlive(pid)).toBe(false);
    const unset = await watchlist(["config", "unset", "tmdb-key"]);
    expect(unset.stderr.trim()).toBe("tmdb-key unset"); // nothing was running
  });

  it("TMDB settings changed in another shell do not cut off an import: the API keeps running, each shell says why, and it restarts once idle", async () => {
    const otherTmdb = await startFakeTmdb();
    /** A second shell, with its own TMDB root exported. */
    const otherShell = (args: string[]) =>
      runCli(args, {
        timeoutMs: 120_000,
        env: { WATCHLIST_CONFIG_DIR: configDir, TMDB_BASE_URL: otherTmdb.url, TMDB_API_KEY: FAKE_TMDB_KEY },
      });
    try {
      const file = join(dirname(configDir), "ratings.csv");
      const titles = Array.from({ length: 30 }, (_, i) => `2024-01-01,Nobody Filmed This ${i + 1},2001,https://boxd.it/x${i},3`);
      writeFileSync(file, ["Date,Name,Year,Letterboxd URI,Rating", ...titles, ""].join("\n"));
      expect((await watchlist(["ratings", "--json"])).code).toBe(0);
      const pid = apiPid();
      fakeTmdb.setLatency(3_000);
      const before = fakeTmdb.requests.length;
      const importing = watchlist(["import", file, "--json"]);
      await expect.poll(() => fakeTmdb.requests.length, { timeout: 60_000 }).toBeGreaterThan(before);

      const meanwhile = await otherShell(["ratings", "--json"]);
      expect(meanwhile.code, meanwhile.stderr).toBe(0);
      expect(meanwhile.stderr).toMatch(
        /the local API keeps its earlier TMDB settings for now: another watchlist command \(pid \d+: import\) is using it, and a restart would cut it off/,
      );
      const set = await otherShell(["config", "set", "tmdb-base-url", otherTmdb.url]);
      expect(set.code, set.stderr).toBe(0);
      expect(set.stderr).toMatch(
        /^tmdb-base-url set; the local API keeps running, as another watchlist command \(pid \d+: import\) is using it/,
      );
      expect(apiPid()).toBe(pid);
      expect(isAlive(pid)).toBe(true);

      fakeTmdb.setLatency(0);
      const imported = await importing;
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.json().unmatched).toHaveLength(30);

      // Idle now: the other shell's next command restarts the API with its settings, and says so.
      const searched = await otherShell(["search", "inception", "--json"]);
      expect(searched.code, searched.stderr).toBe(0);
      expect(searched.stderr).toMatch(/^restarted the local API: its TMDB settings changed at http/m);
      expect(isAlive(pid)).toBe(false);
      expect(otherTmdb.requests.some((request) => request.path.includes("/search/movie"))).toBe(true);
    } finally {
      fakeTmdb.setLatency(0);
      await watchlist(["config", "unset", "tmdb-base-url"]);
      await otherTmdb.close();
    }
  });
});
