// Profiles through the HTTP API: every field of GET/PATCH /profile, what others see, bad input refused
// with nothing changed, and undo of a profile edit.
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";
import { expectProfileSeenByOthers } from "../helpers/profiles.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
type Account = Awaited<ReturnType<typeof api.register>>;
let pat: Account;
let quin: Account;

beforeAll(async () => {
  api = await createTestApi();
  pat = await api.register("pat");
  quin = await api.register("quin");
  await api.request("PUT", "/friends/quin", { token: pat.token });
  await api.request("PUT", "/friends/pat", { token: quin.token });
});

const call = (account: Account, method: string, path: string, body?: unknown) => api.request(method, path, { token: account.token, body });

describe("counts.lists (issue 19)", () => {
  it("counts only the lists the viewer may see: a private list is not counted for others", async () => {
    const lou = await api.register("lou");
    const stranger = await api.register("stranger");
    await api.request("PUT", "/friends/quin", { token: lou.token });
    await api.request("PUT", "/friends/lou", { token: quin.token });
    await call(lou, "PATCH", "/profile", { visibility: "server" });
    for (const visibility of ["private", "friends", "server"]) {
      expect((await call(lou, "POST", "/lists", { name: `${visibility} picks`, visibility })).status).toBe(201);
    }
    const lists = async (viewer: Account, path: string) => (await call(viewer, "GET", path)).json.counts.lists;
    expect(await lists(lou, "/profile")).toBe(3);
    expect(await lists(quin, "/users/lou/profile")).toBe(2);
    expect(await lists(stranger, "/users/lou/profile")).toBe(1);
    // A private list shared with a friend is one they see: counted for them, still not for others.
    expect((await call(lou, "PUT", "/lists/lou/private%20picks/collaborators/quin", { can: "view" })).status).toBe(200);
    expect(await lists(quin, "/users/lou/profile")).toBe(3);
    expect(await lists(stranger, "/users/lou/profile")).toBe(1);
  });
});

describe("GET and PATCH /profile", () => {
  it("a new member's profile: field by field", async () => {
    const profile = await call(pat, "GET", "/profile");
    expect(profile.status).toBe(200);
    expect(profile.json).toEqual({
      username: "pat",
      bio: null,
      avatar: null,
      favourites: [],
      memberSince: expect.any(String),
      visibility: "friends",
      counts: { ratings: 0, viewings: 0, queue: 0, lists: 0, reviews: 0 },
      recent: { viewings: [], reviews: [] },
      region: null,
      services: [],
      shareTaste: true,
    });
    expect(new Date(profile.json.memberSince).getTime()).toBe(
      (await api.db.user.findUniqueOrThrow({ where: { id: pat.user.id } })).createdAt.getTime(),
    );
  });

  it("PATCH sets every field; favourites keep their order; counts and recent follow the account", async () => {
    await call(pat, "PUT", "/ratings/27205", { rating: "LIKE" });
    await call(pat, "PUT", "/reviews/329865", { text: "Quiet and huge." });
    const patched = await call(pat, "PATCH", "/profile", {
      bio: "Films at night.\nMostly sci-fi.",
      avatar: "👩‍👩‍👧",
      favourites: [329865, 27205, "438631"],
      region: "gb",
      services: [8, 337, 8],
      visibility: "server",
      shareTaste: false,
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      bio: "Films at night.\nMostly sci-fi.",
      avatar: "👩‍👩‍👧",
      region: "GB",
      services: [
        { id: 8, name: "Netflix" },
        { id: 337, name: "Disney Plus" },
      ],
      visibility: "server",
      shareTaste: false,
      counts: { ratings: 1, viewings: 1, queue: 0, lists: 0, reviews: 1 },
    });
    expect(patched.json.favourites.map((movie: { tmdbId: number }) => movie.tmdbId)).toEqual([329865, 27205, 438631]);
    expect(patched.json.recent.reviews.map((review: { text: string }) => review.text)).toEqual(["Quiet and huge."]);
    expect(patched.json.recent.viewings.map((entry: { movie: { tmdbId: number } }) => entry.movie.tmdbId)).toEqual([329865]);
    expect((await call(pat, "GET", "/profile")).json).toEqual(patched.json);
  });

  it("others see the profile without region, services or share-taste", async () => {
    const seen = await call(quin, "GET", "/users/PAT/profile");
    expect(seen.status).toBe(200);
    expectProfileSeenByOthers(seen.json);
  });

  it.each([
    ["a bio of 501 characters", { bio: "b".repeat(501) }, "bio: bio is 501 characters long: at most 500"],
    ["a bio with an escape sequence", { bio: "\u001b]8;;x\u0007" }, "bio: bio contains a control character"],
    ["two emoji as avatar", { avatar: "🦊🦊" }, "avatar: avatar must be one emoji"],
    ["a letter as avatar", { avatar: "a" }, "avatar: avatar must be one emoji"],
    ["five favourites", { favourites: [27205, 329865, 438631, 155, 157336] }, "favourites: Too big: expected array to have <=4 items"],
    ["a film twice among favourites", { favourites: [27205, 27205] }, "a film is among the favourites twice"],
    ["an unknown favourite film", { favourites: [27205, 999999999] }, "favourite film 999999999: TMDB has no such film"],
    ["a region that is no country", { region: "XX" }, "region: region must be an ISO 3166-1 country code like GB"],
    ["a visibility that is not one", { visibility: "everyone" }, undefined],
    [
      "an unknown streaming service",
      { services: ["netflix", "netflx"] },
      'unknown streaming service "netflx"; did you mean "Netflix"? (names or TMDB provider ids)',
    ],
    ["a provider id TMDB does not list", { services: [424242] }, 'unknown streaming service "424242" (names or TMDB provider ids)'],
  ])("refuses %s with 422 and changes nothing", async (_label, body, message) => {
    const before = (await call(pat, "GET", "/profile")).json;
    const refused = await call(pat, "PATCH", "/profile", { bio: "changed?", ...body });
    expect(refused.status).toBe(422);
    if (message) expect(refused.json.error.message).toBe(message);
    expect((await call(pat, "GET", "/profile")).json).toEqual(before);
  });

  it("services by name or id, any case, in the order given, each once; names come back from TMDB's provider list", async () => {
    const patched = await call(pat, "PATCH", "/profile", { services: ["mubi", "NETFLIX", "8", 337, " amazon prime video "] });
    expect(patched.status).toBe(200);
    expect(patched.json.services).toEqual([
      { id: 11, name: "MUBI" },
      { id: 8, name: "Netflix" },
      { id: 337, name: "Disney Plus" },
      { id: 9, name: "Amazon Prime Video" },
    ]);
    expect((await call(pat, "PATCH", "/profile", { services: [] })).json.services).toEqual([]);
  });

  it("undo takes a profile edit back (bio, avatar, favourites)", async () => {
    const before = (await call(pat, "GET", "/profile")).json;
    await call(pat, "PATCH", "/profile", { bio: null, avatar: "🦉", favourites: [27205] });
    expect((await call(pat, "POST", "/activity/undo")).status).toBe(200);
    expect((await call(pat, "GET", "/profile")).json).toEqual(before);
  });
});
