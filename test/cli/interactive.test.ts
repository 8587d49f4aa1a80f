// Interactive flows on a pseudo-terminal: the emoji rating choice, choosing among ambiguous matches,
// hidden password entry, the offer after a search, Ctrl-C, and colour only where it belongs.
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiProcess, startApiProcess } from "./helpers/api.js";
import { cliUser } from "./helpers/cli.js";
import { KEY, runInPty } from "./helpers/pty.js";

const PASSWORD = "a secret nobody sees";

let api: ApiProcess;
let user: ReturnType<typeof cliUser>;
let env: Record<string, string>;

beforeAll(async () => {
  api = await startApiProcess();
  user = cliUser(api.url);
  env = { WATCHLIST_API_URL: api.url, WATCHLIST_CONFIG_DIR: user.configDir };
  const registered = await user.run(["register", "--email", "pty@example.com", "--username", "pty", "--password-stdin"], {
    input: PASSWORD,
  });
  expect(registered.code, registered.stderr).toBe(0);
}, 120_000);

async function ratingOf(tmdbId: number): Promise<string | undefined> {
  const ratings = (await user.run(["ratings", "--json"])).json<{ movie: { tmdbId: number }; rating: string }[]>();
  return ratings.find((entry) => entry.movie.tmdbId === tmdbId)?.rating;
}

describe("at a terminal", { timeout: 60_000 }, () => {
  it("asks for the rating with the emoji choice and saves the one chosen", async () => {
    const pty = runInPty(["rate", "Inception"], env);
    await pty.waitFor("Your rating for Inception (2010)");
    for (const choice of ["👎 Dislike", "😐 OK", "👍 Like", "❤️ Super like"]) expect(pty.text()).toContain(choice);
    await pty.press(KEY.down, KEY.enter); // from the default (Like) down to Super like
    expect(await pty.exited).toBe(0);
    expect(pty.text()).toContain("Rated Inception (2010) ❤️ Super like");
    expect(await ratingOf(27205)).toBe("SUPER_LIKE");
  });

  it("lets a person choose among same-titled movies", async () => {
    const pty = runInPty(["rate", "Dune", "ok"], env);
    await pty.waitFor("Several movies match 'Dune'");
    expect(pty.text()).toContain("Dune (2021)  tmdb:438631");
    expect(pty.text()).toContain("Dune (1984)  tmdb:841");
    await pty.press(KEY.down, KEY.enter);
    expect(await pty.exited).toBe(0);
    expect(pty.text()).toContain("Rated Dune (1984) 😐 OK");
    expect(await ratingOf(841)).toBe("OK");
    expect(await ratingOf(438631)).toBeUndefined();
  });

  it("Ctrl-C at a prompt exits 130 without a trace", async () => {
    const pty = runInPty(["rate", "tmdb:603"], env);
    await pty.waitFor("Your rating for The Matrix (1999)");
    await pty.press(KEY.ctrlC);
    expect(await pty.exited).toBe(130);
    expect(pty.text()).not.toMatch(/error|Error|at .+:\d+:\d+/);
    expect(await ratingOf(603)).toBeUndefined();
  });

  it("asks for missing credentials and hides the password", async () => {
    const pty = runInPty(["login"], env);
    await pty.waitFor("Email");
    await pty.press("pty@example.com", KEY.enter);
    await pty.waitFor("Password");
    await pty.press(PASSWORD, KEY.enter);
    expect(await pty.exited).toBe(0);
    expect(pty.text()).toContain("Logged in as pty <pty@example.com>");
    expect(pty.raw()).not.toContain(PASSWORD);
  });

  it("register asks for everything it lacks, the password twice", async () => {
    const newcomer = cliUser(api.url);
    const pty = runInPty(["register"], { WATCHLIST_API_URL: api.url, WATCHLIST_CONFIG_DIR: newcomer.configDir });
    await pty.waitFor("Email");
    await pty.press("newcomer@example.com", KEY.enter);
    await pty.waitFor("User name");
    await pty.press("newcomer", KEY.enter);
    await pty.waitFor("Password");
    await pty.press(PASSWORD, KEY.enter);
    await pty.waitFor("Password again");
    await pty.press(PASSWORD, KEY.enter);
    expect(await pty.exited).toBe(0);
    expect(pty.text()).toContain("Registered and logged in as newcomer <newcomer@example.com>");
    expect(pty.raw()).not.toContain(PASSWORD);
    expect((await newcomer.run(["whoami", "--json"])).json()).toMatchObject({ username: "newcomer" });
  });

  it("after a search, offers to rate or queue a result", async () => {
    const pty = runInPty(["search", "arrival"], env);
    await pty.waitFor("Rate or queue one of these?");
    expect(pty.text()).toMatch(/329865.*Arrival.*2016/);
    await pty.press(KEY.down, KEY.enter); // past "No, thanks" to Arrival
    await pty.waitFor("What now?");
    await pty.press(KEY.down, KEY.enter); // "Queue it"
    await pty.waitFor("Priority");
    await pty.press(KEY.up, KEY.enter); // from medium up to high
    expect(await pty.exited).toBe(0);
    expect(pty.text()).toContain("Queued Arrival (2016) (high priority)");
    const queue = (await user.run(["queue", "--json"])).json<{ movie: { tmdbId: number }; priority: string }[]>();
    expect(queue).toEqual([expect.objectContaining({ movie: expect.objectContaining({ tmdbId: 329865 }), priority: "HIGH" })]);
  });

  it("after recommendations, offers to queue one", async () => {
    const pty = runInPty(["recommend", "--limit", "3"], env);
    await pty.waitFor("Queue one of these?");
    await pty.press(KEY.down, KEY.enter); // past "No, thanks" to the best recommendation
    await pty.waitFor("Priority");
    await pty.press(KEY.enter); // medium
    expect(await pty.exited).toBe(0);
    const queued = pty.text().match(/Queued (.+) \((\d{4})\) \(medium priority\)/);
    expect(queued).not.toBeNull();
    const queue = (await user.run(["queue", "--json"])).json<{ movie: { title: string }; priority: string }[]>();
    expect(queue).toContainEqual(expect.objectContaining({ movie: expect.objectContaining({ title: queued![1] }), priority: "MEDIUM" }));
  });

  it("colours tables on a terminal, not with NO_COLOR or --no-color", async () => {
    const coloured = runInPty(["queue"], env);
    expect(await coloured.exited).toBe(0);
    expect(coloured.text()).toContain("Arrival");
    expect(coloured.raw()).toMatch(/\u001b\[\d+m/);

    for (const [args, extra] of [
      [["queue"], { NO_COLOR: "1" }],
      [["queue", "--no-color"], {}],
    ] as const) {
      const plain = runInPty([...args], { ...env, ...extra });
      expect(await plain.exited).toBe(0);
      expect(plain.text()).toContain("Arrival");
      expect(plain.raw()).not.toMatch(/\u001b\[\d+m/);
    }
  });

  it("shows a spinner on stderr while the network is slow", async () => {
    api.fakeTmdb.setLatency(800);
    try {
      const pty = runInPty(["show", "tmdb:78"], env);
      await pty.waitFor("Looking up tmdb:78");
      expect(await pty.exited).toBe(0);
      expect(pty.text()).toContain("Blade Runner (1982)");
    } finally {
      api.fakeTmdb.setLatency(0);
    }
  });

  it("--json at a terminal never prompts", async () => {
    const pty = runInPty(["rate", "tmdb:550", "--json"], env);
    expect(await pty.exited).toBe(2);
    expect(pty.text()).toContain("error: missing rating");
  });
});
