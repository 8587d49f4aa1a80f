// The visibility matrix through the HTTP API: for every view of another member's data, each viewer
// (the owner, a friend, a stranger, a member the owner blocked) × the owner's visibility (private, friends, server) either sees
// what the owner sees, or gets the very bytes a user that does not exist gets.
import { beforeAll, describe, expect, it } from "vitest";
import { visibilityColumn } from "../../src/services/visibility.js";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
type Account = Awaited<ReturnType<typeof api.register>>;

/** Every view of another member, with the owner's own view it must equal when visible. */
const VIEWS: Record<string, { of: (name: string) => string; own: string; widest: "friends" | "server"; mine?: (own: any) => unknown }> = {
  ratings: { of: (name) => `/ratings?of=${name}`, own: "/ratings", widest: "server" },
  history: { of: (name) => `/history?of=${name}`, own: "/history", widest: "server" },
  reviews: { of: (name) => `/reviews?of=${name}`, own: "/reviews", widest: "server" },
  // The owner's own profile less what is theirs alone.
  profile: {
    of: (name) => `/users/${name}/profile`,
    own: "/profile",
    widest: "server",
    mine: ({ region, services, shareTaste, ...shown }) => shown,
  },
  // A queue is shared with friends at most.
  queue: { of: (name) => `/friends/${name}/watchlist`, own: "/watchlist", widest: "friends" },
};

const RANK = { private: 0, friends: 1, server: 2 } as const;
// The narrowest visibility each viewer sees at; a blocked member sees at none.
const SEEN_FROM = { self: "private", friend: "friends", stranger: "server", blocked: "never" } as const;

let olive: Account;
let fred: Account;
let sam: Account;
let bob: Account;
const missing: Record<string, string> = {};

beforeAll(async () => {
  api = await createTestApi();
  fred = await api.register("fred");
  sam = await api.register("sam");
  bob = await api.register("bob");
  // What a user that does not exist answers, before olive exists: hidden must answer exactly this.
  for (const [name, view] of Object.entries(VIEWS)) {
    const answer = await api.request("GET", view.of("olive"), { token: sam.token });
    expect(answer.status).toBe(404);
    missing[name] = answer.text;
  }
  olive = await api.register("olive");
  await api.request("PUT", "/friends/fred", { token: olive.token });
  await api.request("PUT", "/friends/olive", { token: fred.token });
  await api.request("PUT", "/ratings/27205", { token: olive.token, body: { rating: "LIKE" } });
  await api.request("POST", "/watchlist/329865/watched", { token: olive.token, body: { watchedOn: "2024-05-01" } });
  await api.request("PUT", "/watchlist/438631", { token: olive.token, body: { priority: "HIGH" } });
  await api.request("PUT", "/reviews/329865", { token: olive.token, body: { text: "Seen by whom?" } });
  // bob was a friend; olive blocked him (blocking ends the friendship, and he sees nothing at any visibility).
  await api.request("PUT", "/friends/bob", { token: olive.token });
  await api.request("PUT", "/friends/olive", { token: bob.token });
  expect((await api.request("PUT", "/friends/bob/block", { token: olive.token })).status).toBeLessThan(300);
  // Region US, the viewers' own: a film's JSON shows the certification of the region the request is
  // answered in (the viewer's), so the owner's answer and a viewer's agree only in the same region.
  await api.request("PATCH", "/profile", { token: olive.token, body: { bio: "hello", avatar: "🦊", region: "US", services: [8] } });
});

describe("the visibility matrix", () => {
  for (const visibility of ["private", "friends", "server"] as const) {
    for (const [relation, least] of Object.entries(SEEN_FROM)) {
      for (const [name, view] of Object.entries(VIEWS)) {
        // The owner sees all; others see when the owner's visibility, capped by the view's widest, reaches them.
        const cap = Math.min(RANK[visibility], RANK[view.widest]);
        const seen = relation === "self" || (least !== "never" && cap >= RANK[least]);
        it(`${name} of a ${visibility} member, seen by ${relation === "self" ? "the owner" : `a ${relation}`}: ${seen ? "their data" : "the bytes of no such user"}`, async () => {
          await api.db.user.update({ where: { id: olive.user.id }, data: { visibility: visibilityColumn(visibility) } });
          const viewer = { self: olive, friend: fred, stranger: sam, blocked: bob }[relation as keyof typeof SEEN_FROM];
          const answer = await api.request("GET", view.of("olive"), { token: viewer.token });
          if (seen) {
            expect(answer.status).toBe(200);
            const own = (await api.request("GET", view.own, { token: olive.token })).json;
            expect(Array.isArray(own) ? own.length : Object.keys(own).length).toBeGreaterThan(0);
            expect(answer.json).toEqual(view.mine ? view.mine(own) : own);
          } else {
            expect(answer.status).toBe(404);
            expect(answer.text).toBe(missing[name]);
          }
        });
      }
    }
  }

  it("the default visibility is friends", async () => {
    const ruth = await api.register("ruth");
    expect((await api.db.user.findUniqueOrThrow({ where: { id: ruth.user.id } })).visibility).toBe("FRIENDS");
  });
});
