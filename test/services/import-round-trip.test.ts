// Issue 17, item 16: what `watchlist export` writes, `watchlist import` reads back. Each format is
// exported from a seeded account, read by the CLI's own readers (src/import-formats) and sent as the
// CLI sends it (documents in slices, entries in batches) into an empty account, whose data must then
// be the same. Also Letterboxd's import format as other tools write it (tmdbID, Rating10).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { type ExportFormat, exportChunks } from "../../src/services/export.js";
import { dayToDate } from "../../src/services/history.js";
import type { ImportDeps } from "../../src/services/import/index.js";
import { type FakeTmdb, fakeMovies as m } from "../fake-tmdb/index.js";
import { importFile as importAsTheCli, useImportTestbed } from "../helpers/import.js";
import { cacheMovies, seedUser } from "../helpers/seed-library.js";
import { scratchDir } from "../import-formats/files.js";

let db: Db;
let fake: FakeTmdb;
let deps: ImportDeps;
let source: string;
const dir = scratchDir();

beforeAll(async () => {
  ({ db, fake, deps } = await useImportTestbed());
  source = await seedUser(db, "exporter", {
    ratings: [
      [m.inception, "SUPER_LIKE", new Date("2024-01-02T03:04:05.678Z")],
      [m.arrival, "LIKE", new Date("2024-02-01T00:00:00.000Z")],
      [m.conjuring, "DISLIKE", new Date("2024-03-01T00:00:00.000Z")],
      [m.nottingHill, "OK", new Date("2024-04-01T00:00:00.000Z")],
    ],
    queue: [
      [m.dune2021, "HIGH"],
      [m.memento, "LOW"],
    ],
  });
  await db.userMovie.updateMany({ where: { userId: source, movie: { tmdbId: m.nottingHill.id } }, data: { watched: false } });
  const ids = await cacheMovies(db, [m.inception, m.arrival, m.tenet]);
  const view = (tmdbId: number, watchedOn: string | null, rewatch = false) =>
    db.viewing.create({ data: { userId: source, movieId: ids.get(tmdbId)!, watchedOn: watchedOn ? dayToDate(watchedOn) : null, rewatch } });
  await view(m.inception.id, "2010-07-20");
  await view(m.inception.id, "2023-06-01", true);
  await view(m.arrival.id, null); // rated, watched on a day nobody knows
  await view(m.tenet.id, "2021-12-24"); // watched, never rated
});
afterAll(() => fake.close());

async function exportText(userId: string, format: ExportFormat) {
  let text = "";
  for await (const chunk of exportChunks(db, userId, format, new Date("2026-01-02T00:00:00Z"))) text += chunk;
  return text;
}

let accounts = 0;
const emptyAccount = () => seedUser(db, `importer${++accounts}`, { ratings: [] });

/** Reads the file with the CLI's readers and sends it as the CLI does; every film matched. */
async function importFile(userId: string, path: string) {
  const { format, report, notes } = await importAsTheCli(deps, userId, path);
  expect(report.unmatched).toEqual([]);
  return { format, unreadable: notes.unreadable };
}

const json = async (userId: string) => {
  const { ratings, watchlist, history } = JSON.parse(await exportText(userId, "json"));
  return { ratings, watchlist, history };
};

/** What Letterboxd's format carries: each rating's level and every viewing. */
async function ratingsAndViewings(userId: string) {
  const { ratings, history } = await json(userId);
  return {
    ratings: ratings.map((rating: { tmdbId: number; rating: string }) => [rating.tmdbId, rating.rating]).sort(),
    history: history.map((viewing: { tmdbId: number; watchedOn: string | null; rewatch: boolean }) => [
      viewing.tmdbId,
      viewing.watchedOn,
      viewing.rewatch,
    ]),
  };
}

describe("export → import into an empty account gives the same data", () => {
  it("--json (as before)", async () => {
    const path = join(dir, "export.json");
    writeFileSync(path, await exportText(source, "json"));
    const target = await emptyAccount();
    await importFile(target, path);
    expect(await json(target)).toEqual(await json(source));
  });

  it("--csv: every rating (level, watched flag, dates), queue entry (priority, date) and viewing", async () => {
    const path = join(dir, "export.csv");
    writeFileSync(path, await exportText(source, "csv"));
    const target = await emptyAccount();
    const { format, unreadable } = await importFile(target, path);
    expect(format).toBe("watchlist");
    expect(unreadable).toEqual([]);
    const copied = await json(target);
    expect(copied).toEqual(await json(source));
    expect(copied.ratings.find((rating: { tmdbId: number }) => rating.tmdbId === m.nottingHill.id).watched).toBe(false);
  });

  it("--letterboxd: every rating's level and every viewing, dated or not, a rated film never viewed staying unviewed", async () => {
    const path = join(dir, "letterboxd.csv");
    writeFileSync(path, await exportText(source, "letterboxd"));
    const target = await emptyAccount();
    const { format, unreadable } = await importFile(target, path);
    expect(format).toBe("letterboxd");
    expect(unreadable).toEqual([]);
    const copied = await ratingsAndViewings(target);
    expect(copied).toEqual(await ratingsAndViewings(source));
    expect(copied.history).toHaveLength(4);
    expect(copied.ratings).toHaveLength(4);
  });
});

describe("Letterboxd's import format as other tools write it", () => {
  it("tmdbID, imdbID or a title; Rating10 or Rating; WatchedDate and Rewatch; any column order and case", async () => {
    const path = join(dir, "other-tool.csv");
    writeFileSync(
      path,
      [
        "LetterboxdURI,TMDBid,imdbid,Title,Year,Directors,WatchedDate,Rating10,Rewatch,Tags,Review",
        `https://boxd.it/x,${m.inception.id},,Inception,2010,Christopher Nolan,2012-03-04,10,false,"a, b",Great`,
        `,${m.inception.id},,Inception,2010,,2015-05-05,10,true,,`,
        `,,,Arrival,2016,,,7,,,`,
        `,${m.tenet.id},,,,,,,,,`,
        `,,,Nope,2016,,,11,,,`,
      ].join("\n"),
    );
    const target = await emptyAccount();
    const { format, unreadable } = await importFile(target, path);
    expect(format).toBe("letterboxd");
    expect(unreadable).toEqual([{ source: "other-tool.csv line 6", reason: "Rating10 '11' is not 1 to 10" }]);
    expect(await ratingsAndViewings(target)).toEqual({
      ratings: [
        [m.arrival.id, "LIKE"],
        [m.inception.id, "SUPER_LIKE"],
      ].sort(),
      history: [
        [m.tenet.id, null, false],
        [m.inception.id, "2012-03-04", false],
        [m.inception.id, "2015-05-05", true],
      ],
    });
  });
});
