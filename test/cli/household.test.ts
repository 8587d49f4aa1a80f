// The household commands through the real binary, against a real API process, PostgreSQL and the
// fake TMDB: friends, queue --of, pick --with, suggest and inbox, their --json field by field, and
// what a non-friend sees (nothing, exit 1).
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiProcess, startApiProcess } from "./helpers/api.js";
import { type CliUser, ok, registerMembers } from "./helpers/members.js";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let api: ApiProcess;
let wl1: CliUser;
let wl2: CliUser;
let eve: CliUser;

beforeAll(async () => {
  api = await startApiProcess();
  ({ wl1, wl2, eve } = await registerMembers(api.url, ["wl1", "wl2", "eve"]));
}, 120_000);

describe("friends", { timeout: 60_000 }, () => {
  it("add sends a request, the other's add accepts; friends --json field by field", async () => {
    const sent = await ok(wl1, ["friends", "add", "wl2"]);
    expect(sent.stdout).toBe("");
    expect(sent.stderr).toContain("Sent a friend request to wl2");

    const incoming = (await ok(wl2, ["friends", "--json"])).json();
    expect(incoming).toEqual([{ username: "wl1", status: "incoming", since: expect.stringMatching(ISO) }]);
    expect((await ok(wl1, ["friends", "--json"])).json()).toEqual([{ username: "wl2", status: "requested", since: incoming[0].since }]);

    const accepted = await ok(wl2, ["friends", "add", "wl1", "--json"]);
    expect(accepted.json()).toEqual({ username: "wl1", status: "friends", since: expect.stringMatching(ISO) });
    const list = (await ok(wl1, ["friends", "--json"])).json();
    expect(list).toEqual([{ username: "wl2", status: "friends", since: accepted.json().since }]);
    expect(Object.keys(list[0]).sort()).toEqual(["since", "status", "username"]);

    const table = await ok(wl1, ["friends"]);
    expect(table.stdout).toMatch(/wl2.*friends/);
  });

  it("usage errors: no username (2); an unknown user (1)", async () => {
    expect((await wl1.run(["friends", "add"])).code).toBe(2);
    const unknown = await wl1.run(["friends", "add", "nobody"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("error: no user named nobody\n");
  });
});

describe("queue --of", { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await ok(wl2, ["queue", "tmdb:335984", "--priority", "high"]);
    await ok(wl2, ["queue", "tmdb:577922", "--priority", "low"]);
  });

  it("shows a friend's queue; --json is GET /watchlist's shape", async () => {
    const entries = (await ok(wl1, ["queue", "--of", "wl2", "--json"])).json();
    expect(entries.map((e: any) => [e.movie.tmdbId, e.priority])).toEqual([
      [335984, "HIGH"],
      [577922, "LOW"],
    ]);
    expect(Object.keys(entries[0]).sort()).toEqual(["addedAt", "movie", "priority"]);
    expect(entries[0].movie).toMatchObject({ title: "Blade Runner 2049", year: 2017, runtime: 164 });
    expect((await ok(wl1, ["queue", "--of", "wl2"])).stdout).toMatch(/Blade Runner 2049/);
  });

  it("anyone else gets exit 1 and nothing on stdout: a stranger, a nonexistent user, a pending request", async () => {
    for (const [user, target] of [
      [eve, "wl2"],
      [wl1, "ghost"],
    ] as const) {
      const result = await user.run(["queue", "--of", target, "--json"]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(`error: no user named ${target} is visible to you\n`);
    }
    await ok(eve, ["friends", "add", "wl2"]);
    const pending = await eve.run(["queue", "--of", "wl2"]);
    expect([pending.code, pending.stdout]).toEqual([1, ""]);
  });

  it("a movie with --of is a usage error", async () => {
    expect((await wl1.run(["queue", "Arrival", "--of", "wl2"])).code).toBe(2);
  });
});

describe("pick --with", { timeout: 60_000 }, () => {
  beforeAll(async () => {
    await ok(wl1, ["rate", "tmdb:329865", "super-like"]);
    await ok(wl1, ["rate", "tmdb:27205", "like"]);
    await ok(wl2, ["rate", "tmdb:157336", "super-like"]);
  });

  it("--json field by field: queued first with the queuer named, a reason per person", async () => {
    const picks = (await ok(wl1, ["pick", "--with", "wl2", "--json"])).json();
    expect(picks.length).toBeGreaterThan(1);
    const [first] = picks;
    expect(Object.keys(first).sort()).toEqual(["movie", "people", "queuedBy", "score"]);
    expect(first).toEqual({
      movie: expect.objectContaining({ tmdbId: 335984, title: "Blade Runner 2049", year: 2017, genres: expect.any(Array) }),
      score: expect.any(Number),
      queuedBy: ["wl2"],
      people: [
        { username: "wl1", predicted: expect.stringMatching(/^(OK|LIKE|SUPER_LIKE)$/), reason: "wl1: you ❤️ Arrival, same director" },
        { username: "wl2", predicted: "SUPER_LIKE", reason: "wl2 queued it (high)" },
      ],
    });
    for (const pick of picks) {
      expect(pick.movie.tmdbId).not.toBe(329865); // rated by wl1
      expect(pick.people.map((p: any) => p.username)).toEqual(["wl1", "wl2"]);
    }
  });

  it("as a table when piped; --limit and --max-runtime reach the API", async () => {
    const table = await ok(wl1, ["pick", "--with", "wl2"]);
    expect(table.stdout).toMatch(/Blade Runner 2049/);
    expect(table.stdout).toContain("wl2 queued it (high)");
    const short = (await ok(wl1, ["pick", "--with", "wl2", "--max-runtime", "150", "--limit", "3", "--json"])).json();
    expect(short.length).toBeLessThanOrEqual(3);
    for (const pick of short) expect(pick.movie.runtime).toBeLessThanOrEqual(150);
  });

  it("a non-friend in --with: exit 1, nothing shown; a bad flag value: exit 2", async () => {
    const stranger = await wl1.run(["pick", "--with", "wl2,eve", "--json"]);
    expect([stranger.code, stranger.stdout, stranger.stderr]).toEqual([1, "", "error: eve is not one of your friends\n"]);
    expect((await wl1.run(["pick"])).code).toBe(2);
    expect((await wl1.run(["pick", "--with", "wl2", "--max-runtime", "long"])).code).toBe(2);
    expect((await wl1.run(["pick", "--with", ","])).code).toBe(2);
  });
});

describe("suggest and inbox", { timeout: 60_000 }, () => {
  it("suggest --json answers what was sent; inbox --json field by field", async () => {
    const sent = await ok(wl2, ["suggest", "tmdb:146233", "--to", "wl1", "--note", "you'll love the twist", "--json"]);
    expect(sent.json()).toEqual({
      movie: expect.objectContaining({ tmdbId: 146233, title: "Prisoners", year: 2013 }),
      to: "wl1",
      note: "you'll love the twist",
      at: expect.stringMatching(ISO),
    });
    const said = await ok(wl2, ["suggest", "tmdb:273481", "--to", "wl1"]);
    expect(said.stderr).toContain("Suggested Sicario (2015) to wl1");

    const inbox = (await ok(wl1, ["inbox", "--json"])).json();
    expect(inbox).toHaveLength(2);
    expect(Object.keys(inbox[0]).sort()).toEqual(["at", "from", "movie", "note"]);
    expect(inbox[0]).toEqual({
      movie: expect.objectContaining({ tmdbId: 273481, title: "Sicario" }),
      from: "wl2",
      note: null,
      at: expect.stringMatching(ISO),
    });
    expect(inbox[1]).toMatchObject({ movie: { tmdbId: 146233 }, from: "wl2", note: "you'll love the twist" });
    expect((await ok(wl1, ["inbox"])).stdout).toMatch(/Prisoners.*wl2.*you'll love the twist/);
  });

  it("the suggestion shows in the recipient's recommend, the friend named as the reason", async () => {
    const recommendations = (await ok(wl1, ["recommend", "--json", "--limit", "100"])).json();
    const prisoners = recommendations.find((r: any) => r.movie.tmdbId === 146233);
    expect(prisoners.reasons[0]).toBe("Suggested by wl2");
  });

  it("a stranger cannot suggest (exit 1, same message), a bad note is a usage error, --to is required", async () => {
    const stranger = await eve.run(["suggest", "tmdb:146233", "--to", "wl1"]);
    expect([stranger.code, stranger.stderr]).toEqual([1, "error: wl1 is not one of your friends\n"]);
    expect((await wl2.run(["suggest", "tmdb:146233", "--to", "wl1", "--note", "x".repeat(300)])).code).toBe(2);
    expect((await wl2.run(["suggest", "tmdb:146233"])).code).toBe(2);
  });

  it("inbox dismiss takes a suggestion out of the inbox and out of recommend; one not there is exit 1, one line", async () => {
    const byTitle = await ok(wl1, ["inbox", "dismiss", "Sicario", "--from", "wl2"]);
    expect([byTitle.stdout, byTitle.stderr]).toEqual(["", "Dismissed Sicario (2015) from wl2\n"]);
    expect((await ok(wl1, ["inbox", "--json"])).json().map((entry: any) => entry.movie.tmdbId)).toEqual([146233]);

    // Without --from: every friend's suggestion of the film; recommend no longer names wl2 for it.
    const byId = await ok(wl1, ["inbox", "dismiss", "tmdb:146233", "--json"]);
    expect(byId.json()).toEqual({ tmdbId: 146233, from: null, dismissed: 1 });
    expect((await ok(wl1, ["inbox", "--json"])).json()).toEqual([]);
    const recommendations = (await ok(wl1, ["recommend", "--json", "--limit", "100"])).json();
    expect(recommendations.flatMap((r: any) => r.reasons)).not.toContain("Suggested by wl2");

    const again = await wl1.run(["inbox", "dismiss", "tmdb:146233", "--from", "wl2"]);
    expect([again.code, again.stdout, again.stderr]).toEqual([1, "", "error: no suggestion of tmdb:146233 from wl2 in your inbox\n"]);
    const byTitleAgain = await wl1.run(["inbox", "dismiss", "Prisoners"]);
    expect([byTitleAgain.code, byTitleAgain.stderr]).toEqual([1, "error: no suggestion of Prisoners in your inbox\n"]);
    expect((await wl1.run(["inbox", "dismiss"])).code).toBe(2);
  });

  it("friends remove ends the sharing: the queue and the inbox close at once", async () => {
    const removed = await ok(wl1, ["friends", "remove", "wl2"]);
    expect(removed.stderr).toContain("You and wl2 are no longer friends");
    expect((await wl1.run(["queue", "--of", "wl2"])).code).toBe(1);
    expect((await ok(wl1, ["inbox", "--json"])).json()).toEqual([]);
    const declined = await ok(wl2, ["friends", "remove", "eve", "--json"]);
    expect(declined.json()).toEqual({ username: "eve", status: "incoming", since: expect.stringMatching(ISO) });
  });
});

describe("friends block / unblock and paging", { timeout: 60_000 }, () => {
  it("block ends the friendship, lists the member as blocked, and their request fails as for nobody", async () => {
    await ok(wl1, ["friends", "add", "eve"]);
    await ok(eve, ["friends", "add", "wl1"]);
    const blocked = await ok(wl1, ["friends", "block", "eve"]);
    expect(blocked.stdout).toBe("");
    expect(blocked.stderr).toContain("Blocked eve");
    expect((await ok(wl1, ["friends", "--json"])).json()).toContainEqual({
      username: "eve",
      status: "blocked",
      since: expect.stringMatching(ISO),
    });
    expect((await ok(eve, ["friends", "--json"])).json()).not.toContainEqual(expect.objectContaining({ username: "wl1" }));
    const request = await eve.run(["friends", "add", "wl1"]);
    expect(request.code).toBe(1);
    expect(request.stderr).toBe("error: no user named wl1\n");
    expect((await wl1.run(["friends", "add", "eve"])).code).toBe(1);

    const unblocked = await ok(wl1, ["friends", "unblock", "eve", "--json"]);
    expect(unblocked.json()).toMatchObject({ username: "eve", status: "blocked" });
    await ok(eve, ["friends", "add", "wl1"]);
    expect((await ok(wl1, ["friends", "--json"])).json()).toContainEqual(expect.objectContaining({ username: "eve", status: "incoming" }));
    expect((await wl1.run(["friends", "unblock", "eve"])).code).toBe(1);
  });

  it("--limit pages: stdout holds the page, stderr the command for the next one", async () => {
    await ok(wl1, ["friends", "block", "wl2"]);
    const first = await ok(wl1, ["friends", "--limit", "1", "--json"]);
    expect(first.json()).toHaveLength(1);
    const cursor = /--cursor (\S+)/.exec(first.stderr)?.[1];
    expect(cursor).toBeDefined();
    const second = await ok(wl1, ["friends", "--limit", "1", "--cursor", cursor!, "--json"]);
    expect(second.json()).toHaveLength(1);
    expect(second.json()[0].username).not.toBe(first.json()[0].username);
    expect(second.stderr).not.toContain("--cursor");
  });
});
