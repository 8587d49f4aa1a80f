// Issue 19, import and export that lose nothing: a real-shaped Letterboxd export zip (reviews over
// several lines with quotes, commas and emoji, the diary's tags, a profile whose favourite films are
// Letterboxd URIs, comments.csv and deleted/) read by the CLI's readers and sent as the CLI sends it;
// the same file again changes nothing; undo takes the import back whole; `export --json` (version 3)
// and `export --letterboxd` read back into an empty account give the same reviews, tags and profile.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/client.js";
import { undoLastActivity } from "../../src/services/activity.js";
import { type ExportFormat, exportChunks } from "../../src/services/export.js";
import type { ImportDeps } from "../../src/services/import/index.js";
import { getOwnProfile } from "../../src/services/profiles.js";
import { listReviews } from "../../src/services/reviews.js";
import { listTags } from "../../src/services/tags.js";
import { type FakeTmdb, fakeMovies as m } from "../fake-tmdb/index.js";
import { importFile, useImportTestbed } from "../helpers/import.js";
import { seedUser } from "../helpers/seed-library.js";
import { letterboxdZip, scratchDir } from "../import-formats/files.js";

let db: Db;
let fake: FakeTmdb;
let deps: ImportDeps;
const dir = scratchDir();
let zip: string;
let me: string;

beforeAll(async () => {
  ({ db, fake, deps } = await useImportTestbed());
  zip = join(dir, "letterboxd-me-2024-12-01-utc.zip");
  await letterboxdZip(zip);
  me = await seedUser(db, "boxd", { ratings: [] });
});
afterAll(() => fake.close());

let accounts = 0;
const emptyAccount = () => seedUser(db, `copy${++accounts}`, { ratings: [] });

async function exportText(userId: string, format: ExportFormat) {
  let text = "";
  for await (const chunk of exportChunks(db, userId, format)) text += chunk;
  return text;
}

/** The account's reviews (on which viewing, with its tags), its tags and its profile, as the API shows them. */
async function reviewsTagsProfile(userId: string, { dates = true } = {}) {
  const reviews = (await listReviews(db, userId)).map((review) => ({
    tmdbId: review.movie.tmdbId,
    watchedOn: review.watchedOn,
    text: review.text,
    spoilers: review.spoilers,
    tags: review.tags,
    ...(dates ? { createdAt: review.createdAt, updatedAt: review.updatedAt } : {}),
  }));
  // Newest first, as listed; reviews written in one batch have one createdAt: by day, then.
  reviews.sort((a, b) => (b.watchedOn ?? "").localeCompare(a.watchedOn ?? ""));
  const { bio, avatar, favourites, region, services, visibility, shareTaste } = await getOwnProfile(deps, userId);
  return {
    reviews,
    tags: await listTags(db, userId),
    profile: { bio, avatar, favourites: favourites.map((movie) => movie.tmdbId), region, services, visibility, shareTaste },
  };
}

const MATRIX_REVIEW = 'Whoa.\n\nHe said "there is no spoon", and I believed him 🥄🍿';

describe("a Letterboxd export's reviews, tags and profile", () => {
  it("each review on the diary's viewing of its day, the diary's tags, the bio and favourite films; every other file named", async () => {
    const { report, notes } = await importFile(deps, me, zip);
    expect(report.reviews).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(report.tags).toEqual({ added: 2, updated: 0, unchanged: 0 });
    // The bio and two favourite films (the third URI names no film of the export).
    expect(report.profile).toEqual({ added: 3, updated: 0, unchanged: 0 });
    expect(report.history).toMatchObject({ added: 4 });

    const { reviews, tags, profile } = await reviewsTagsProfile(me);
    expect(reviews).toEqual([
      {
        tmdbId: m.matrix.id,
        watchedOn: "2022-05-30",
        text: "Better in IMAX, honestly.",
        spoilers: false,
        tags: ["imax", "with friends"],
        createdAt: new Date("2022-06-01T00:00:00Z"),
        updatedAt: new Date("2022-06-01T00:00:00Z"),
      },
      {
        tmdbId: m.matrix.id,
        watchedOn: "2019-05-01",
        text: MATRIX_REVIEW,
        spoilers: false,
        tags: [],
        createdAt: new Date("2019-05-02T00:00:00Z"),
        updatedAt: new Date("2019-05-02T00:00:00Z"),
      },
    ]);
    // The review's "IMAX" is the diary's "imax": one tag, kept as first written.
    expect(tags).toEqual([
      { tag: "imax", viewings: 1 },
      { tag: "with friends", viewings: 1 },
    ]);
    expect(profile).toMatchObject({ bio: 'Films, mostly.\nSometimes "midnight" ones 📼', favourites: [m.matrix.id, m.spiritedAway.id] });

    // Heat's review made its own viewing in the file, but TMDB has no Heat here: it is listed, never dropped.
    expect(report.unmatched.map((row) => row.title)).toContain("Heat");
    expect(notes.notImported.map((row) => row.source)).toEqual([
      "comments.csv",
      "deleted/diary.csv",
      "deleted/reviews.csv",
      "orphaned/watchlist.csv",
      "profile.csv",
      "profile.csv Favorite Films",
    ]);
  });

  it("the same file again changes nothing: every review, tag and profile field unchanged", async () => {
    const before = await reviewsTagsProfile(me);
    const { report } = await importFile(deps, me, zip, { batchSize: 2 });
    expect(report.reviews).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect(report.tags).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect(report.profile).toEqual({ added: 0, updated: 0, unchanged: 3 });
    expect(report.history).toMatchObject({ added: 0 });
    expect(await reviewsTagsProfile(me)).toEqual(before);
  });

  it("a changed review is updated, the rest unchanged", async () => {
    const edited = join(dir, "edited.zip");
    await letterboxdZip(edited, { edit: (name, text) => (name === "reviews.csv" ? text.replace("honestly.", "honestly!") : text) });
    const { report } = await importFile(deps, me, edited);
    expect(report.reviews).toEqual({ added: 0, updated: 1, unchanged: 1 });
    expect((await listReviews(db, me)).map((review) => review.text)).toContain("Better in IMAX, honestly!");
  });
});

describe("export then import into an empty account", () => {
  it("--json (version 3): the same reviews (text, spoilers, day, dates), tags and profile", async () => {
    const source = await emptyAccount();
    await importFile(deps, source, zip);
    // What only this tool has: a spoiler flag, an avatar, a region, services, a narrower visibility, share-taste off.
    await db.review.updateMany({
      where: { userId: source, viewing: { watchedOn: new Date("2019-05-01T00:00:00Z") } },
      data: { spoilers: true },
    });
    await db.profile.update({ where: { userId: source }, data: { avatar: "🦊", region: "GB", services: [8, 11] } });
    await db.user.update({ where: { id: source }, data: { visibility: "PRIVATE", shareTaste: false } });
    const path = join(dir, "export.json");
    writeFileSync(path, await exportText(source, "json"));

    const target = await emptyAccount();
    const { report } = await importFile(deps, target, path, { batchSize: 4 });
    expect(report.unmatched).toEqual([]);
    const copied = await reviewsTagsProfile(target);
    expect(copied).toEqual(await reviewsTagsProfile(source));
    expect(copied.profile).toEqual({
      bio: 'Films, mostly.\nSometimes "midnight" ones 📼',
      avatar: "🦊",
      favourites: [m.matrix.id, m.spiritedAway.id],
      region: "GB",
      services: [
        { id: 8, name: "Netflix" },
        { id: 11, name: "MUBI" },
      ],
      visibility: "private",
      shareTaste: false,
    });
    expect(copied.reviews.find((review) => review.watchedOn === "2019-05-01")?.spoilers).toBe(true);

    // Again: nothing changes.
    const again = await importFile(deps, target, path, { batchSize: 4 });
    expect(again.report.reviews).toEqual({ added: 0, updated: 0, unchanged: 2 });
    expect(again.report.profile).toMatchObject({ added: 0, updated: 0 });
  });

  it("--json: a comment the account wrote is named in the report, not imported", async () => {
    const author = await emptyAccount();
    const { username } = await db.user.findUniqueOrThrow({ where: { id: author } });
    await importFile(deps, author, zip);
    const review = await db.review.findFirstOrThrow({ where: { userId: author } });
    await db.reviewComment.create({
      data: { reviewId: review.id, authorId: author, text: "Agreed.", createdAt: new Date("2024-01-01T00:00:00Z") },
    });
    const path = join(dir, "with-comment.json");
    writeFileSync(path, await exportText(author, "json"));
    const { report } = await importFile(deps, await emptyAccount(), path);
    expect(report.notImported).toEqual([
      {
        source: `your comment of 2024-01-01 under ${username}'s review of The Matrix (1999)`,
        reason: "comments are not imported: a comment belongs under a review on the server it was written on",
      },
    ]);
  });

  it("--letterboxd: the Tags and Review columns read back by our importer, each review on its viewing", async () => {
    const path = join(dir, "letterboxd.csv");
    writeFileSync(path, await exportText(me, "letterboxd"));
    const target = await emptyAccount();
    const { report, notes } = await importFile(deps, target, path);
    expect(notes.unreadable).toEqual([]);
    expect(report.unmatched).toEqual([]);
    // Letterboxd's format has no spoiler flag and no review dates: text, day and tags come back.
    expect(await reviewsTagsProfile(target, { dates: false })).toMatchObject({
      reviews: (await reviewsTagsProfile(me, { dates: false })).reviews,
      tags: (await reviewsTagsProfile(me)).tags,
    });
  });
});

describe("undo", () => {
  it("takes the import back whole: its reviews, tags and profile with its ratings and viewings", async () => {
    const account = await emptyAccount();
    await importFile(deps, account, zip);
    expect((await reviewsTagsProfile(account)).reviews).toHaveLength(2);
    await undoLastActivity(db, account);
    expect(await reviewsTagsProfile(account)).toEqual({
      reviews: [],
      tags: [],
      profile: { bio: null, avatar: null, favourites: [], region: null, services: [], visibility: "friends", shareTaste: true },
    });
    expect(await db.viewing.count({ where: { userId: account } })).toBe(0);
    expect(await db.userMovie.count({ where: { userId: account } })).toBe(0);
  });
});
