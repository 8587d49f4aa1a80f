// `watchlist import` driven through the real binary. The CLI's side of the import wire format
// (docs/import-cli.md: batches of one importId, summed reports, unmatched rows written to a CSV, Ctrl-C,
// exit codes) runs against a small in-test API that answers batches as the wire format says; the
// end-to-end runs against the real API and the fake TMDB are at the end of the file.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BOM, crlf, imdbRatings, letterboxdZip, lf, scratchDir, writeText, zipBomb } from "../import-formats/files.js";
import { BIN, ensureBuilt } from "./helpers/build.js";
import { cleanEnv, runCli } from "./helpers/cli.js";
import { plainText, runInPty } from "./helpers/pty.js";

/** Titles the in-test API "matches" (by title, IMDb id or TMDB id); everything else is unmatched. */
const KNOWN_TITLES = new Set([
  "The Matrix",
  "A Liked Film",
  "Crouching Tiger, Hidden Dragon",
  "Amélie",
  "Arrival",
  "Heat",
  "Spirited Away",
  "千と千尋の神隠し",
]);

interface Batch {
  importId: string;
  format: string;
  priority: string;
  dryRun: boolean;
  lists: { name: string; description: string | null; ranked: boolean }[];
  profile: { bio: string | null; favourites: number } | null;
  entries: any[];
}

/** An API answering POST /import as the wire format says, keeping what it stored (idempotent). */
function wireApi() {
  const batches: Batch[] = [];
  const documents: any[] = [];
  const stored = { ratings: new Map<string, string>(), queued: new Set<string>(), viewings: new Set<string>() };
  let delayMs = 0;
  const failures: number[] = [];
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests++;
    let text = "";
    request.setEncoding("utf8").on("data", (chunk) => (text += chunk));
    request.on("end", async () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const failure = failures.shift();
      if (failure)
        return answer(failure, { error: { code: failure === 409 ? "import_running" : "tmdb_unavailable", message: `failed ${failure}` } });
      const url = new URL(request.url ?? "/", "http://api");
      if (request.method !== "POST" || url.pathname !== "/import") return answer(404, { error: { code: "not_found", message: "no" } });
      const body = JSON.parse(text);
      const dryRun = url.searchParams.get("dryRun") === "true";
      const counts = () => ({ added: 0, updated: 0, unchanged: 0 });
      const report = {
        format: body.format ?? "watchlist",
        dryRun,
        ratings: counts(),
        watchlist: counts(),
        history: counts(),
        skipped: [],
        unmatched: [] as any[],
      };
      if (body.version) {
        documents.push(body);
        report.ratings.added = body.ratings.length;
        report.watchlist.added = body.watchlist.length;
        report.history.added = body.history?.length ?? 0;
        return answer(200, report);
      }
      batches.push({ ...body, dryRun });
      for (const entry of body.entries) {
        const key = entry.tmdbId ? `tmdb:${entry.tmdbId}` : entry.imdbId && entry.title !== "Unknown Film" ? entry.imdbId : entry.title;
        if (!entry.tmdbId && !KNOWN_TITLES.has(entry.title)) {
          report.unmatched.push({ title: entry.title, year: entry.year, source: entry.ref });
          continue;
        }
        const write = <T>(set: { has(key: T): boolean; add?: (key: T) => void }, item: T, counts: { added: number; unchanged: number }) => {
          if (set.has(item)) counts.unchanged++;
          else {
            counts.added++;
            if (!dryRun) (set as Set<T>).add(item);
          }
        };
        if (entry.rating) {
          if (stored.ratings.get(key) === entry.rating) report.ratings.unchanged++;
          else {
            report.ratings.added++;
            if (!dryRun) stored.ratings.set(key, entry.rating);
          }
        } else if (entry.queued) write(stored.queued, key, report.watchlist);
        for (const viewing of entry.viewings) write(stored.viewings, `${key} ${viewing.watchedOn} ${viewing.rewatch}`, report.history);
      }
      answer(200, report);
    });
  });
  return {
    batches,
    documents,
    stored,
    requests: () => requests,
    setDelay: (ms: number) => {
      delayMs = ms;
    },
    failNext: (...statuses: number[]) => failures.push(...statuses),
    async start() {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

let api: ReturnType<typeof wireApi>;
let apiUrl: string;
let dir: string;
const env = () => ({ WATCHLIST_API_URL: apiUrl, WATCHLIST_CONFIG_DIR: dir });
const run = (args: string[], input?: string) => runCli(args, { env: env(), input });

beforeAll(async () => {
  await ensureBuilt();
  dir = scratchDir();
  api = wireApi();
  apiUrl = await api.start();
}, 120_000);
afterAll(() => api.close());
beforeEach(() => {
  api.batches.length = 0;
  api.documents.length = 0;
  api.stored.ratings.clear();
  api.stored.queued.clear();
  api.stored.viewings.clear();
  api.setDelay(0);
});

/** An IMDb ratings export of `count` made-up films (every one known to the in-test API's by its title). */
function bigImdbFile(name: string, count: number): string {
  const rows = Array.from(
    { length: count },
    (_, i) => `tt${String(9_000_000 + i)},${(i % 10) + 1},2020-01-01,Heat,,,Movie,,,${1900 + (i % 120)},,,,`,
  );
  const lines = [
    imdbRatings[0],
    ...rows.map((row, i) => row.replace("Heat", i % 2 ? "Heat" : "Arrival").replace(/^tt\d+/, `tt${9_000_000 + i}`)),
  ];
  return writeText(dir, name, lf(lines));
}

describe("import: the CLI side of the wire format", { timeout: 60_000 }, () => {
  it("a Letterboxd zip: batches of one import, the summed report (--json), the unmatched rows listed and written to a CSV named on stderr", async () => {
    const zip = join(dir, "letterboxd-me-2024-05-01-utc.zip");
    await letterboxdZip(zip);
    const result = await run(["import", zip, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const report = result.json();
    expect(report).toEqual({
      format: "letterboxd",
      dryRun: false,
      ratings: { added: 4, updated: 0, unchanged: 0 },
      watchlist: { added: 1, updated: 0, unchanged: 0 },
      history: { added: 6, updated: 0, unchanged: 0 },
      // This fake API answers no list counts (test/cli/list-import.test.ts imports lists for real).
      lists: { added: 0, updated: 0, unchanged: 0 },
      listEntries: { added: 0, updated: 0, unchanged: 0 },
      // Nor reviews, tags or profile counts (test/services/import-reviews.test.ts writes them for real).
      reviews: { added: 0, updated: 0, unchanged: 0 },
      tags: { added: 0, updated: 0, unchanged: 0 },
      profile: { added: 0, updated: 0, unchanged: 0 },
      updated: [],
      skipped: [],
      unmatched: [{ title: "Cats", year: 2019, source: "ratings.csv line 6" }],
      unreadable: [{ source: "diary.csv line 5", reason: "3 fields where the header has 8" }],
      notImported: [
        { source: "comments.csv", reason: "comments are not imported (a comment belongs under a review on Letterboxd)" },
        { source: "deleted/diary.csv", reason: "deleted on Letterboxd: not imported" },
        { source: "deleted/reviews.csv", reason: "deleted on Letterboxd: not imported" },
        { source: "orphaned/watchlist.csv", reason: "orphaned on Letterboxd (its film or list is gone): not imported" },
        {
          source: "profile.csv",
          reason: "Date Joined, Username, Given Name, Email Address, Location: not imported (this account keeps its own)",
        },
        { source: "profile.csv Favorite Films", reason: "https://boxd.it/zzzz is not a film of the export's other files: not imported" },
      ],
      unmatchedFile: join(dir, "letterboxd-me-2024-05-01-utc-unmatched.csv"),
      // This fake API answers no detailsPending: none still being filled in.
      detailsPending: 0,
    });
    // Every batch names the lists the export holds, before their films arrive.
    expect(api.batches[0].lists).toEqual([
      { name: "Favourites", description: null, ranked: false },
      { name: "Liked films", description: null, ranked: false },
    ]);
    expect(new Set(api.batches.map((batch) => batch.importId)).size).toBe(1);
    // The profile goes once, with the first batch; the favourite films and reviews travel with their films.
    expect(api.batches.map((batch) => batch.profile)).toEqual([
      { bio: 'Films, mostly.\nSometimes "midnight" ones 📼', favourites: 2 },
      ...Array(api.batches.length - 1).fill(null),
    ]);
    const sent = api.batches.flatMap((batch) => batch.entries);
    expect(sent.find((entry) => entry.title === "The Matrix")).toMatchObject({
      favourite: 1,
      viewings: [{ review: { text: expect.stringContaining("there is no spoon") } }, { tags: ["imax", "with friends"] }],
    });
    expect(api.batches[0]).toMatchObject({ format: "letterboxd", priority: "MEDIUM", dryRun: false });
    // Off a TTY: no progress, only the note naming the file.
    expect(result.stderr).toBe(`1 not matched: written to ${report.unmatchedFile}; fill in tmdbID or imdbID there and import that file\n`);
    const csv = readFileSync(report.unmatchedFile, "utf8").split("\n");
    expect(csv[0]).toBe(
      "tmdbID,imdbID,Title,Year,Original Title,Rating,Rated At,Watchlist Added At,Viewings,Format,Source,Lists,Viewing Details,Favourite",
    );
    expect(csv[1]).toBe(",,Cats,2019,,DISLIKE,2021-05-05T00:00:00.000Z,,undated,letterboxd,ratings.csv line 6,,,");

    // The person gives the film its TMDB id and imports the corrected file: matched now, the rest unchanged.
    writeFileSync(report.unmatchedFile, readFileSync(report.unmatchedFile, "utf8").replace(",,Cats,", "536743,,Cats,"));
    const again = await run(["import", report.unmatchedFile, "--json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json()).toMatchObject({
      format: "letterboxd",
      ratings: { added: 1 },
      history: { added: 1 },
      unmatched: [],
      unmatchedFile: null,
    });
    expect(api.stored.ratings.get("tmdb:536743")).toBe("DISLIKE");
  });

  it("re-running the same file changes nothing (the API is idempotent); the report says unchanged", async () => {
    const zip = join(dir, "again.zip");
    await letterboxdZip(zip);
    expect((await run(["import", zip])).code).toBe(0);
    const second = await run(["import", zip, "--json"]);
    expect(second.json()).toMatchObject({
      ratings: { added: 0, unchanged: 4 },
      watchlist: { added: 0, unchanged: 1 },
      history: { added: 0, unchanged: 6 },
    });
  });

  it("IMDb ratings (BOM, CRLF): non-films never sent and reported as skipped; human summary on stdout", async () => {
    const file = writeText(dir, "ratings.csv", BOM + crlf(imdbRatings));
    const result = await run(["import", file]);
    expect(result.code, result.stderr).toBe(0);
    const sent = api.batches.flatMap((batch) => batch.entries.map((entry) => entry.title));
    expect(sent).not.toContain("Breaking Bad");
    expect(api.batches[0].entries.find((entry) => entry.title === "The Matrix")).toMatchObject({
      imdbId: "tt0133093",
      rating: "SUPER_LIKE",
      ratedAt: "2019-05-02T00:00:00.000Z",
    });
    expect(result.stdout).toContain("Imported IMDb ratings.\nratings: 4 added, 0 updated, 0 unchanged\n");
    expect(result.stdout).toContain(
      "Skipped 3:\n  Breaking Bad (2008): not a movie (TV Series)\n  Ozymandias (2013): not a movie (TV Episode)\n  Hitman (2016): not a movie (Video Game)\n",
    );
    expect(result.stdout).toContain(
      `Not matched 2 (in ${join(dir, "ratings-unmatched.csv")}):\n  He Said "Hi" (1983), ratings.csv line 9\n  A Short One (2003), ratings.csv line 10\n`,
    );
    expect(result.stdout).toContain("Unreadable 1:\n  ratings.csv line 8: 4 fields where the header has 14");
  });

  it("--dry-run asks the API for a dry run on every batch; --priority is sent for queued entries", async () => {
    const zip = join(dir, "dry.zip");
    await letterboxdZip(zip);
    const result = await run(["import", zip, "--dry-run", "--priority", "low", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json()).toMatchObject({ dryRun: true, ratings: { added: 4 } });
    expect(api.batches.every((batch) => batch.dryRun && batch.priority === "LOW")).toBe(true);
    expect(api.stored.ratings.size).toBe(0);
    expect((await run(["import", zip, "--priority", "urgent"])).code).toBe(2);
  });

  it("a big file goes in several batches of one import; stdin works too", async () => {
    const file = bigImdbFile("big.csv", 1200);
    const result = await run(["import", "-", "--json"], readFileSync(file, "utf8"));
    expect(result.code, result.stderr).toBe(0);
    expect(result.json().ratings.added).toBe(1200);
    expect(api.batches.length).toBeGreaterThan(1);
    expect(api.batches.every((batch) => batch.entries.length <= 500)).toBe(true);
    expect(new Set(api.batches.map((batch) => batch.importId)).size).toBe(1);
    expect(api.batches.reduce((sum, batch) => sum + batch.entries.length, 0)).toBe(1200);
  });

  it("our own export goes as documents (each watchlist entry keeps its priority)", async () => {
    const doc = {
      version: 2,
      ratings: [{ tmdbId: 603, rating: "LIKE" }],
      watchlist: [{ tmdbId: 329865, priority: "HIGH" }],
      history: [{ tmdbId: 603, watchedOn: "2020-01-01", rewatch: false }],
    };
    const result = await run(["import", writeText(dir, "backup.json", JSON.stringify(doc)), "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json()).toMatchObject({ format: "watchlist", ratings: { added: 1 }, watchlist: { added: 1 }, history: { added: 1 } });
    expect(api.documents).toEqual([{ ...doc }]);
  });

  it("Ctrl-C stops sending batches (exit 130, how far it got); a re-run finishes the rest", async () => {
    const file = bigImdbFile("interrupted.csv", 1000);
    api.setDelay(400);
    const child = spawn(process.execPath, [BIN, "import", file, "--json"], { env: cleanEnv(env()), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    while (api.batches.length < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill("SIGINT");
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^error: interrupted: \d+ entries were imported; run the same command again to import the rest\n$/);
    const sentBefore = api.stored.ratings.size;
    expect(sentBefore).toBeGreaterThan(0);
    expect(sentBefore).toBeLessThan(1000);
    const interruptedIds = new Set(api.batches.map((batch) => batch.importId));
    expect(interruptedIds.size).toBe(1);

    // Issue 17, item 15: the re-run is the same import (same importId: one activity, undone whole).
    api.setDelay(0);
    const batchesBefore = api.batches.length;
    const again = await run(["import", file, "--json"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^Continuing the import interrupted after \d+ entries \(.+ UTC\): the same import, undone as one\n/);
    expect(again.json().ratings.added + again.json().ratings.unchanged).toBe(1000);
    expect(api.stored.ratings.size).toBe(1000);
    const resumedIds = new Set(api.batches.slice(batchesBefore).map((batch) => batch.importId));
    expect(resumedIds).toEqual(interruptedIds);

    // Finished: a later run of the same file is a new import.
    const third = await run(["import", file, "--json"]);
    expect(third.stderr).not.toMatch(/Continuing/);
    expect(api.batches.at(-1)!.importId).not.toBe([...interruptedIds][0]);
  });

  it("waits while another import of the account is still running (409), then goes on", async () => {
    api.failNext(409, 409);
    const result = await run(["import", writeText(dir, "busy.csv", BOM + crlf(imdbRatings)), "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json().ratings.added).toBe(4);
  });

  it("exit 1 when the API or TMDB fails, saying how far the import got", async () => {
    const file = bigImdbFile("failing.csv", 300);
    api.failNext(0, 502);
    // The first batch passes (status 0 = no failure), the second fails.
    const result = await run(["import", file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: failed 502 \(50 entries were imported; run the same command again to finish\)\n$/);
  });

  it("exit 2 and nothing sent: a file of no known format, a file too big, an empty path", async () => {
    const before = api.requests();
    const unknown = await run(["import", writeText(dir, "movies.csv", lf(["film,score", "Inception,like"]))]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(unknown.stderr).toMatch(/^error: .+movies\.csv is not a file import reads: it reads a Letterboxd export/);
    const huge = join(dir, "huge.zip");
    writeFileSync(huge, "PK\u0003\u0004");
    truncateSync(huge, 200 * 1024 * 1024);
    const big = await run(["import", huge]);
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/huge\.zip is 200 MB: import reads files up to 100 MB\n$/);
    expect((await run(["import", ""])).code).toBe(2);
    expect(api.requests()).toBe(before);
    expect(existsSync(join(dir, "movies-unmatched.csv"))).toBe(false);
  });

  it("a zip bomb (3 MB holding 1 GB), its directory honest or lying: exit 2 within seconds, one line, nothing sent", async () => {
    const before = api.requests();
    for (const [name, claimedBytes] of [
      ["bomb.zip", undefined],
      ["lying-bomb.zip", 40_000],
    ] as const) {
      const path = join(dir, name);
      zipBomb(path, { claimedBytes });
      const started = Date.now();
      const result = await run(["import", path]);
      // Before the fix it inflated and parsed the gigabyte at 100 % CPU for over 45 s.
      expect(Date.now() - started, name).toBeLessThan(10_000);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(`^error: .*${name.replace(".", "\\.")} is not a Letterboxd export: watched\\.csv .+ \\(a zip bomb\\?\\).*\n$`),
      );
    }
    expect(api.requests()).toBe(before);
  });

  it("on a terminal: a progress bar on stderr (done/total, rate, ETA) while batches are matched", async () => {
    const file = bigImdbFile("tty.csv", 400);
    api.setDelay(700);
    const pty = runInPty(["import", file], env());
    await pty.waitFor(/Matching .*\d+\/400 · [\d.–]+\/s · ETA/);
    expect(await pty.exited).toBe(0);
    expect(plainText(pty.raw())).toContain("ratings: 400 added");
    expect(plainText(pty.raw())).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  });
});

// The real API (POST /import batches, TMDB matching, idempotence) with the fake TMDB.
describe("import end to end: the real API and the fake TMDB", { timeout: 120_000 }, () => {
  let real: import("./helpers/api.js").ApiProcess;
  let person: ReturnType<typeof import("./helpers/cli.js").cliUser>;
  const ok = async (args: string[], input?: string) => {
    const result = await person.run(args, { input });
    expect(result.code, `watchlist ${args.join(" ")}: ${result.stderr}`).toBe(0);
    return result;
  };

  beforeAll(async () => {
    const { startApiProcess } = await import("./helpers/api.js");
    const { cliUser } = await import("./helpers/cli.js");
    real = await startApiProcess();
    person = cliUser(real.url);
    await ok(["register", "--email", "importer@example.com", "--username", "importer", "--password-stdin"], "import-password-1");
  }, 120_000);

  it("a Letterboxd zip: matched by title and year, the unknown listed; a dry run first changes nothing; a second run changes nothing and asks TMDB nothing", async () => {
    const zip = join(dir, "e2e-letterboxd.zip");
    await letterboxdZip(zip);
    const dry = (await ok(["import", zip, "--dry-run", "--json"])).json();
    expect(dry).toMatchObject({ format: "letterboxd", dryRun: true });
    expect((await ok(["ratings", "--json"])).json()).toEqual([]);

    const report = (await ok(["import", zip, "--json"])).json();
    expect(report).toMatchObject({
      format: "letterboxd",
      dryRun: false,
      ratings: dry.ratings,
      watchlist: dry.watchlist,
      history: dry.history,
    });
    const unmatched = report.unmatched.map((row: any) => row.title);
    expect(unmatched).toEqual(expect.arrayContaining(["Cats", "Crouching Tiger, Hidden Dragon", "Heat"]));
    const ratings = (await ok(["ratings", "--json"])).json<any[]>();
    expect(ratings.map((entry) => [entry.movie.title, entry.rating]).sort()).toEqual(
      [
        ["Amélie", "LIKE"],
        ["Spirited Away", "SUPER_LIKE"],
        ["The Matrix", "SUPER_LIKE"],
      ].sort(),
    );
    expect(ratings.find((entry) => entry.movie.title === "The Matrix").createdAt).toBe("2019-05-02T00:00:00.000Z");
    expect((await ok(["queue", "--json"])).json<any[]>().map((entry) => entry.movie.title)).toEqual(["Arrival"]);

    const calls = real.fakeTmdb.requests.length;
    const again = (await ok(["import", zip, "--json"])).json();
    expect(again.ratings).toEqual({ added: 0, updated: 0, unchanged: 3 });
    expect(again.history.added).toBe(0);
    expect(again.watchlist.added).toBe(0);
    expect(real.fakeTmdb.requests.length).toBe(calls);
  });

  it("IMDb ratings: matched by IMDb id, a series skipped, the unknown written to a CSV that imports once corrected", async () => {
    const file = writeText(dir, "e2e-imdb.csv", BOM + crlf(imdbRatings));
    const result = await ok(["import", file, "--json"]);
    const report = result.json();
    expect(report.format).toBe("imdb");
    expect(report.skipped).toEqual(expect.arrayContaining([{ title: "Breaking Bad", year: 2008, reason: "not a movie (TV Series)" }]));
    expect(report.unmatched.map((row: any) => row.title)).toContain('He Said "Hi"');
    expect(result.stderr).toContain(`written to ${report.unmatchedFile}`);
    const rated = (await ok(["ratings", "--json"])).json<any[]>();
    expect(rated.find((entry) => entry.movie.tmdbId === 603)).toMatchObject({ rating: "SUPER_LIKE" });

    // The person says which film "He Said Hi" is (Memento, tmdb 77), and imports the file.
    writeFileSync(
      report.unmatchedFile,
      readFileSync(report.unmatchedFile, "utf8").replace(/^,(tt0086250)?,"He Said ""Hi""",/m, '77,,"He Said ""Hi""",'),
    );
    const fixed = (await ok(["import", report.unmatchedFile, "--json"])).json();
    expect(fixed.unmatched.map((row: any) => row.title)).not.toContain('He Said "Hi"');
    expect((await ok(["ratings", "--json"])).json<any[]>().find((entry) => entry.movie.tmdbId === 77)).toMatchObject({ rating: "DISLIKE" });
  });
});
