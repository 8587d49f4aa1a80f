// Lists brought in by `watchlist import`, through the real binary against a real API and the fake
// TMDB: a real-shaped Letterboxd zip (a ranked list whose description spans lines, an unranked list,
// likes) imported twice, an IMDb list CSV, and a list written by `list export --letterboxd` read back.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import { lf, scratchDir, writeText } from "../import-formats/files.js";
import { type ApiProcess, startApiProcess } from "./helpers/api.js";
import { type CliResult, cliUser } from "./helpers/cli.js";

const PASSWORD = "correct horse battery staple";
let api: ApiProcess;
let ann: ReturnType<typeof cliUser>;
let bea: ReturnType<typeof cliUser>;
let dir: string;

async function ok(user: ReturnType<typeof cliUser>, args: string[]): Promise<CliResult> {
  const result = await user.run(args);
  expect(result.code, `watchlist ${args.join(" ")}\n${result.stderr}`).toBe(0);
  return result;
}

function zipOf(path: string, files: Record<string, string>): Promise<void> {
  const zip = new ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name, { compress: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => {
      writeFileSync(path, Buffer.concat(chunks));
      resolve();
    });
    zip.end();
  });
}

// As Letterboxd writes them: the version line, the list's block, a blank line, the films.
const rankedList = lf([
  "Letterboxd list export v7",
  "Date,Name,Tags,URL,Description",
  '2024-10-01,Nolan ranked,"nolan, ranked",https://boxd.it/aaaa,"My order, argued:',
  "",
  'first the puzzles, then the epics."',
  "",
  "Position,Name,Year,URL,Description",
  "1,Memento,2000,https://letterboxd.com/film/memento/,the one that hooked me",
  '2,The Prestige,2006,https://letterboxd.com/film/the-prestige/,"magic, rivalry"',
  "3,Inception,2010,https://letterboxd.com/film/inception/,",
  "4,A Film Nobody Made,1901,https://letterboxd.com/film/nobody/,",
]);
const unrankedList = lf([
  "Letterboxd list export v7",
  "Date,Name,Tags,URL,Description",
  "2023-01-05,Sci-fi someday,,https://boxd.it/bbbb,",
  "",
  "Position,Name,Year,URL,Description",
  ",Arrival,2016,https://letterboxd.com/film/arrival-2016/,",
  ",Tenet,2020,https://letterboxd.com/film/tenet/,twice at least",
]);

beforeAll(async () => {
  api = await startApiProcess();
  dir = scratchDir();
  [ann, bea] = [cliUser(api.url), cliUser(api.url)];
  for (const [user, name] of [
    [ann, "ann"],
    [bea, "bea"],
  ] as const) {
    const result = await user.run(["register", "--email", `${name}@example.com`, "--username", name, "--password-stdin"], {
      input: `${PASSWORD}\n`,
    });
    expect(result.code, result.stderr).toBe(0);
  }
}, 180_000);

describe("a Letterboxd export's lists and likes", { timeout: 180_000 }, () => {
  let zip: string;
  beforeAll(async () => {
    zip = join(dir, "letterboxd-ann-2024-12-01-utc.zip");
    await zipOf(zip, {
      "ratings.csv": lf(["Date,Name,Year,Letterboxd URI,Rating", "2020-01-01,Inception,2010,https://boxd.it/1,4.5"]),
      "lists/nolan-ranked.csv": rankedList,
      "lists/sci-fi-someday.csv": unrankedList,
      "likes/films.csv": lf(["Date,Name,Year,Letterboxd URI", "2021-02-03,Alien,1979,https://boxd.it/2"]),
      "comments.csv": lf(["Date,Content,Comment on"]),
      "deleted/diary.csv": lf(["Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date"]),
    });
  });

  it("makes a ranked list with its multi-line description and notes, an unranked one and Liked films; unmatched films are named with their list", async () => {
    const report = (await ok(ann, ["import", zip, "--json"])).json();
    expect(report).toMatchObject({
      format: "letterboxd",
      ratings: { added: 1 },
      lists: { added: 3, updated: 0, unchanged: 0 },
      listEntries: { added: 6, updated: 0, unchanged: 0 },
    });
    expect(report.unmatched).toEqual([
      { title: "A Film Nobody Made", year: 1901, source: "lists/nolan-ranked.csv line 11 (list Nolan ranked)" },
    ]);
    expect(report.notImported).toEqual([
      { source: "comments.csv", reason: "comments are not imported (a comment belongs under a review on Letterboxd)" },
      { source: "deleted/diary.csv", reason: "deleted on Letterboxd: not imported" },
    ]);

    const ranked = (await ok(ann, ["list", "show", "Nolan ranked", "--json"])).json();
    expect(ranked).toMatchObject({ ranked: true, description: "My order, argued:\n\nfirst the puzzles, then the epics." });
    expect(ranked.entries.map((e: any) => [e.position, e.movie.title, e.note])).toEqual([
      [1, "Memento", "the one that hooked me"],
      [2, "The Prestige", "magic, rivalry"],
      [3, "Inception", null],
    ]);
    const unranked = (await ok(ann, ["list", "show", "Sci-fi someday", "--json"])).json();
    expect(unranked.ranked).toBe(false);
    expect(unranked.entries.map((e: any) => [e.position, e.movie.title, e.note]).sort()).toEqual([
      [null, "Arrival", null],
      [null, "Tenet", "twice at least"],
    ]);
    const liked = (await ok(ann, ["list", "show", "Liked films", "--json"])).json();
    expect(liked.entries).toEqual([
      expect.objectContaining({ movie: expect.objectContaining({ title: "Alien" }), addedAt: "2021-02-03T00:00:00.000Z" }),
    ]);
    // The unmatched CSV names the list the film was to go in.
    const unmatched = report.unmatchedFile as string;
    expect(readFileSync(unmatched, "utf8")).toMatch(/A Film Nobody Made,1901,.*,Nolan ranked,,\n/);
  });

  it("importing the same zip again changes nothing", async () => {
    // What the import writes: the list and its entries. The films' details are filled in by the
    // background lane meanwhile (one TMDB call per film at import), which is not the import's change.
    const listed = async () => {
      const { entries, ...list } = (await ok(ann, ["list", "show", "Nolan ranked", "--json"])).json();
      return {
        ...list,
        entries: entries.map(({ movie, position, note, addedBy, addedAt }: any) => ({
          tmdbId: movie.tmdbId,
          position,
          note,
          addedBy,
          addedAt,
        })),
      };
    };
    const before = await listed();
    const again = (await ok(ann, ["import", zip, "--json"])).json();
    expect(again).toMatchObject({
      ratings: { added: 0, updated: 0 },
      lists: { added: 0, updated: 0, unchanged: 3 },
      listEntries: { added: 0, updated: 0, unchanged: 6 },
    });
    expect(await listed()).toEqual(before);
  });

  it("list export --letterboxd is read back by our importer as the same list", async () => {
    const file = join(dir, "Nolan again.csv");
    await ok(ann, ["list", "export", "Nolan ranked", "--letterboxd", "-o", file]);
    const report = (await ok(bea, ["import", file, "--json"])).json();
    expect(report).toMatchObject({ lists: { added: 1 }, listEntries: { added: 3 }, unmatched: [] });
    const copy = (await ok(bea, ["list", "show", "Nolan again", "--json"])).json();
    expect(copy.ranked).toBe(true);
    expect(copy.entries.map((e: any) => [e.position, e.movie.tmdbId, e.note])).toEqual([
      [1, 77, "the one that hooked me"],
      [2, 1124, "magic, rivalry"],
      [3, 27205, null],
    ]);
  });
});

describe("an IMDb list CSV", { timeout: 180_000 }, () => {
  const header =
    "Position,Const,Created,Modified,Description,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors,Your Rating,Date Rated";
  const rows = [
    header,
    "1,tt2543164,2018-03-03,2018-03-03,first contact,Arrival,Arrival,https://www.imdb.com/title/tt2543164/,Movie,7.9,116,2016,Drama,800000,2016-11-11,Denis Villeneuve,,",
    "2,tt0209144,2019-04-04,2019-04-04,,Memento,Memento,https://www.imdb.com/title/tt0209144/,Movie,8.4,113,2000,Thriller,1300000,2000-10-11,Christopher Nolan,,",
  ];

  it("not named like a watchlist: a list named after the file; --queue keeps it on the queue instead", async () => {
    const path = writeText(dir, "Best puzzles.csv", lf(rows));
    const report = (await ok(bea, ["import", path, "--json"])).json();
    expect(report).toMatchObject({ format: "imdb", lists: { added: 1 }, listEntries: { added: 2 }, watchlist: { added: 0 } });
    const list = (await ok(bea, ["list", "show", "Best puzzles", "--json"])).json();
    expect(list.entries.map((e: any) => [e.position, e.movie.title, e.note, e.addedAt])).toEqual([
      [1, "Arrival", "first contact", "2018-03-03T00:00:00.000Z"],
      [2, "Memento", null, "2019-04-04T00:00:00.000Z"],
    ]);
    expect((await ok(bea, ["queue", "--json"])).json()).toEqual([]);

    const queued = (await ok(bea, ["import", path, "--queue", "--json"])).json();
    expect(queued).toMatchObject({ watchlist: { added: 2 }, lists: { added: 0, updated: 0, unchanged: 0 } });
  });
});
