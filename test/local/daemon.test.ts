// The background API's life cycle, with a stand-in server (the real one is covered end to end in
// local-mode.e2e.test.ts): start once, reuse, one start for concurrent callers, restart after a
// kill -9, status and stop.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureLocalApi, localApiStatus, stopLocalApi, stopLocalApiWhenIdle } from "../../src/local/daemon.js";
import { localPaths } from "../../src/local/paths.js";
import { isAlive, sleep } from "../../src/local/process.js";
import { exited, firstJsonLine, ROOT, runFixture, tempDir } from "./helpers.js";

// The API runs in the config dir: jiti is named by path, not resolved from there.
const FAKE = [
  process.execPath,
  "--import",
  pathToFileURL(join(ROOT, "node_modules/jiti/lib/jiti-register.mjs")).href,
  join(ROOT, "test/local/fixtures/fake-serve.ts"),
];
const base = tempDir("daemon");
let dir: string;
let starts: string;
let n = 0;

function startCount(): number {
  return existsSync(starts) ? readFileSync(starts, "utf8").trim().split("\n").length : 0;
}

beforeEach(() => {
  dir = join(base, `config-${n++}`);
  starts = join(base, `starts-${n}`);
  process.env.WATCHLIST_CONFIG_DIR = dir;
  process.env.FAKE_SERVE_STARTS = starts;
  delete process.env.DATABASE_URL;
  delete process.env.TMDB_API_KEY;
  delete process.env.TMDB_READ_TOKEN;
  delete process.env.TMDB_BASE_URL;
  delete process.env.FAKE_SERVE_FAIL;
  delete process.env.FAKE_SERVE_DELAY_MS;
});

afterEach(async () => {
  await stopLocalApi();
});

describe("ensureLocalApi", () => {
  it("starts the API in the background once, records it, then reuses it", async () => {
    const first = await ensureLocalApi({ serveCommand: FAKE });
    expect(first).toMatchObject({
      started: true,
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      dataDir: localPaths(dir).dataDir,
    });
    const state = JSON.parse(readFileSync(localPaths(dir).stateFile, "utf8"));
    expect(state).toMatchObject({ url: first.url, port: Number(new URL(first.url).port), database: "embedded" });
    expect(isAlive(state.pid)).toBe(true);
    expect(readFileSync(localPaths(dir).logFile, "utf8")).toContain(`listening on ${first.url}`);

    const second = await ensureLocalApi({ serveCommand: FAKE });
    expect(second).toEqual({ ...first, started: false });
    expect(startCount()).toBe(1);
  });

  it("starts one API when two commands start at the same moment", async () => {
    process.env.FAKE_SERVE_DELAY_MS = "500"; // a start that takes a while, like a first initdb
    const callers = [0, 1].map(() => runFixture("ensure-local-api.ts", [JSON.stringify(FAKE)]));
    const results = await Promise.all(callers.map((child) => firstJsonLine<{ url: string; started: boolean }>(child)));
    await Promise.all(callers.map(exited));
    expect(startCount()).toBe(1);
    expect(results[0].url).toBe(results[1].url);
    expect(results.filter((result) => result.started)).toHaveLength(1);
  });

  it("starts a new API when the recorded one was killed", async () => {
    const first = await ensureLocalApi({ serveCommand: FAKE });
    const { pid } = JSON.parse(readFileSync(localPaths(dir).stateFile, "utf8"));
    process.kill(pid, "SIGKILL");
    while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await ensureLocalApi({ serveCommand: FAKE });
    expect(second.started).toBe(true);
    expect(second.url).not.toBe(first.url);
    expect(startCount()).toBe(2);
  });

  it("replaces an API started by another watchlist version (the CLI was upgraded since)", async () => {
    const first = await ensureLocalApi({ serveCommand: FAKE });
    const state = JSON.parse(readFileSync(localPaths(dir).stateFile, "utf8"));
    expect(state.version).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    writeFileSync(localPaths(dir).stateFile, JSON.stringify({ ...state, version: "0.0.1" }));
    const second = await ensureLocalApi({ serveCommand: FAKE });
    expect(second.started).toBe(true);
    expect(second.url).not.toBe(first.url);
    expect(isAlive(state.pid)).toBe(false);
  });

  it("finds an API whose starting command was interrupted (Ctrl-C): waits for it instead of starting another", async () => {
    process.env.FAKE_SERVE_DELAY_MS = "1500";
    const interrupted = runFixture("ensure-local-api.ts", [JSON.stringify(FAKE)]);
    while (startCount() === 0) await sleep(20); // the API is spawned and starting
    interrupted.kill("SIGINT");
    await exited(interrupted);
    const next = await ensureLocalApi({ serveCommand: FAKE });
    expect(next.started).toBe(false);
    expect(startCount()).toBe(1);
    expect(JSON.parse(readFileSync(localPaths(dir).stateFile, "utf8")).url).toBe(next.url);
  });

  it("does not signal a process that took the recorded pid (pid reuse): it is left alone and a new API starts", async () => {
    await ensureLocalApi({ serveCommand: FAKE });
    const state = JSON.parse(readFileSync(localPaths(dir).stateFile, "utf8"));
    // A stranger whose command line even says "serve" (like `hugo server`, `ollama serve`) and answers /health.
    const stranger = runFixture("fake-serve.ts", [], { env: { FAKE_SERVE_STARTS: join(base, "stranger") } });
    const strangerUrl = await new Promise<string>((resolve) =>
      stranger.stdout!.on("data", (chunk) => resolve(String(chunk).match(/http\S+/)![0])),
    );
    try {
      await stopLocalApi();
      writeFileSync(localPaths(dir).stateFile, JSON.stringify({ ...state, pid: stranger.pid, url: strangerUrl }));
      const next = await ensureLocalApi({ serveCommand: FAKE });
      expect(next.started).toBe(true);
      expect(next.url).not.toBe(strangerUrl);
      expect(isAlive(stranger.pid!)).toBe(true);
    } finally {
      stranger.kill();
    }
  });

  it("replaces an API on the embedded database once DATABASE_URL is set (and the other way round)", async () => {
    const embedded = await ensureLocalApi({ serveCommand: FAKE });
    process.env.DATABASE_URL = "postgresql://me:s3cret@db.example:5433/watchlist";
    const external = await ensureLocalApi({ serveCommand: FAKE });
    expect(external).toMatchObject({ started: true, dataDir: undefined });
    expect(external.url).not.toBe(embedded.url);
    expect(await ensureLocalApi({ serveCommand: FAKE })).toEqual({ ...external, started: false });
    delete process.env.DATABASE_URL;
    expect(await ensureLocalApi({ serveCommand: FAKE })).toMatchObject({ started: true, dataDir: localPaths(dir).dataDir });
    expect(startCount()).toBe(3);
  });

  it("replaces the API when the CLI runs with other TMDB settings than it started with (a key exported later)", async () => {
    const keyless = await ensureLocalApi({ serveCommand: FAKE });
    process.env.TMDB_API_KEY = "0123456789abcdef0123456789abcdef";
    const keyed = await ensureLocalApi({ serveCommand: FAKE });
    expect(keyed.started).toBe(true);
    expect(keyed.url).not.toBe(keyless.url);
    expect(await ensureLocalApi({ serveCommand: FAKE })).toEqual({ url: keyed.url, dataDir: keyed.dataDir, started: false });
    expect(readFileSync(localPaths(dir).stateFile, "utf8")).not.toContain("0123456789abcdef"); // a hash, not the key
    process.env.TMDB_API_KEY = "fedcba9876543210fedcba9876543210";
    expect((await ensureLocalApi({ serveCommand: FAKE })).started).toBe(true);
    delete process.env.TMDB_API_KEY;
    process.env.TMDB_READ_TOKEN = "eyJ.token";
    expect((await ensureLocalApi({ serveCommand: FAKE })).started).toBe(true);
    expect(startCount()).toBe(4);
  });

  it("keeps an API another command uses when only the TMDB settings changed, saying why, and replaces it once that command ends", async () => {
    const other = runFixture("hold-local-api.ts", [JSON.stringify(FAKE)], { stdio: ["pipe", "pipe", "pipe"] });
    const first = await firstJsonLine<{ url: string; started: boolean }>(other);
    expect(first.started).toBe(true);

    process.env.TMDB_BASE_URL = "http://127.0.0.1:9/3";
    const kept = await ensureLocalApi({ serveCommand: FAKE });
    expect(kept).toMatchObject({ url: first.url, started: false });
    expect(kept.note).toMatch(
      new RegExp(`keeps its earlier TMDB settings for now: another watchlist command \\(pid ${other.pid}: .+\\) is using it`),
    );
    expect(await stopLocalApiWhenIdle()).toEqual({ stopped: false, busy: [{ pid: other.pid, command: expect.any(String) }] });
    expect(startCount()).toBe(1);

    other.stdin!.end();
    await exited(other);
    const replaced = await ensureLocalApi({ serveCommand: FAKE });
    expect(replaced).toMatchObject({ started: true, note: "restarted the local API: its TMDB settings changed" });
    expect(replaced.url).not.toBe(first.url);
    expect(startCount()).toBe(2);
  });

  it("settings passed by the CLI count as its environment (a `config set tmdb-base-url` value)", async () => {
    const plain = await ensureLocalApi({ serveCommand: FAKE });
    const env = { ...process.env, TMDB_BASE_URL: "http://127.0.0.1:9/3" };
    const configured = await ensureLocalApi({ serveCommand: FAKE, env });
    expect(configured.started).toBe(true);
    expect(configured.url).not.toBe(plain.url);
    expect((await ensureLocalApi({ serveCommand: FAKE, env })).started).toBe(false);
  });

  it("a client that died without a word (kill -9) does not hold the API", async () => {
    const other = runFixture("hold-local-api.ts", [JSON.stringify(FAKE)], { stdio: ["pipe", "pipe", "pipe"] });
    await firstJsonLine(other);
    other.kill("SIGKILL");
    await exited(other);
    expect(existsSync(join(localPaths(dir).clientsDir, String(other.pid)))).toBe(true);
    process.env.TMDB_BASE_URL = "http://127.0.0.1:9/3";
    expect(await ensureLocalApi({ serveCommand: FAKE })).toMatchObject({ started: true });
    expect(existsSync(join(localPaths(dir).clientsDir, String(other.pid)))).toBe(false);
  });

  it("takes over a lock left by a process that died", async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(localPaths(dir).lockFile, "999999"); // no such pid
    const result = await ensureLocalApi({ serveCommand: FAKE });
    expect(result.started).toBe(true);
    expect(existsSync(localPaths(dir).lockFile)).toBe(false);
  });

  it("reports a start that fails in one line: the API's error and where its log is", async () => {
    process.env.FAKE_SERVE_FAIL = "1";
    const failure = await ensureLocalApi({ serveCommand: FAKE }).catch((error: Error) => error);
    expect((failure as Error).message).toBe(`could not start the local API: cannot start (as asked) (log: ${localPaths(dir).logFile})`);
    expect(existsSync(localPaths(dir).stateFile)).toBe(false);
  });
});

describe("localApiStatus and stopLocalApi", () => {
  it("shows what runs where, stops it, and says when nothing runs", async () => {
    expect(await localApiStatus()).toEqual({
      running: false,
      url: undefined,
      pid: undefined,
      database: "embedded PostgreSQL",
      dataDir: localPaths(dir).dataDir,
      logFile: localPaths(dir).logFile,
    });
    const { url } = await ensureLocalApi({ serveCommand: FAKE });
    const status = await localApiStatus();
    expect(status).toMatchObject({ running: true, url, pid: expect.any(Number) });

    expect(await stopLocalApi()).toBe(true);
    expect(isAlive(status.pid!)).toBe(false);
    expect(existsSync(localPaths(dir).stateFile)).toBe(false);
    expect((await localApiStatus()).running).toBe(false);
    expect(await stopLocalApi()).toBe(false);
  });

  it("names an external database without its password", async () => {
    process.env.DATABASE_URL = "postgresql://me:s3cret@db.example:5433/watchlist";
    await ensureLocalApi({ serveCommand: FAKE });
    const status = await localApiStatus();
    expect(status.database).toBe("postgresql://me@db.example:5433/watchlist");
    expect(status.dataDir).toBeUndefined();
    expect(JSON.stringify(status)).not.toContain("s3cret");
    expect(readFileSync(localPaths(dir).stateFile, "utf8")).not.toContain("s3cret");
  });
});
