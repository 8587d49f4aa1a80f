// A terminal that reports 0 columns (`script` run from a non-terminal, `docker run -t` before its
// first resize, CI wrappers): the spinner and the progress bar still draw a bounded amount and the
// command finishes. ora read `columns ?? 80`, so 0 made its count of lines to clear Infinity and its
// clear loop never ended (89 % CPU, 1 GB of output in 10 minutes).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiProcess, startApiProcess } from "./helpers/api.js";
import { cliUser } from "./helpers/cli.js";
import { runInPty } from "./helpers/pty.js";

/** Far more than a few seconds of spinner frames (~60 bytes each, 12 a second). */
const BOUND = 256 * 1024;
const HIDE_CURSOR = "\u001b[?25l";
const ZERO_WIDTH = { columns: 0, rows: 0, maxOutputBytes: 8 * BOUND };

let api: ApiProcess;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  api = await startApiProcess();
  const user = cliUser(api.url);
  // Spinners stay still where CI is set: this terminal must look like a person's.
  env = { WATCHLIST_API_URL: api.url, WATCHLIST_CONFIG_DIR: user.configDir, CI: undefined };
  const registered = await user.run(["register", "--email", "zero@example.com", "--username", "zero", "--password-stdin"], {
    input: "a zero-width terminal",
  });
  expect(registered.code, registered.stderr).toBe(0);
}, 120_000);

describe("on a terminal of 0 columns", { timeout: 60_000 }, () => {
  it("the spinner draws while TMDB is slow, then the command finishes with bounded output", async () => {
    api.fakeTmdb.setLatency(1_500);
    try {
      const pty = runInPty(["search", "Inception", "--json"], env, ZERO_WIDTH);
      expect(await pty.exited).toBe(0);
      // The spinner did spin (ora hides the cursor then; else this test would prove nothing), and the results were printed.
      expect(pty.raw()).toContain(HIDE_CURSOR);
      expect(pty.text()).toContain("Searching for Inception");
      expect(pty.text()).toContain(`"tmdbId": 27205`);
      expect(pty.raw().length).toBeLessThan(BOUND);
    } finally {
      api.fakeTmdb.setLatency(0);
    }
  });

  it("the import's progress bar draws and the import finishes with bounded output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zero-width-"));
    const file = join(dir, "ratings.csv");
    writeFileSync(
      file,
      "Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Inception,2010,https://boxd.it/1,4\n2024-01-02,Arrival,2016,https://boxd.it/2,5\n",
    );
    api.fakeTmdb.setLatency(700);
    try {
      const pty = runInPty(["import", file], env, ZERO_WIDTH);
      expect(await pty.exited).toBe(0);
      expect(pty.raw()).toContain(HIDE_CURSOR);
      expect(pty.text()).toMatch(/Matching .*\d\/2/);
      expect(pty.raw().length).toBeLessThan(BOUND);
    } finally {
      api.fakeTmdb.setLatency(0);
    }
  });
});
