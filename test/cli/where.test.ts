// `watchlist where` and the region the CLI asks in, through the real binary against a real API
// process, PostgreSQL and the fake TMDB. stdin is a pipe: output is the piped form.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { fakeMovies as m, UNKNOWN_TMDB_ID } from "../fake-tmdb/index.js";
import { startApiProcess } from "./helpers/api.js";
import { type CliOptions, type CliResult, cliUser } from "./helpers/cli.js";

let cli: ReturnType<typeof cliUser>;
let api: Awaited<ReturnType<typeof startApiProcess>>;

/** No region from the machine running the tests: each test says where it is. */
const nowhere = { LANG: "C.UTF-8", LC_ALL: "", WATCHLIST_REGION: "" };

beforeAll(async () => {
  api = await startApiProcess();
  cli = cliUser(api.url);
  const registered = await cli.run(["register", "--email", "where@example.com", "--username", "where", "--password-stdin"], {
    input: "correct horse battery staple\n",
  });
  expect(registered.code, registered.stderr).toBe(0);
}, 120_000);

async function run(args: string[], env: CliOptions["env"] = {}): Promise<CliResult> {
  return cli.run(args, { env: { ...nowhere, ...env } });
}

async function ok(args: string[], env: CliOptions["env"] = {}): Promise<CliResult> {
  const result = await run(args, env);
  expect(result.code, `watchlist ${args.join(" ")}\n${result.stderr}`).toBe(0);
  return result;
}

describe("watchlist where", { timeout: 60_000 }, () => {
  it("lists a film's providers by kind, one row per offer when piped, with JustWatch named on stderr", async () => {
    const result = await ok(["where", `tmdb:${m.parasite.id}`, "--region", "gb"]);
    expect(result.stdout.trimEnd().split("\n")).toEqual([
      "kind\tprovider_id\tprovider",
      "stream\t11\tMUBI",
      "free with ads\t2100\tAmazon Prime Video with Ads",
      "rent\t2\tApple TV",
      "rent\t10\tAmazon Video",
      "buy\t2\tApple TV",
      "buy\t10\tAmazon Video",
      "buy\t3\tGoogle Play Movies",
    ]);
    expect(result.stderr).toContain("Parasite (2019) in GB: data from JustWatch");
  });

  it("--json is the contract's document", async () => {
    const answer = (await ok(["where", `tmdb:${m.inception.id}`, "--region", "GB", "--json"])).json();
    expect(answer).toMatchObject({
      movie: { tmdbId: m.inception.id, title: "Inception", certification: "12A", originalLanguage: "en", countries: ["US", "GB"] },
      region: "GB",
      flatrate: [{ id: 8, name: "Netflix" }],
      free: [],
      ads: [],
      source: "JustWatch via TMDB",
      link: expect.stringContaining("locale=GB"),
    });
    expect(answer.asOf).toEqual(expect.any(String));
  });

  it("says 'not available to stream in US' and exits 0 when TMDB lists nothing there", async () => {
    const result = await ok(["where", `tmdb:${m.parasite.id}`, "--region", "US"]);
    expect(result.stdout).toBe("kind\tprovider_id\tprovider\n");
    expect(result.stderr).toContain("not available to stream in US (data from JustWatch)");
  });

  it("exits 1 for a film TMDB does not know", async () => {
    const result = await run(["where", `tmdb:${UNKNOWN_TMDB_ID}`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
  });

  it("refuses a region that is not a country code (exit 2, one line)", async () => {
    for (const region of ["G", "XX"]) {
      const result = await run(["where", `tmdb:${m.parasite.id}`, "--region", region]);
      expect(result.code, region).toBe(2);
      expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });
});

describe("the region the CLI asks in", { timeout: 60_000 }, () => {
  const regionOf = async (env: CliOptions["env"]) => (await ok(["where", `tmdb:${m.inception.id}`, "--json"], env)).json().region;

  it("is WATCHLIST_REGION when set, before the locale", async () => {
    expect(await regionOf({ WATCHLIST_REGION: "de", LANG: "en_GB.UTF-8" })).toBe("DE");
  });

  it("is the locale's country without WATCHLIST_REGION (LANG=en_GB.UTF-8 → GB; LC_ALL first)", async () => {
    expect(await regionOf({ LANG: "en_GB.UTF-8" })).toBe("GB");
    expect(await regionOf({ LANG: "en_GB.UTF-8", LC_ALL: "de_DE.UTF-8" })).toBe("DE");
  });

  it("is US when neither says", async () => {
    expect(await regionOf({ LANG: "C.UTF-8" })).toBe("US");
  });

  it("an invalid WATCHLIST_REGION is a usage error naming it", async () => {
    const result = await run(["where", `tmdb:${m.inception.id}`], { WATCHLIST_REGION: "UK" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/WATCHLIST_REGION/);
  });
});

describe("the region and services of the profile", { timeout: 60_000 }, () => {
  it("profile set --region comes before WATCHLIST_REGION and the locale; clearing it gives them back", async () => {
    await ok(["profile", "set", "--region", "gb"]);
    try {
      const answer = (await ok(["where", `tmdb:${m.inception.id}`, "--json"], { WATCHLIST_REGION: "de", LANG: "en_US.UTF-8" })).json();
      expect(answer.region).toBe("GB");
      expect(answer.movie.certification).toBe("12A");
    } finally {
      await ok(["profile", "set", "--region", ""]);
    }
    expect((await ok(["where", `tmdb:${m.inception.id}`, "--json"], { WATCHLIST_REGION: "de" })).json().region).toBe("DE");
  });

  it("queue --on answers from what is stored at once, saying on stderr how many films it refreshes", async () => {
    for (const movie of [m.inception, m.spiritedAway, m.toyStory]) await ok(["queue", `tmdb:${movie.id}`]);
    await ok(["profile", "set", "--services", "8"]);
    // Two of the three fetched over a day ago; TMDB now takes far longer than the command may.
    const db = new pg.Client({ connectionString: api.databaseUrl });
    await db.connect();
    await db.query(`UPDATE "Movie" SET "providersFetchedAt" = now() - interval '25 hours' WHERE "tmdbId" = ANY($1::int[])`, [
      [m.inception.id, m.spiritedAway.id],
    ]);
    await db.end();
    const latency = 8_000;
    api.fakeTmdb.setLatency(latency);
    try {
      const started = performance.now();
      const result = await ok(["queue", "--on", "mine", "--sort", "title"], { LANG: "en_GB.UTF-8" });
      expect(performance.now() - started).toBeLessThan(latency / 2);
      expect(result.stdout.split("\n").filter((line) => /Inception|Spirited Away|Toy Story/.test(line))).toEqual([
        expect.stringContaining("Inception"),
        expect.stringContaining("Spirited Away"),
      ]);
      expect(result.stderr).toContain("refreshing where-to-watch data of 2 films in the background: run again in a minute for the latest");
    } finally {
      api.fakeTmdb.setLatency(0);
    }
  });
});
