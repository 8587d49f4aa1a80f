// `activity` and `undo` through the real binary against a real API process and PostgreSQL.
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
    });

    const undone = await user.run(["undo"]);
    expect(undone.code).toBe(0);
    expect(undone.stdout).toBe("");
    expect(undone.stderr).toContain("Undid: rated Inception (2010)");
    const queue = (await user.run(["queue", "--json"])).json();
    expect(queue.map((entry: any) => [entry.movie.tmdbId, entry.priority])).toEqual([[27205, "HIGH"]]);

    // Piped: a header naming every column, then one tab-separated row per activity.
    const table = (await user.run(["activity"])).stdout.replace(/\n$/, "").split("\n");
    expect(table[0]).toBe("when\twhat\tundone");
    expect(table.slice(1).map((line) => line.split("\t").slice(1))).toEqual([
      ["undid Inception (2010)", ""],
      ["rated Inception (2010)", "undone"],
      ["queued Inception (2010)", ""],
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
    expect(table[1].split("\t").slice(1)).toEqual(["removed from your friends: other", "cannot undo"]);
    // The request before it lost its row with the unfriend: reported and skipped too; then nothing is left.
    expect((await user.run(["undo"])).code).toBe(1);
    expect((await user.run(["undo"])).stderr).toBe("error: nothing to undo\n");
  });
});
