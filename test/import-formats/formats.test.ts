// The import readers on real-shaped files: format told from the content, one entry per film, dates
// kept, broken rows reported by line with the rest read, unknown files refused.
import { readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { beforeAll, describe, expect, it } from "vitest";
import {
  countEntries,
  documentItems,
  documentWith,
  emptyEntry,
  type ImportEntry,
  ImportFileError,
  type ImportSource,
  MAX_IMPORT_BYTES,
  newNotes,
  openImport,
  UNMATCHED_COLUMNS,
  unmatchedRow,
} from "../../src/import-formats/index.cjs";
import { BOM, crlf, imdbRatings, imdbWatchlist, letterboxd, letterboxdZip, lf, scratchDir, writeText, zipBomb } from "./files.js";

let dir: string;
beforeAll(() => {
  dir = scratchDir();
});

async function readAll(source: ImportSource) {
  if (source.kind !== "entries") throw new Error(`expected entries, got ${source.kind}`);
  const notes = newNotes();
  const entries: ImportEntry[] = [];
  for await (const entry of source.read(notes)) entries.push(entry);
  return { entries, ...notes, byTitle: new Map(entries.map((entry) => [entry.title, entry])) };
}

const day = (date: string) => `${date}T00:00:00.000Z`;

describe("a Letterboxd export zip", () => {
  let zipPath: string;
  beforeAll(async () => {
    // Named like nothing: the content says what it is.
    zipPath = join(dir, "backup.bin");
    await letterboxdZip(zipPath);
  });

  it("is read as one entry per film, merging ratings, diary, reviews, watched and watchlist", async () => {
    const source = await openImport(zipPath);
    expect(source).toMatchObject({ kind: "entries", format: "letterboxd" });
    expect(source.description).toBe(
      "a Letterboxd export (ratings.csv, diary.csv, reviews.csv, watched.csv, watchlist.csv, 1 list, likes/films.csv, profile.csv)",
    );
    const { entries, byTitle } = await readAll(source);
    expect(entries.map((entry) => entry.title).sort()).toEqual(
      ["A Liked Film", "Amélie", "Arrival", "Cats", "Crouching Tiger, Hidden Dragon", "Heat", "The Matrix", "千と千尋の神隠し"].sort(),
    );
    expect(byTitle.get("The Matrix")).toEqual({
      ref: "ratings.csv line 2",
      title: "The Matrix",
      year: 1999,
      originalTitle: null,
      imdbId: null,
      tmdbId: null,
      rating: "SUPER_LIKE",
      ratedAt: day("2019-05-02"),
      queued: null,
      // Each review on the diary's viewing of its day; the diary's tags, and the review's "IMAX" folded into its "imax".
      viewings: [
        {
          watchedOn: "2019-05-01",
          rewatch: false,
          review: { text: 'Whoa.\n\nHe said "there is no spoon", and I believed him 🥄🍿', spoilers: false, createdAt: day("2019-05-02") },
        },
        {
          watchedOn: "2022-05-30",
          rewatch: true,
          tags: ["imax", "with friends"],
          review: { text: "Better in IMAX, honestly.", spoilers: false, createdAt: day("2022-06-01") },
        },
      ],
      lists: [],
      favourite: 1,
    });
    expect(byTitle.get("Crouching Tiger, Hidden Dragon")).toMatchObject({
      rating: "LIKE",
      viewings: [{ watchedOn: "2020-01-09", rewatch: false }],
    });
    // Watched with no diary entry: one undated viewing. Rated and on the watchlist: rated, not queued.
    expect(byTitle.get("Amélie")).toMatchObject({ rating: "LIKE", queued: null, viewings: [{ watchedOn: null, rewatch: false }] });
    expect(byTitle.get("千と千尋の神隠し")).toMatchObject({ year: 2001, rating: "SUPER_LIKE", ratedAt: day("2021-03-04"), favourite: 2 });
    expect(byTitle.get("Cats")).toMatchObject({ rating: "DISLIKE" });
    expect(byTitle.get("Cats")?.favourite).toBeUndefined();
    // A review with no diary row is a viewing of its own (watched.csv's undated one is that viewing).
    expect(byTitle.get("Heat")).toMatchObject({
      rating: null,
      ratedAt: null,
      queued: null,
      viewings: [
        {
          watchedOn: "2017-07-07",
          rewatch: false,
          tags: ["heist", "with sam"],
          review: { text: "Long, but the diner scene… 🔥", spoilers: false, createdAt: day("2017-07-08") },
        },
      ],
    });
    expect(byTitle.get("Arrival")).toMatchObject({
      ref: "watchlist.csv line 2",
      rating: null,
      queued: { addedAt: day("2018-03-03") },
      viewings: [],
    });
  });

  it("reads its lists, liked films and profile; names every other file, and what the profile holds beyond, with the reason", async () => {
    const { entries, byTitle, lists, notImported, profile } = await readAll(await openImport(zipPath));
    const titles = entries.map((entry) => entry.title);
    for (const other of ["A Deleted Entry", "An Orphan", "Favourites"]) expect(titles).not.toContain(other);
    expect(byTitle.get("A Liked Film")).toMatchObject({
      rating: null,
      queued: null,
      viewings: [],
      lists: [{ list: "Liked films", position: null, note: null, addedAt: day("2020-01-01") }],
    });
    // A list with no films is still a list.
    expect(lists).toEqual([
      { name: "Favourites", description: null, ranked: false },
      { name: "Liked films", description: null, ranked: false },
    ]);
    expect(profile).toEqual({ bio: 'Films, mostly.\nSometimes "midnight" ones 📼', favourites: 2 });
    expect(notImported).toEqual([
      { source: "comments.csv", reason: "comments are not imported (a comment belongs under a review on Letterboxd)" },
      { source: "deleted/diary.csv", reason: "deleted on Letterboxd: not imported" },
      { source: "deleted/reviews.csv", reason: "deleted on Letterboxd: not imported" },
      { source: "orphaned/watchlist.csv", reason: "orphaned on Letterboxd (its film or list is gone): not imported" },
      {
        source: "profile.csv",
        reason: "Date Joined, Username, Given Name, Email Address, Location: not imported (this account keeps its own)",
      },
      { source: "profile.csv Favorite Films", reason: "https://boxd.it/zzzz is not a film of the export's other files: not imported" },
    ]);
  });

  it("a review's or tag's text the rules refuse is reported and left out, its viewing kept; a Spoiler column is read", async () => {
    const path = writeText(
      dir,
      "reviews.csv",
      lf([
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date,Spoiler",
        "2020-01-02,Heat,1995,https://boxd.it/r1,4,,The ending!,,2020-01-01,Yes",
        `2020-02-02,Arrival,2016,https://boxd.it/r2,,,"right\u202eleft","${"x".repeat(51)}, ok",2020-02-01,`,
      ]),
    );
    const source = await openImport(path);
    expect(source.description).toBe("a Letterboxd reviews.csv");
    const { byTitle, unreadable } = await readAll(source);
    expect(byTitle.get("Heat")?.viewings).toEqual([
      { watchedOn: "2020-01-01", rewatch: false, review: { text: "The ending!", spoilers: true, createdAt: day("2020-01-02") } },
    ]);
    expect(byTitle.get("Arrival")?.viewings).toEqual([{ watchedOn: "2020-02-01", rewatch: false, tags: ["ok"], review: null }]);
    expect(unreadable).toEqual([
      { source: "reviews.csv line 3", reason: "tag is 51 characters long: at most 50: that tag was left out" },
      { source: "reviews.csv line 3", reason: "review contains a bidi control character: the review was left out (its viewing was not)" },
    ]);
  });

  it("reports a broken row by file and line and reads the rest", async () => {
    const { unreadable, entries } = await readAll(await openImport(zipPath));
    expect(unreadable).toEqual([{ source: "diary.csv line 5", reason: "3 fields where the header has 8" }]);
    expect(entries).toHaveLength(8);
  });

  it("can be read twice (a count for the progress bar, then the import) with the same result", async () => {
    const source = await openImport(zipPath);
    expect(await countEntries(source as Extract<ImportSource, { kind: "entries" }>)).toBe(8);
    const { entries, unreadable } = await readAll(source);
    expect(entries).toHaveLength(8);
    expect(unreadable).toHaveLength(1);
    expect(entries.find((entry) => entry.title === "Heat")?.viewings).toHaveLength(1);
  });

  it("a damaged file inside the zip is reported; the other files are imported", async () => {
    const path = join(dir, "damaged-entry.zip");
    await letterboxdZip(path, { damaged: "diary.csv" });
    const { entries, unreadable, byTitle } = await readAll(await openImport(path));
    expect(unreadable).toEqual([{ source: "diary.csv", reason: expect.stringMatching(/^cannot be read: invalid block type/) }]);
    // No diary: the films are still rated, watched and queued from the other files; the reviews make their viewings.
    expect(byTitle.get("The Matrix")).toMatchObject({
      rating: "SUPER_LIKE",
      ratedAt: day("2019-05-02"),
      viewings: [{ watchedOn: "2019-05-01" }, { watchedOn: "2022-05-30", rewatch: true, tags: ["IMAX"] }],
    });
    expect(entries).toHaveLength(8);
  });

  it("a zip too damaged to list is refused as a whole: nothing read", async () => {
    const path = join(dir, "truncated.zip");
    await letterboxdZip(path);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(openImport(path)).rejects.toThrow(ImportFileError);
    await expect(openImport(path)).rejects.toThrow(/truncated\.zip is a damaged zip \(.+\): nothing was imported/);
  });

  // Issue 17, item 10: a 3 MB zip holding 1 GB kept the CLI at 100 % CPU for over 45 s.
  it("a zip bomb (3 MB holding 1 GB) is refused from its directory in under 2 s, nothing inflated", async () => {
    const path = join(dir, "bomb.zip");
    const bomb = zipBomb(path);
    expect(bomb.inflatedBytes).toBeGreaterThan(1_000_000_000);
    expect(bomb.zipBytes).toBeLessThan(4_000_000);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const refusal = await openImport(path).catch((error: unknown) => error);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(process.cpuUsage(cpu).user / 1000).toBeLessThan(1_000);
    expect(refusal).toBeInstanceOf(ImportFileError);
    expect((refusal as Error).message).toMatch(
      /^bomb\.zip is not a Letterboxd export: watched\.csv says it holds 1024 MB from 3\.0 MB \(\d+:1\) \(a zip bomb\?\); .*nothing was imported$/,
    );
  });

  it("a zip bomb whose directory lies about its size is stopped while inflating, in under 2 s", async () => {
    const path = join(dir, "lying-bomb.zip");
    zipBomb(path, { claimedBytes: 40_000 });
    const started = performance.now();
    const refusal = await (async () => {
      await readAll(await openImport(path));
    })().catch((error: unknown) => error);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(refusal).toBeInstanceOf(ImportFileError);
    expect((refusal as Error).message).toMatch(
      /^lying-bomb\.zip is not a Letterboxd export: watched\.csv inflated to \d+ kB from \d+ kB \(\d+:1\) \(a zip bomb\?\)/,
    );
  });

  it("a zip under the ratio is still bounded in all: its files may hold at most 100 MB", async () => {
    const path = join(dir, "big-claim.zip");
    zipBomb(path, { claimedBytes: 150 * 1024 * 1024 }); // 150 MB from 3 MB: 50:1, under the ratio
    await expect(openImport(path)).rejects.toThrow(/^big-claim\.zip is not a Letterboxd export: its files say they hold 150 MB/);
  });

  it("a zip without a Letterboxd export's files is not a known format", async () => {
    const path = join(dir, "other.zip");
    const { ZipFile } = await import("yazl");
    const zip = new ZipFile();
    zip.addBuffer(Buffer.from("hello"), "readme.txt");
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    writeFileSync(path, Buffer.concat(chunks));
    await expect(openImport(path)).rejects.toThrow(/other\.zip is not a file import reads: it reads a Letterboxd export/);
  });
});

describe("Letterboxd CSVs on their own", () => {
  it("ratings.csv (BOM, CRLF) under any name", async () => {
    const path = writeText(dir, "my-stars.txt", BOM + crlf(letterboxd.ratings));
    const { entries, byTitle } = await readAll(await openImport(path));
    expect(entries).toHaveLength(5);
    expect(byTitle.get("Amélie")).toMatchObject({ ref: "my-stars.txt line 4", rating: "LIKE", viewings: [], queued: null });
  });

  it("diary.csv alone: the newest diary rating is the rating", async () => {
    const path = writeText(dir, "diary.csv", lf(letterboxd.diary));
    const { byTitle, unreadable } = await readAll(await openImport(path));
    expect(byTitle.get("The Matrix")).toMatchObject({
      rating: "SUPER_LIKE",
      ratedAt: day("2022-06-01"),
      viewings: [{}, { rewatch: true }],
    });
    expect(unreadable).toEqual([{ source: "diary.csv line 5", reason: "3 fields where the header has 8" }]);
  });

  it("cells the API would refuse are row errors here, the rest of the file still read", async () => {
    const path = writeText(
      dir,
      "odd-ratings.csv",
      lf([
        letterboxd.ratings[0],
        "2020-01-01,Hastings,1066,https://boxd.it/h,3",
        "2999-01-01,From The Future,2001,https://boxd.it/f,3",
        "2020-13-45,Bad Day,2001,https://boxd.it/b,3",
        `2020-01-01,${"Long ".repeat(300)},2001,https://boxd.it/l,3`,
        ",,2001,https://boxd.it/n,3",
        "2020-01-01,Fine,2001,https://boxd.it/ok,3",
      ]),
    );
    const { entries, unreadable } = await readAll(await openImport(path));
    expect(entries.map((entry) => entry.title)).toEqual(["Fine"]);
    expect(unreadable).toEqual([
      { source: "odd-ratings.csv line 2", reason: "year '1066' is not a film's year" },
      { source: "odd-ratings.csv line 3", reason: "Date '2999-01-01' is not between 1900 and today" },
      { source: "odd-ratings.csv line 4", reason: "Date '2020-13-45' is not a date (YYYY-MM-DD)" },
      { source: "odd-ratings.csv line 5", reason: "Name longer than 1000 characters" },
      { source: "odd-ratings.csv line 6", reason: "no Name" },
    ]);
  });

  it("watched.csv and watchlist.csv share their columns: the name says which, and a name saying neither is refused", async () => {
    const watched = await readAll(await openImport(writeText(dir, "watched.csv", lf(letterboxd.watched))));
    expect(watched.byTitle.get("Heat")).toMatchObject({ viewings: [{ watchedOn: null, rewatch: false }], queued: null });
    const queued = await readAll(await openImport(writeText(dir, "my-watchlist.csv", lf(letterboxd.watchlist))));
    expect(queued.byTitle.get("Arrival")).toMatchObject({ viewings: [], queued: { addedAt: day("2018-03-03") } });
    await expect(openImport(writeText(dir, "films.csv", lf(letterboxd.watchlist)))).rejects.toThrow(
      /films\.csv has the columns of Letterboxd's watched\.csv and watchlist\.csv: name it watched\.csv or watchlist\.csv/,
    );
  });
});

describe("IMDb exports", () => {
  it("ratings: quoted commas, accents, CJK, CRLF and a BOM read; non-films skipped with their type; a broken row reported", async () => {
    const path = writeText(dir, "imdb.csv", BOM + crlf(imdbRatings));
    const source = await openImport(path);
    expect(source).toMatchObject({ kind: "entries", format: "imdb", description: "IMDb ratings" });
    const { entries, skipped, unreadable, byTitle } = await readAll(source);
    expect(byTitle.get("The Matrix")).toEqual({
      ref: "imdb.csv line 2",
      title: "The Matrix",
      year: 1999,
      originalTitle: null,
      imdbId: "tt0133093",
      tmdbId: null,
      rating: "SUPER_LIKE",
      ratedAt: day("2019-05-02"),
      queued: null,
      viewings: [],
      lists: [],
    });
    expect(byTitle.get("Crouching Tiger, Hidden Dragon")).toMatchObject({ rating: "LIKE", originalTitle: "Wo hu cang long" });
    expect(byTitle.get("Amélie")).toMatchObject({ rating: "OK", originalTitle: "Le fabuleux destin d'Amélie Poulain" });
    expect(byTitle.get("Spirited Away")).toMatchObject({ rating: "SUPER_LIKE", originalTitle: "千と千尋の神隠し" });
    // TV movies and shorts are films to TMDB: kept.
    expect(byTitle.get('He Said "Hi"')).toMatchObject({ rating: "DISLIKE", year: 1983 });
    expect(byTitle.get("A Short One")).toMatchObject({ rating: "DISLIKE" });
    expect(entries).toHaveLength(6);
    expect(skipped).toEqual([
      { title: "Breaking Bad", year: 2008, reason: "not a movie (TV Series)" },
      { title: "Ozymandias", year: 2013, reason: "not a movie (TV Episode)" },
      { title: "Hitman", year: 2016, reason: "not a movie (Video Game)" },
    ]);
    expect(unreadable).toEqual([{ source: "imdb.csv line 8", reason: "4 fields where the header has 14" }]);
  });

  it("columns are found by name: another order, a renamed or missing column, an extra one", async () => {
    const path = writeText(
      dir,
      "old-imdb.csv",
      lf([
        "Title,Const,Year,Your Rating,Date Rated,Some New Column,Title Type",
        "Arrival,tt2543164,2016,8,2017-01-02,whatever,movie",
        "Old Feature,tt0000001,1950,2,2010-10-10,,Feature Film",
        "A Mini,tt0000002,2015,9,2016-01-01,,tvMiniSeries",
      ]),
    );
    const { entries, skipped } = await readAll(await openImport(path));
    expect(entries.map(({ imdbId, rating, ratedAt }) => ({ imdbId, rating, ratedAt }))).toEqual([
      { imdbId: "tt2543164", rating: "LIKE", ratedAt: day("2017-01-02") },
      { imdbId: "tt0000001", rating: "DISLIKE", ratedAt: day("2010-10-10") },
    ]);
    expect(skipped).toEqual([{ title: "A Mini", year: 2015, reason: "not a movie (tvMiniSeries)" }]);
  });

  it("a watchlist: queued with its Created date; a rated row is rated, not queued; a series skipped", async () => {
    const path = writeText(dir, "WATCHLIST.csv", crlf(imdbWatchlist));
    const source = await openImport(path);
    expect(source).toMatchObject({ format: "imdb", description: "an IMDb watchlist or list" });
    const { byTitle, skipped, entries } = await readAll(source);
    expect(byTitle.get("Arrival")).toMatchObject({ imdbId: "tt2543164", rating: null, queued: { addedAt: day("2018-03-03") } });
    expect(byTitle.get("Interstellar")).toMatchObject({ rating: "SUPER_LIKE", ratedAt: day("2020-01-01"), queued: null });
    expect(entries).toHaveLength(2);
    expect(skipped).toEqual([{ title: "Game of Thrones", year: 2011, reason: "not a movie (TV Series)" }]);
  });

  it("an older list export's dates (Wed Jan 16 00:00:00 2013) are kept", async () => {
    const path = writeText(
      dir,
      "list.csv",
      lf([
        "Position,Const,Created,Modified,Description,Title,Title Type,Year",
        "1,tt0000003,Wed Jan 16 00:00:00 2013,,,Old,Feature Film,1960",
      ]),
    );
    const { entries } = await readAll(await openImport(path, "list.csv", { queue: true }));
    expect(entries[0].queued?.addedAt).toMatch(/^2013-01-1[56]T/);
  });
});

describe("the rating map (contract)", () => {
  const ratingOf = async (header: string, row: (value: string) => string, value: string) => {
    const path = writeText(dir, `rating-${Math.random()}.csv`, lf([header, row(value)]));
    const { entries, unreadable } = await readAll(await openImport(path));
    return entries[0]?.rating ?? unreadable[0]?.reason;
  };
  const letterboxdRow = (stars: string) => `2020-01-01,Film,2000,https://boxd.it/x,${stars}`;
  const imdbRow = (score: string) => `tt0000009,${score},2020-01-01,Film,Movie,2000`;

  it.each([
    ["0.5", "DISLIKE"],
    ["1", "DISLIKE"],
    ["1.5", "DISLIKE"],
    ["2", "DISLIKE"],
    ["2.5", "OK"],
    ["3", "OK"],
    ["3.5", "LIKE"],
    ["4", "LIKE"],
    ["4.5", "SUPER_LIKE"],
    ["5", "SUPER_LIKE"],
  ])("Letterboxd %s★ → %s", async (stars, rating) => {
    expect(await ratingOf("Date,Name,Year,Letterboxd URI,Rating", letterboxdRow, stars)).toBe(rating);
  });

  it.each([
    ["1", "DISLIKE"],
    ["2", "DISLIKE"],
    ["3", "DISLIKE"],
    ["4", "DISLIKE"],
    ["5", "OK"],
    ["6", "OK"],
    ["7", "LIKE"],
    ["8", "LIKE"],
    ["9", "SUPER_LIKE"],
    ["10", "SUPER_LIKE"],
  ])("IMDb %s → %s", async (score, rating) => {
    expect(await ratingOf("Const,Your Rating,Date Rated,Title,Title Type,Year", imdbRow, score)).toBe(rating);
  });

  it.each(["0", "3.25", "6"])("Letterboxd '%s' is a row error", async (stars) => {
    expect(await ratingOf("Date,Name,Year,Letterboxd URI,Rating", letterboxdRow, stars)).toMatch(/not 0\.5 to 5 stars/);
  });

  it.each(["0", "7.5", "11"])("IMDb '%s' is a row error", async (score) => {
    expect(await ratingOf("Const,Your Rating,Date Rated,Title,Title Type,Year", imdbRow, score)).toMatch(/not an IMDb rating from 1 to 10/);
  });
});

describe("this tool's own export", () => {
  const v2 = {
    version: 2,
    exportedAt: "2024-01-01T00:00:00.000Z",
    user: { username: "me", email: "me@example.com" },
    ratings: [{ tmdbId: 603, title: "The Matrix", year: 1999, rating: "SUPER_LIKE", watched: true, createdAt: "2019-05-02T00:00:00.000Z" }],
    watchlist: [{ tmdbId: 329865, title: "Arrival", year: 2016, priority: "HIGH", addedAt: "2018-03-03T00:00:00.000Z" }],
    history: [{ tmdbId: 603, title: "The Matrix", year: 1999, watchedOn: "2019-05-01", rewatch: false }],
  };

  it("version 1 and 2 are documents, sent in slices that keep every field and the version", async () => {
    for (const version of [1, 2]) {
      const doc = version === 1 ? { ...v2, version: 1, history: undefined } : v2;
      const source = await openImport(writeText(dir, `export-v${version}.json`, JSON.stringify(doc)));
      expect(source).toMatchObject({ kind: "document", format: "watchlist", description: `a watchlist export (version ${version})` });
      if (source.kind !== "document") throw new Error("not a document");
      const items = documentItems(source.document);
      expect(items.map(([list]) => list)).toEqual(version === 1 ? ["ratings", "watchlist"] : ["ratings", "watchlist", "history"]);
      const second = documentWith(source.document, items.slice(1, 2));
      expect(second).toMatchObject({ version, user: v2.user, ratings: [], watchlist: [v2.watchlist[0]] });
      if (version === 2) expect(second.history).toEqual([]);
    }
  });

  it("another version, or JSON that is not an export, is refused", async () => {
    await expect(openImport(writeText(dir, "v4.json", JSON.stringify({ ...v2, version: 4 })))).rejects.toThrow(
      /v4\.json: version 4 of the watchlist export is not one this watchlist reads \(1, 2 or 3\)/,
    );
    await expect(openImport(writeText(dir, "other.json", '{"name":"package"}'))).rejects.toThrow(/other\.json is not a file import reads/);
    await expect(openImport(writeText(dir, "broken.json", '{"version": 1, "ratings": ['))).rejects.toThrow(
      /broken\.json is not a file import reads/,
    );
  });
});

describe("the unmatched-rows CSV", () => {
  it("round-trips every entry: what an import writes, it reads back, with the corrections made in it", async () => {
    const { entries } = await readAll(
      await openImport(
        await (async () => {
          const path = join(dir, "export.zip");
          await letterboxdZip(path);
          return path;
        })(),
      ),
    );
    const path = writeText(
      dir,
      "export-unmatched.csv",
      stringify([[...UNMATCHED_COLUMNS], ...entries.map((entry) => unmatchedRow(entry, "letterboxd"))]),
    );
    const source = await openImport(path);
    expect(source).toMatchObject({ kind: "entries", format: "letterboxd", description: "the unmatched rows of an earlier import" });
    // List memberships come back as the lists' names (their places and notes are the list file's).
    const named = entries.map((entry) => ({
      ...entry,
      lists: entry.lists.map(({ list }) => ({ list, position: null, note: null, addedAt: null })),
    }));
    expect((await readAll(source)).entries).toEqual(named);

    // The person fills in a TMDB id for one film and an IMDb id for another.
    const corrected = readFileSync(path, "utf8")
      .replace(/^,,Heat,/m, "949,,Heat,")
      .replace(/^,,Cats,/m, ",tt5697572,Cats,");
    writeFileSync(path, corrected);
    const { byTitle } = await readAll(await openImport(path));
    expect(byTitle.get("Heat")).toMatchObject({ tmdbId: 949, imdbId: null, ref: "reviews.csv line 6" });
    // Its review and tags came along, for the import of the corrected file.
    expect(byTitle.get("Heat")?.viewings[0]).toMatchObject({
      tags: ["heist", "with sam"],
      review: { text: "Long, but the diner scene… 🔥" },
    });
    expect(byTitle.get("Cats")).toMatchObject({ tmdbId: null, imdbId: "tt5697572", rating: "DISLIKE" });
  });

  it("titles a spreadsheet would run as formulas are written neutralized and read back unchanged (issue 17, item 5)", async () => {
    const { UnmatchedFile } = await import("../../src/cli/output/unmatched-file.cjs");
    const titles = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+2", "'=quoted"];
    const out = new UnmatchedFile(join(dir, "formulas-unmatched.csv"));
    const written = titles.map((title, index) => ({
      ...emptyEntry(`ratings.csv line ${index + 2}`, title, 2001),
      rating: "LIKE" as const,
    }));
    for (const entry of written) out.write(entry, "letterboxd");
    await out.close();
    const cells = (parse(readFileSync(out.path, "utf8"), { columns: true }) as { Title: string }[]).map((row) => row.Title);
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect((await readAll(await openImport(out.path))).entries).toEqual(written);
  });

  it("a bad correction is a row error with its line", async () => {
    const path = writeText(
      dir,
      "bad-unmatched.csv",
      stringify([[...UNMATCHED_COLUMNS], ["abc", "", "Heat", "1995", "", "", "", "", "undated", "imdb", "x line 2", "", "", ""]]),
    );
    const source = await openImport(path);
    expect(source.format).toBe("imdb");
    expect((await readAll(source)).unreadable).toEqual([
      { source: "bad-unmatched.csv line 2", reason: "tmdbID 'abc' is not a TMDB id (a number)" },
    ]);
  });
});

describe("files import does not read", () => {
  it("text of no known format, an empty file, a CSV of other columns: one line naming the formats", async () => {
    for (const [name, text] of [
      ["notes.txt", "hello\nworld\n"],
      ["empty.csv", ""],
      ["movies.csv", lf(["film,score", "Inception,like"])],
    ]) {
      await expect(openImport(writeText(dir, name, text))).rejects.toThrow(
        new RegExp(
          `^${name.replace(".", "\\.")} is not a file import reads: it reads a Letterboxd export .+, a CSV in Letterboxd's import format .+, an IMDb ratings, watchlist or list CSV, a list written by \`watchlist list export --letterboxd\`, a file written by \`watchlist export\` \\(--json, --csv or --letterboxd\\), or the unmatched-rows CSV of an earlier import$`,
        ),
      );
    }
  });

  it("a file over the limit is refused from its size, before it is read", async () => {
    const path = join(dir, "huge.csv");
    writeFileSync(path, "Const,Your Rating\n");
    truncateSync(path, 200 * 1024 * 1024);
    const started = Date.now();
    await expect(openImport(path)).rejects.toThrow(`huge.csv is 200 MB: import reads files up to ${MAX_IMPORT_BYTES / (1024 * 1024)} MB`);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
