// Each film's JSON kept while its row is the same version: read once, read again when the row changes
// (in any process), per region, within its bound. A kept answer is the same Buffer object again.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { toMovieJson } from "../../src/services/movie-json.js";
import { MOVIE_VERSION_COLUMNS, type MovieVersion, movieJsonBytes } from "../../src/services/movie-json-bytes.js";
import { withRegion } from "../../src/services/region.js";
import { useTestDatabase } from "../helpers/db.js";

let db: Db;

beforeAll(async () => {
  db = (await useTestDatabase()).db;
});
beforeEach(async () => {
  await db.movie.deleteMany();
  await db.movie.createMany({
    data: [1, 2, 3].map((tmdbId) => ({
      tmdbId,
      title: `Film "${tmdbId}" — ünïcode`,
      releaseDate: "1999-03-31",
      certifications: { GB: "15", US: "R" },
    })),
  });
});

/** The films as a listing reads them: id and row version, in tmdbId order. */
const versions = (tmdbIds: number[]) =>
  db.$queryRaw<(MovieVersion & { tmdbId: number })[]>`
    SELECT ${MOVIE_VERSION_COLUMNS}, m."tmdbId" FROM "Movie" m WHERE m."tmdbId" = ANY(${tmdbIds}) ORDER BY m."tmdbId"`;
const parsed = (bytes: (Buffer | undefined)[]) => bytes.map((json) => JSON.parse(String(json)));

describe("movieJsonBytes", () => {
  it("answers each film's movie JSON in the order asked, encoded as toMovieJson's, and keeps it", async () => {
    const films = await versions([1, 2, 3]);
    const first = await movieJsonBytes(db, [films[2], films[0], films[1]]);
    const rows = await db.movie.findMany({ orderBy: { tmdbId: "asc" } });
    expect(first.map(String)).toEqual([rows[2], rows[0], rows[1]].map((row) => JSON.stringify(toMovieJson(row))));
    expect(parsed(first).map((movie) => [movie.tmdbId, movie.certification])).toEqual([
      [3, "R"],
      [1, "R"],
      [2, "R"],
    ]);
    const again = await movieJsonBytes(db, films);
    expect(again[0]).toBe(first[1]);
    expect(again[1]).toBe(first[2]);
    expect(again[2]).toBe(first[0]);
  });

  it("reads a film again once its row has changed, whoever changed it", async () => {
    const [before] = await versions([1]);
    const [kept] = await movieJsonBytes(db, [before]);
    await db.$executeRaw`UPDATE "Movie" SET "title" = 'Renamed elsewhere' WHERE "tmdbId" = 1`;
    const [after] = await versions([1]);
    expect(after.version).not.toBe(before.version);
    const [read] = await movieJsonBytes(db, [after]);
    expect(read).not.toBe(kept);
    expect(JSON.parse(String(read)).title).toBe("Renamed elsewhere");
    // An older version asked for (a listing read before the change) is not answered from the newer one kept.
    const [older] = await movieJsonBytes(db, [before]);
    expect(JSON.parse(String(older)).title).toBe("Renamed elsewhere");
    expect(older).not.toBe(read);
  });

  it("keeps each region's JSON apart: the certification is the request's region's", async () => {
    const films = await versions([1]);
    const gb = await withRegion("GB", () => movieJsonBytes(db, films));
    const us = await withRegion("US", () => movieJsonBytes(db, films));
    expect(parsed(gb)[0].certification).toBe("15");
    expect(parsed(us)[0].certification).toBe("R");
    expect((await withRegion("GB", () => movieJsonBytes(db, films)))[0]).toBe(gb[0]);
  });

  it("drops the least recently used films beyond its bound", async () => {
    const [one, two, three] = await versions([1, 2, 3]);
    const [first] = await movieJsonBytes(db, [one], 10_000);
    const bound = (first as Buffer).length * 2;
    await movieJsonBytes(db, [two], bound);
    expect((await movieJsonBytes(db, [one], bound))[0]).toBe(first); // used again: now the most recent
    await movieJsonBytes(db, [three], bound); // two is the least recently used: dropped
    expect((await movieJsonBytes(db, [one], bound))[0]).toBe(first);
    const [twoAgain] = await movieJsonBytes(db, [two], bound);
    expect(JSON.parse(String(twoAgain)).tmdbId).toBe(2);
    expect((await movieJsonBytes(db, [two], bound))[0]).toBe(twoAgain);
  });

  it("answers undefined for a film deleted since the listing read it", async () => {
    const films = await versions([1, 2]);
    await db.movie.delete({ where: { tmdbId: 2 } });
    const answer = await movieJsonBytes(db, films);
    expect(JSON.parse(String(answer[0])).tmdbId).toBe(1);
    expect(answer[1]).toBeUndefined();
  });
});
