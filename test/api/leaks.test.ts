// What a member can learn about others from answers that should not say it (issue 17, item 11): when
// a film was first looked up, and who has an account.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
type Account = Awaited<ReturnType<typeof api.register>>;
let ann: Account;
let ben: Account;

beforeAll(async () => {
  api = await createTestApi();
  ann = await api.register("ann");
  ben = await api.register("ben");
});

describe("GET /movies/:tmdbId", () => {
  it("answers the same whenever the film was first cached: no cache time in the answer", async () => {
    // Ann looks the film up: it is cached from now on.
    expect((await api.request("GET", "/movies/27205", { token: ann.token })).status).toBe(200);
    const cachedAgo = async (days: number) => {
      await api.db.movie.update({ where: { tmdbId: 27205 }, data: { lastUpdated: new Date(Date.now() - days * 86_400_000) } });
      const response = await api.request("GET", "/movies/27205", { token: ben.token });
      expect(response.status).toBe(200);
      return response.text;
    };
    const recently = await cachedAgo(0.001);
    const lastWeek = await cachedAgo(7);
    expect(lastWeek).toBe(recently);
    expect(recently).not.toMatch(/lastUpdated/);
  });
});

/** The SQL statements the API sends while `work` runs, parameters apart: the work a request does. */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [first] = args as [string | { text: string }];
    statements.push(typeof first === "string" ? first : first.text);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = query;
  }
  return statements;
}

describe("DELETE /friends/:username", () => {
  it("does the same work, statement for statement, for a member who is not a friend and for a name with no account", async () => {
    const answers: Record<string, { status: number; body: string; statements: string[] }> = {};
    for (const name of ["ben", "nobody", "ann"]) {
      let response!: Awaited<ReturnType<typeof api.request>>;
      const statements = await statementsOf(async () => {
        response = await api.request("DELETE", `/friends/${name}`, { token: ann.token });
      });
      answers[name] = { status: response.status, body: response.text.replaceAll(name, "NAME"), statements };
    }
    expect(answers.ben.status).toBe(404);
    expect(answers.ben.statements.length).toBeGreaterThan(2);
    expect(answers.nobody).toEqual(answers.ben);
    expect(answers.ann).toEqual(answers.ben); // oneself, too
  });

  it("still removes a friend", async () => {
    await api.request("PUT", "/friends/ben", { token: ann.token });
    await api.request("PUT", "/friends/ann", { token: ben.token });
    const removed = await api.request("DELETE", "/friends/ben", { token: ann.token });
    expect(removed.status).toBe(200);
    expect(removed.json).toMatchObject({ username: "ben", status: "friends" });
    expect(await api.db.friendship.count()).toBe(0);
  });
});
