// Reviews, comments, tags and profiles through the real binary, a real API process, PostgreSQL and the
// fake TMDB: --json field by field, the editor on a pseudo-terminal, text from stdin, and others' views
// answering exactly as a user that does not exist.
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectProfileSeenByOthers, hiddenUserMessage, OWNER_ONLY_FIELDS, PROFILE_FIELDS_FOR_OTHERS } from "../helpers/profiles.js";
import { type ApiProcess, startApiProcess } from "./helpers/api.js";
import { type CliResult, cliUser } from "./helpers/cli.js";
import { runInPty } from "./helpers/pty.js";

const PASSWORD = "correct horse battery staple";
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let api: ApiProcess;
let rev: ReturnType<typeof cliUser>;
let pal: ReturnType<typeof cliUser>;
let odd: ReturnType<typeof cliUser>;

async function ok(user: ReturnType<typeof cliUser>, args: string[], input?: string): Promise<CliResult> {
  const result = await user.run(args, { input });
  expect(result.code, `watchlist ${args.join(" ")}\n${result.stderr}`).toBe(0);
  return result;
}

beforeAll(async () => {
  api = await startApiProcess();
  [rev, pal, odd] = [cliUser(api.url), cliUser(api.url), cliUser(api.url)];
  for (const [user, name] of [
    [rev, "rev"],
    [pal, "pal"],
    [odd, "odd"],
  ] as const) {
    await ok(user, ["register", "--email", `${name}@example.com`, "--username", name, "--password-stdin"], `${PASSWORD}\n`);
  }
  await ok(rev, ["friends", "add", "pal"]);
  await ok(pal, ["friends", "add", "rev"]);
}, 120_000);

/** An editor for $EDITOR: writes `text` into the file it is given. */
function editorScript(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "watchlist-editor-"));
  const script = join(dir, "editor.sh");
  writeFileSync(script, `#!/bin/sh\nprintf '%s' '${text.replace(/'/g, `'\\''`)}' > "$1"\n`);
  chmodSync(script, 0o755);
  return script;
}

describe("review and reviews", { timeout: 60_000 }, () => {
  it("review TEXT --json: the contract's fields, one by one", async () => {
    const review = (await ok(rev, ["review", "tmdb:329865", "Language is time.", "--on", "2023-06-01", "--json"])).json();
    expect(Object.keys(review).sort()).toEqual([
      "author",
      "comments",
      "createdAt",
      "movie",
      "spoilers",
      "tags",
      "text",
      "updatedAt",
      "watchedOn",
    ]);
    expect(review).toEqual({
      movie: expect.objectContaining({ tmdbId: 329865, title: "Arrival", year: 2016 }),
      author: "rev",
      text: "Language is time.",
      spoilers: false,
      watchedOn: "2023-06-01",
      tags: [],
      createdAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
      comments: [],
    });
  });

  it("review - reads stdin, newlines, quotes and emoji kept; --spoilers folds it for readers", async () => {
    const text = 'Line one, with "quotes".\nLine two 🎬';
    await ok(rev, ["review", "tmdb:27205", "-", "--spoilers"], text);
    const [review] = (await ok(rev, ["reviews", "--movie", "tmdb:27205", "--json"])).json();
    expect([review.text, review.spoilers]).toEqual([text, true]);
    const folded = (await ok(pal, ["show", "tmdb:27205"])).stdout;
    expect(folded).toContain("contains spoilers");
    expect(folded).not.toContain("Line two");
    expect((await ok(pal, ["show", "tmdb:27205", "--spoilers"])).stdout).toContain("Line two 🎬");
  });

  it("no TEXT off a terminal is a usage error; bad text is exit 2 with one line", async () => {
    const missing = await rev.run(["review", "tmdb:27205"]);
    expect([missing.code, missing.stdout]).toEqual([2, ""]);
    const bidi = await rev.run(["review", "tmdb:27205", "evil\u202Etxt"]);
    expect([bidi.code, bidi.stderr]).toEqual([2, "error: text: review contains a bidi control character\n"]);
  });

  it("no TEXT on a terminal opens $EDITOR on a temporary file; what it saves is the review", async () => {
    const pty = runInPty(["review", "tmdb:438631"], {
      WATCHLIST_API_URL: api.url,
      WATCHLIST_CONFIG_DIR: rev.configDir,
      EDITOR: editorScript("Written in the editor.\nSecond line."),
      VISUAL: "",
    });
    expect(await pty.exited).toBe(0);
    const [review] = (await ok(rev, ["reviews", "--movie", "tmdb:438631", "--json"])).json();
    expect(review.text).toBe("Written in the editor.\nSecond line.");
  });

  it("an empty file from the editor cancels: exit 1, nothing saved", async () => {
    const before = (await ok(rev, ["reviews", "--json"])).json();
    const pty = runInPty(["review", "tmdb:155"], {
      WATCHLIST_API_URL: api.url,
      WATCHLIST_CONFIG_DIR: rev.configDir,
      VISUAL: editorScript(""),
    });
    expect(await pty.exited).toBe(1);
    expect(pty.text()).toContain("empty review: nothing saved");
    expect((await ok(rev, ["reviews", "--json"])).json()).toEqual(before);
  });
});

describe("comments", { timeout: 60_000 }, () => {
  it("a friend comments; it shows under the review in show; uncomment deletes it", async () => {
    const comment = (await ok(pal, ["comment", "rev", "tmdb:329865", "So good.", "--json"])).json();
    expect(comment).toEqual({ id: expect.any(String), author: "pal", text: "So good.", at: expect.stringMatching(ISO) });
    const shown = (await ok(pal, ["show", "tmdb:329865", "--json"])).json();
    expect(shown.reviews[0].comments).toEqual([comment]);
    expect((await ok(pal, ["show", "tmdb:329865"])).stdout).toMatch(/pal: So good\./);
    await ok(rev, ["uncomment", comment.id]);
    expect((await ok(rev, ["reviews", "--movie", "tmdb:329865", "--json"])).json()[0].comments).toEqual([]);
  });

  it("a stranger cannot comment (exit 1); two lines are a usage error", async () => {
    expect((await odd.run(["comment", "rev", "tmdb:329865", "hi"])).code).toBe(1);
    expect((await pal.run(["comment", "rev", "tmdb:329865", "a\nb"])).code).toBe(2);
  });
});

describe("tags", { timeout: 60_000 }, () => {
  it("watched --tag (repeatable), history --tag, tags --json", async () => {
    const watched = (await ok(pal, ["watched", "tmdb:27205", "like", "--tag", "IMAX", "--tag", "with rev", "--json"])).json();
    expect(watched.viewing.tags).toEqual(["IMAX", "with rev"]);
    await ok(pal, ["watched", "tmdb:155", "like", "--tag", "imax"]);
    expect((await ok(pal, ["tags", "--json"])).json()).toEqual([
      { tag: "IMAX", viewings: 2 },
      { tag: "with rev", viewings: 1 },
    ]);
    const tagged = (await ok(pal, ["history", "--tag", "WITH REV", "--json"])).json();
    expect(tagged.map((entry: any) => [entry.movie.tmdbId, entry.tags, entry.review])).toEqual([[27205, ["IMAX", "with rev"], null]]);
    expect((await ok(pal, ["tags"])).stdout).toBe("tag\tviewings\nIMAX\t2\nwith rev\t1\n");
  });

  it("show lists your viewings of the film: date, rewatch, tags, whether reviewed", async () => {
    await ok(pal, ["watched", "tmdb:27205", "--on", "2020-02-02", "--tag", "sofa"]);
    await ok(pal, ["review", "tmdb:27205", "Better the second time.", "--on", "2020-02-02"]);
    const shown = (await ok(pal, ["show", "tmdb:27205", "--json"])).json();
    expect(shown.viewings).toEqual([
      { watchedOn: expect.stringMatching(/^\d{4}-\d\d-\d\d$/), rewatch: false, tags: ["IMAX", "with rev"], review: null },
      { watchedOn: "2020-02-02", rewatch: true, tags: ["sofa"], review: "Better the second time." },
    ]);
    expect(shown).toMatchObject({ tmdbId: 27205, myRating: "LIKE" });
    // Another member's viewings are never among yours.
    expect((await ok(rev, ["show", "tmdb:27205", "--json"])).json().viewings.map((viewing: any) => viewing.tags)).not.toContainEqual([
      "sofa",
    ]);
    const printed = (await ok(pal, ["show", "tmdb:27205"])).stdout;
    expect(printed).toContain("Your viewings");
    expect(printed).toMatch(/2020-02-02 {2}rewatch {2}\[sofa\] {2}reviewed/);
    expect(printed).toMatch(/\d{4}-\d\d-\d\d {2}\[IMAX, with rev\]/);
  });
});

describe("profiles and others' views", { timeout: 60_000 }, () => {
  it("profile set, then profile --json field by field", async () => {
    await ok(rev, [
      "profile",
      "set",
      "--bio",
      "Night owl.",
      "--avatar",
      "🦉",
      "--favourites",
      "tmdb:329865;tmdb:27205",
      "--region",
      "gb",
      "--services",
      "Netflix, disney plus,8",
    ]);
    const profile = (await ok(rev, ["profile", "--json"])).json();
    expect(Object.keys(profile).sort()).toEqual([...PROFILE_FIELDS_FOR_OTHERS, ...OWNER_ONLY_FIELDS].sort());
    expect(profile).toMatchObject({
      username: "rev",
      bio: "Night owl.",
      avatar: "🦉",
      region: "GB",
      services: [
        { id: 8, name: "Netflix" },
        { id: 337, name: "Disney Plus" },
      ],
      visibility: "friends",
      shareTaste: true,
      counts: { ratings: 0, viewings: 3, queue: 0, lists: 0, reviews: 3 },
    });
    expect(profile.favourites.map((movie: any) => movie.tmdbId)).toEqual([329865, 27205]);
    expect(profile.memberSince).toMatch(ISO);
  });

  it("a bad avatar, five favourites, an unknown visibility or streaming service: exit 2, nothing changed", async () => {
    const before = (await ok(rev, ["profile", "--json"])).json();
    expect((await rev.run(["profile", "set", "--avatar", "ab"])).code).toBe(2);
    expect((await rev.run(["profile", "set", "--favourites", "a;b;c;d;e"])).code).toBe(2);
    expect((await rev.run(["profile", "set", "--visibility", "everyone"])).code).toBe(2);
    const unknownService = await rev.run(["profile", "set", "--services", "mubi,netflx"]);
    expect([unknownService.code, unknownService.stderr]).toEqual([
      2,
      'error: unknown streaming service "netflx"; did you mean "Netflix"? (names or TMDB provider ids)\n',
    ]);
    expect((await ok(rev, ["profile", "--json"])).json()).toEqual(before);
  });

  it("a friend sees the profile without region, services or share-taste", async () => {
    const seen = (await ok(pal, ["profile", "rev", "--json"])).json();
    expectProfileSeenByOthers(seen);
    expect(seen.bio).toBe("Night owl.");
  });

  it("each --of view and profile USER: a hidden member answers byte for byte as a missing one (exit 1)", async () => {
    const views = (name: string) => [
      ["ratings", "--of", name],
      ["history", "--of", name],
      ["reviews", "--of", name],
      ["profile", name],
      ["queue", "--of", name],
    ];
    for (const [hidden, missing] of views("rev").map((args, i) => [args, views("nobody")[i]])) {
      const seenByStranger = await odd.run(hidden);
      const ofNobody = await odd.run(missing);
      expect([seenByStranger.code, seenByStranger.stdout], hidden.join(" ")).toEqual([1, ""]);
      expect(seenByStranger.stderr).toBe(ofNobody.stderr.replace("nobody", "rev"));
      expect(ofNobody.stderr).toBe(`error: ${hiddenUserMessage("nobody")}\n`);
    }
    // Private: even the friend gets the same answer.
    await ok(rev, ["profile", "set", "--visibility", "private"]);
    const fromFriend = await pal.run(["reviews", "--of", "rev"]);
    expect([fromFriend.code, fromFriend.stderr]).toEqual([1, `error: ${hiddenUserMessage("rev")}\n`]);
    await ok(rev, ["profile", "set", "--visibility", "server"]);
    expect((await ok(odd, ["reviews", "--of", "rev", "--json"])).json()).toHaveLength(3);
  });
});
