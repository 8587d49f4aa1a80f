// `activity` and `undo` through the real binary against a real API process and PostgreSQL.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiProcess, startApiProcess } from "./helpers/api.js";
import { cliUser } from "./helpers/cli.js";

let api: ApiProcess;
let user: ReturnType<typeof cliUser>;

beforeAll(async () => {
  api = await startApiProcess();
  user = cliUser(api.url);
  const registered = await user.run(["register", "--email", "undoer@example.com", "--username", "undoer", "--password-stdin"], {
    input: "correct horse battery staple\n",
  });
  expect(registered.code).toBe(0);
}, 120_000);

describe("activity and undo", { timeout: 60_000 }, () => {
  it("lists changes as JSON field by field, and undoes the last one", async () => {
    expect((await user.run(["queue", "tmdb:27205", "--priority", "high"])).code).toBe(0);
    expect((await user.run(["rate", "tmdb:27205", "super-like"])).code).toBe(0);

    const listed = await user.run(["activity", "--json"]);
    expect(listed.code).toBe(0);
    const entries = listed.json();
    expect(entries.map((entry: any) => entry.action)).toEqual(["rate", "queue"]);
    expect(entries[0]).toEqual({
      id: expect.any(String),
      action: "rate",
      movie: expect.objectContaining({ tmdbId: 27205, title: "Inception", year: 2010 }),
      detail: null,
      at: expect.any(String),
      undone: false,
      changes: 2, // the rating written, the queue entry removed
      undoRefused: null,
      effect: {
        counts: { ratings: { added: 1, changed: 0, removed: 0 }, queue: { added: 0, changed: 0, removed: 1 } },
        rating: { before: null, after: "SUPER_LIKE" },
        priority: { before: "HIGH", after: null },
      },
    });

    const undone = await user.run(["undo"]);
    expect(undone.code).toBe(0);
    expect(undone.stdout).toBe("");
    expect(undone.stderr).toContain("Undid: rated Inception (2010)");
    const queue = (await user.run(["queue", "--json"])).json();
    expect(queue.map((entry: any) => [entry.movie.tmdbId, entry.priority])).toEqual([[27205, "HIGH"]]);

    // Piped: a header naming every column, then one tab-separated row per activity.
    const table = (await user.run(["activity"])).stdout.replace(/\n$/, "").split("\n");
    expect(table[0]).toBe("when\twhat\tdetail\tundone");
    expect(table.slice(1).map((line) => line.split("\t").slice(1))).toEqual([
      ["undid Inception (2010)", "rating: super-like → none; queue: none → high", ""],
      ["rated Inception (2010)", "rating: none → super-like; queue: high → none", "undone"],
      ["queued Inception (2010)", "queue: none → high", ""],
    ]);
  });

  it("undo --json answers both the change undone and the undo itself", async () => {
    const result = await user.run(["undo", "--json"]);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ undone: { action: "queue", undone: true }, activity: { action: "undo" } });
  });

  it("exits 1 with one line when there is nothing to undo", async () => {
    const result = await user.run(["undo"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("error: nothing to undo");
    expect(result.stdout).toBe("");
  });

  it("an unfriend is not undone: exit 1 with one line, shown as 'cannot undo', and the next undo goes on", async () => {
    const other = cliUser(api.url);
    const registered = await other.run(["register", "--email", "other@example.com", "--username", "other", "--password-stdin"], {
      input: "correct horse battery staple\n",
    });
    expect(registered.code).toBe(0);
    expect((await user.run(["friends", "add", "other"])).code).toBe(0);
    expect((await user.run(["friends", "remove", "other"])).code).toBe(0);
    const refused = await user.run(["undo"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe(
      "error: cannot undo unfriend other: undo does not bring back a friendship or a friend request (other must add you again); nothing was undone, and the next undo reaches the change before it\n",
    );
    const table = (await user.run(["activity"])).stdout.split("\n");
    expect(table[1].split("\t").slice(1)).toEqual(["removed from your friends: other", "friendship: request sent → none", "cannot undo"]);
    // The request before it lost its row with the unfriend: reported and skipped too; then nothing is left.
    expect((await user.run(["undo"])).code).toBe(1);
    expect((await user.run(["undo"])).stderr).toBe("error: nothing to undo\n");
  });

  it("shows a viewing's date, rating and tags, a list move's position, and an import's counts and first films", async () => {
    const owner = cliUser(api.url);
    const registered = await owner.run(["register", "--email", "detail@example.com", "--username", "detailed", "--password-stdin"], {
      input: "correct horse battery staple\n",
    });
    expect(registered.code).toBe(0);
    const detailOf = async () => (await owner.run(["activity", "--limit", "1"])).stdout.split("\n")[1].split("\t").slice(1, 3);

    expect((await owner.run(["watched", "tmdb:157336", "like", "--on", "2024-02-03", "--tag", "imax"])).code).toBe(0);
    expect(await detailOf()).toEqual(["watched Interstellar (2014)", "rating: none → like; viewing: none → 2024-02-03; tags: +imax"]);

    expect((await owner.run(["list", "create", "Best", "--ranked"])).code).toBe(0);
    expect(await detailOf()).toEqual(["list-create detailed/Best", "new list: ranked, friends"]);
    expect((await owner.run(["list", "add", "Best", "tmdb:27205"])).code).toBe(0);
    expect((await owner.run(["list", "add", "Best", "tmdb:155"])).code).toBe(0);
    expect((await owner.run(["list", "move", "Best", "tmdb:155", "--to", "1"])).code).toBe(0);
    expect(await detailOf()).toEqual(["list-move The Dark Knight (2008)", "position: 2 → 1"]);

    const file = join(owner.configDir, "ratings.json");
    const films = [272, 577922, 374720, 1124, 77];
    writeFileSync(file, JSON.stringify({ version: 1, ratings: films.map((tmdbId) => ({ tmdbId, rating: "LIKE" })), watchlist: [] }));
    expect((await owner.run(["import", file])).code).toBe(0);
    const [what, detail] = await detailOf();
    expect(what).toBe("imported 5 changes");
    expect(detail).toMatch(/^ratings: 5 new; 5 films: [^;]+ \(\d{4}\), [^;]+ \(\d{4}\), [^;]+ \(\d{4}\) and 2 more$/);
    const [imported] = (await owner.run(["activity", "--limit", "1", "--json"])).json();
    expect(imported.effect.films.count).toBe(5);
    expect(imported.effect.films.first.map((film: { tmdbId: number }) => film.tmdbId).sort()).toEqual([...films].sort());
  });

  it("pages: --limit N prints a page and, on stderr, the command for the next; --cursor walks them all once", async () => {
    const whole = (await user.run(["activity", "--json"])).json();
    expect(whole.length).toBeGreaterThan(4);
    const seen: string[] = [];
    let args = ["activity", "--limit", "2", "--json"];
    for (let pages = 0; pages < 20 && args.length; pages++) {
      const page = await user.run(args);
      expect(page.code).toBe(0);
      seen.push(...page.json().map((entry: { id: string }) => entry.id));
      // The command for the next page, as typed, with the next cursor.
      const more = /^more: watchlist (.+)$/m.exec(page.stderr);
      args = more ? more[1].split(" ") : [];
      if (more) expect(args.slice(0, 4)).toEqual(["activity", "--limit", "2", "--json"]);
    }
    expect(seen).toEqual(whole.map((entry: { id: string }) => entry.id));
    const bad = await user.run(["activity", "--cursor", "nonsense"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^error: .*cursor/);
  });
});
