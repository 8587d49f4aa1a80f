// The list commands through the real binary, against a real API process, PostgreSQL and the fake
// TMDB: every command's --json field by field, <list> resolution, who may change what, bad input,
// undo, list export in its three formats, and pick --from.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fakeMovies } from "../fake-tmdb/index.js";
import { type ApiProcess, startApiProcess } from "./helpers/api.js";
import { type CliResult, cliUser } from "./helpers/cli.js";

const PASSWORD = "correct horse battery staple";
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let api: ApiProcess;
let ann: ReturnType<typeof cliUser>;
let sam: ReturnType<typeof cliUser>;
let tia: ReturnType<typeof cliUser>;
let eve: ReturnType<typeof cliUser>;

async function ok(user: ReturnType<typeof cliUser>, args: string[]): Promise<CliResult> {
  const result = await user.run(args);
  expect(result.code, `watchlist ${args.join(" ")}\n${result.stderr}`).toBe(0);
  return result;
}

beforeAll(async () => {
  api = await startApiProcess();
  [ann, sam, tia, eve] = [cliUser(api.url), cliUser(api.url), cliUser(api.url), cliUser(api.url)];
  for (const [user, name] of [
    [ann, "ann"],
    [sam, "sam"],
    [tia, "tia"],
    [eve, "eve"],
  ] as const) {
    const result = await user.run(["register", "--email", `${name}@example.com`, "--username", name, "--password-stdin"], {
      input: `${PASSWORD}\n`,
    });
    expect(result.code, result.stderr).toBe(0);
  }
  for (const friend of [sam, tia]) {
    const name = friend === sam ? "sam" : "tia";
    await ok(ann, ["friends", "add", name]);
    await ok(friend, ["friends", "add", "ann"]);
  }
}, 180_000);

describe("a list from the command line", { timeout: 120_000 }, () => {
  it("list create --json and lists --json, field by field; the same name in another case is exit 1", async () => {
    const created = (
      await ok(ann, ["list", "create", "Best of Nolan", "--ranked", "--description", "in my order", "--visibility", "friends", "--json"])
    ).json();
    expect(created).toEqual({
      name: "Best of Nolan",
      owner: "ann",
      description: "in my order",
      ranked: true,
      visibility: "friends",
      films: 0,
      collaborators: [],
      access: "owner",
      createdAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
    });
    expect((await ok(ann, ["lists", "--json"])).json()).toEqual([created]);

    const taken = await ann.run(["list", "create", "BEST OF NOLAN"]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe("error: you already have a list named BEST OF NOLAN\n");
  });

  it("list add --json (with --note and --at), list show --json field by field, and the piped table", async () => {
    const first = (await ok(ann, ["list", "add", "best of nolan", "tmdb:27205", "--note", "the dream one", "--json"])).json();
    expect(first).toEqual({
      position: 1,
      movie: expect.objectContaining({ tmdbId: 27205, title: "Inception", year: 2010, director: "Christopher Nolan" }),
      imdbId: "tt1375666",
      note: "the dream one",
      addedBy: "ann",
      addedAt: expect.stringMatching(ISO),
      created: true,
    });
    await ok(ann, ["list", "add", "Best of Nolan", "tmdb:77"]);
    const inserted = (await ok(ann, ["list", "add", "Best of Nolan", "tmdb:1124", "--at", "1", "--json"])).json();
    expect(inserted).toMatchObject({ position: 1, created: true, note: null });

    const shown = (await ok(ann, ["list", "show", "Best of Nolan", "--json"])).json();
    expect(Object.keys(shown).sort()).toEqual(
      [
        "access",
        "collaborators",
        "createdAt",
        "description",
        "entries",
        "films",
        "name",
        "owner",
        "ranked",
        "updatedAt",
        "visibility",
      ].sort(),
    );
    expect(shown).toMatchObject({ name: "Best of Nolan", owner: "ann", ranked: true, films: 3, description: "in my order" });
    expect(shown.entries.map((entry: any) => [entry.position, entry.movie.title, entry.note])).toEqual([
      [1, "The Prestige", null],
      [2, "Inception", "the dream one"],
      [3, "Memento", null],
    ]);
    expect(Object.keys(shown.entries[0]).sort()).toEqual(["addedAt", "addedBy", "imdbId", "movie", "note", "position"]);

    const piped = await ok(ann, ["list", "show", "Best of Nolan"]);
    const lines = piped.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("#\tid\ttitle\tyear\tnote\tadded by\tadded");
    expect(lines[2].split("\t").slice(0, 5)).toEqual(["2", "27205", "Inception", "2010", "the dream one"]);
  });

  it("list move --to and list remove match the film among the list's own films", async () => {
    const moved = (await ok(ann, ["list", "move", "Best of Nolan", "Memento", "--to", "1", "--json"])).json();
    expect(moved).toMatchObject({ position: 1, movie: expect.objectContaining({ title: "Memento" }), created: false });
    const removed = await ok(ann, ["list", "remove", "Best of Nolan", "The Prestige (2006)"]);
    expect(removed.stderr).toContain("Removed The Prestige (2006) from ann/Best of Nolan.");
    const titles = (await ok(ann, ["list", "show", "Best of Nolan", "--json"])).json().entries.map((e: any) => [e.position, e.movie.title]);
    expect(titles).toEqual([
      [1, "Memento"],
      [2, "Inception"],
    ]);
    const notThere = await ann.run(["list", "remove", "Best of Nolan", "Tenet"]);
    expect(notThere.code).toBe(1);
    expect(notThere.stderr).toBe("error: Tenet is not in ann/Best of Nolan\n");
  });

  it("bad input: usage errors exit 2 and change nothing", async () => {
    const before = (await ok(ann, ["list", "show", "Best of Nolan", "--json"])).json();
    const cases: Array<[string[], RegExp]> = [
      [["list", "move", "Best of Nolan", "Memento", "--to", "0"], /--to must be an integer from 1/],
      [["list", "move", "Best of Nolan", "Memento", "--to", "3"], /position 3 is out of range: ann\/Best of Nolan has positions 1 to 2/],
      [["list", "add", "Best of Nolan", "tmdb:155", "--note", "x".repeat(1001)], /a note has at most 1000 characters/],
      [["list", "create", "Odd", "--visibility", "everyone"], /argument 'everyone' is invalid/],
      [["list", "edit", "Best of Nolan"], /nothing to change/],
      [["list", "move", "Best of Nolan", "Memento"], /required option '--to <n>' not specified/],
    ];
    for (const [args, message] of cases) {
      const result = await ann.run(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe("");
    }
    expect((await ok(ann, ["list", "show", "Best of Nolan", "--json"])).json()).toEqual(before);
  });

  it("undo takes back a list change", async () => {
    await ok(ann, ["list", "add", "Best of Nolan", "tmdb:155"]);
    expect((await ok(ann, ["list", "show", "Best of Nolan", "--json"])).json().films).toBe(3);
    const undone = (await ok(ann, ["undo", "--json"])).json();
    expect(undone.undone).toMatchObject({
      action: "list-add",
      detail: "ann/Best of Nolan",
      movie: expect.objectContaining({ tmdbId: 155 }),
    });
    expect((await ok(ann, ["list", "show", "Best of Nolan", "--json"])).json().films).toBe(2);
  });
});

describe("list show filtered", { timeout: 120_000 }, () => {
  it("--on, --lang, --country and --max-cert as queue has them (region from WATCHLIST_REGION); a bad one is one line", async () => {
    const films = [fakeMovies.amelie, fakeMovies.inception, fakeMovies.parasite, fakeMovies.spiritedAway, fakeMovies.shining];
    await ok(eve, ["list", "create", "Tonight", "--ranked"]);
    for (const movie of films) await ok(eve, ["list", "add", "Tonight", `tmdb:${movie.id}`]);
    const titles = async (...filter: string[]) => {
      const result = await eve.run(["list", "show", "Tonight", ...filter, "--json"], { env: { WATCHLIST_REGION: "GB" } });
      expect(result.code, result.stderr).toBe(0);
      return result.json().entries.map((entry: { movie: { title: string } }) => entry.movie.title);
    };
    expect(await titles()).toEqual(["Amélie", "Inception", "Parasite", "Spirited Away", "The Shining"]);
    expect(await titles("--on", "netflix")).toEqual(["Inception", "Spirited Away"]);
    expect(await titles("--lang", "ko")).toEqual(["Parasite"]);
    expect(await titles("--country", "GB")).toEqual(["Inception", "The Shining"]);
    expect(await titles("--max-cert", "12A")).toEqual(["Inception", "Spirited Away"]);
    expect(await titles("--on", "netflix,mubi", "--max-cert", "15", "--lang", "ko")).toEqual(["Parasite"]);
    const unknown = await eve.run(["list", "show", "Tonight", "--on", "netflx"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: .*unknown streaming service "netflx"; did you mean "Netflix".*\n$/);
  });
});

describe("shared lists", { timeout: 120_000 }, () => {
  it("list share --json; an editor adds by the owner's list name; a viewer cannot change it (exit 1)", async () => {
    expect((await ok(ann, ["list", "share", "Best of Nolan", "--with", "sam", "--can", "edit", "--json"])).json()).toEqual({
      username: "sam",
      can: "edit",
    });
    expect((await ok(ann, ["list", "share", "Best of Nolan", "--with", "tia", "--json"])).json()).toEqual({ username: "tia", can: "view" });

    const samLists = (await ok(sam, ["lists", "--json"])).json();
    expect(samLists).toEqual([expect.objectContaining({ name: "Best of Nolan", owner: "ann", access: "edit" })]);
    // sam names it as ann does: a list shared with you is found by its name.
    const added = (await ok(sam, ["list", "add", "best of nolan", "tmdb:577922", "--json"])).json();
    expect(added).toMatchObject({ position: 3, addedBy: "sam" });

    const refused = await tia.run(["list", "add", "ann/Best of Nolan", "tmdb:155"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("error: ann/Best of Nolan is shared with you to view: only its owner and editors change its films\n");
    const notOwner = await sam.run(["list", "delete", "Best of Nolan"]);
    expect(notOwner.code).toBe(1);
    expect(notOwner.stderr).toBe("error: only ann can delete ann/Best of Nolan\n");

    await ok(ann, ["list", "unshare", "Best of Nolan", "--with", "tia"]);
    expect((await ok(tia, ["lists", "--json"])).json()).toEqual([]);
  });

  it("a list you may not see answers exactly as one that does not exist: exit 1, the same line", async () => {
    await ok(ann, ["list", "create", "Secret", "--visibility", "private"]);
    const hidden = await eve.run(["list", "show", "ann/Secret"]);
    await ok(ann, ["list", "delete", "Secret"]);
    const missing = await eve.run(["list", "show", "ann/Secret"]);
    expect([hidden.code, missing.code]).toEqual([1, 1]);
    expect(hidden.stderr).toBe(missing.stderr);
    expect(hidden.stderr).toBe("error: no list ann/Secret\n");
    expect(hidden.stdout).toBe("");
    const unknown = await eve.run(["list", "show", "Nothing here"]);
    expect(unknown.code).toBe(1);
  });

  it("pick --from picks among the list's films only", async () => {
    const picks = (await ok(ann, ["pick", "--with", "sam", "--from", "Best of Nolan", "--json"])).json();
    expect(picks.map((pick: any) => pick.movie.tmdbId).sort()).toEqual([27205, 577922, 77].sort());
  });
});

describe("list export", { timeout: 120_000 }, () => {
  it("--letterboxd writes Letterboxd's list columns in order, --csv ours, --json list show's document", async () => {
    const letterboxd = (await ok(ann, ["list", "export", "Best of Nolan", "--letterboxd"])).stdout;
    expect(letterboxd.trimEnd().split("\n")).toEqual([
      "Position,tmdbID,imdbID,Title,Year,Review",
      "1,77,tt0209144,Memento,2000,",
      "2,27205,tt1375666,Inception,2010,the dream one",
      "3,577922,,Tenet,2020,",
    ]);
    const dir = mkdtempSync(join(tmpdir(), "watchlist-list-export-"));
    const file = join(dir, "nolan.csv");
    const written = await ok(ann, ["list", "export", "Best of Nolan", "-o", file]);
    expect(written.stderr).toContain(`Exported ann/Best of Nolan (3 films) to ${file}`);
    const csv = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(csv[0]).toBe("position,tmdbId,imdbId,title,year,note,addedBy,addedAt");
    expect(csv[3]).toMatch(/^3,577922,,Tenet,2020,,sam,\d{4}-/);
    const json = JSON.parse((await ok(ann, ["list", "export", "Best of Nolan", "--json"])).stdout);
    expect(json).toEqual((await ok(ann, ["list", "show", "Best of Nolan", "--json"])).json());
  });
});
