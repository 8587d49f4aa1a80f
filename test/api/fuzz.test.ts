// Hostile input, property-based (fast-check): every route of the app — enumerated from the app itself,
// so a new route is fuzzed without being listed here — gets random path params, query strings and
// bodies (random JSON, huge and unicode strings, SQL-looking text, wrong types, deep nesting, bytes
// that are not JSON). Every answer is 2xx/4xx with the error shape, never a 5xx or a stack trace, and a
// refused request leaves the database exactly as it was.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
let token: string;

/** Routes that end the fuzzing account or its session: fuzzing them would only fuzz a 401 afterwards. */
const SPARED = new Set(["DELETE /me", "POST /auth/logout"]);
// 25 in every test run; a deeper hunt: FUZZ_RUNS=500 npx vitest run test/api/fuzz.test.ts
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS) || 25;

beforeAll(async () => {
  api = await createTestApi();
  ({ token } = await api.register("fuzzer"));
  // Something to refuse changes to: a rating and a queue entry.
  await api.request("PUT", "/ratings/27205", { token, body: { rating: "LIKE" } });
  await api.request("PUT", "/watchlist/157336", { token, body: { priority: "HIGH" } });
});

function routes(): Array<{ method: string; path: string }> {
  const seen = new Set<string>();
  return api.app.routes
    .filter((route) => route.method !== "ALL" && !route.path.includes("*"))
    .filter((route) => {
      const key = `${route.method} ${route.path}`;
      if (seen.has(key) || SPARED.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map(({ method, path }) => ({ method, path }));
}

const sqlish = fc.constantFrom(
  '\'; DROP TABLE "User"; --',
  "1 OR 1=1",
  "%_%",
  "\\x00",
  "$1",
  "../../etc/passwd",
  "tt0133093' --",
  "NaN",
  "-1",
  "1e309",
  "9999999999999999999999",
);
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.string({ minLength: 2_000, maxLength: 20_000 }),
  sqlish,
);
const anyValue = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue());
const deepNesting = fc.integer({ min: 100, max: 5_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth));
const body = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .dictionary(
      fc.constantFrom(
        "rating",
        "priority",
        "email",
        "username",
        "password",
        "tmdbId",
        "to",
        "note",
        "watchedOn",
        "version",
        "entries",
        "ratings",
        "watchlist",
        "all",
      ),
      anyValue,
    )
    .map((value) => JSON.stringify(value)),
  deepNesting,
  hostileString,
  fc.constant(undefined),
);
const query = fc.dictionary(
  fc.oneof(
    fc.constantFrom("q", "year", "page", "limit", "sort", "rating", "priority", "genre", "with", "maxRuntime", "dryRun", "format"),
    fc.string(),
  ),
  hostileString,
  { maxKeys: 4 },
);

/** Every row the app keeps, as one digest: equal digests, unchanged database. */
async function databaseDigest(): Promise<string> {
  const tables = await api.db.$queryRaw<{ name: string }[]>`
    SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  const parts = await Promise.all(
    tables.map(async ({ name }) => {
      const [row] = await api.db.$queryRawUnsafe<[{ digest: string | null }]>(
        `SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) AS digest FROM "${name}" t`,
      );
      return `${name}:${row.digest}`;
    }),
  );
  return parts.sort().join("|");
}

describe("every route under hostile input", { timeout: 300_000 * Math.max(1, RUNS_PER_ROUTE / 25) }, () => {
  it("enumerates the app's routes", () => {
    expect(routes().length).toBeGreaterThan(15);
  });

  it("answers 2xx/4xx with the error shape, never a 5xx or a stack trace; a refusal changes nothing", async () => {
    for (const route of routes()) {
      await fc.assert(
        fc.asyncProperty(
          fc.array(hostileString, { minLength: 3, maxLength: 3 }),
          query,
          body,
          fc.boolean(),
          async (params, search, raw, withToken) => {
            let index = 0;
            const path = route.path.replace(/:[A-Za-z]+/g, () => encodeURIComponent(params[index++] || "x"));
            const url = `${path}?${new URLSearchParams(search)}`;
            if (route.method === "GET" || route.method === "HEAD") raw = undefined;
            const before = await databaseDigest();
            const response = await api.request(route.method, url, {
              token: withToken ? token : undefined,
              rawBody: raw,
              headers: raw === undefined ? {} : { "Content-Type": "application/json" },
            });
            const where = `${route.method} ${url.slice(0, 200)} body ${String(raw).slice(0, 200)}`;
            expect(response.status, `${where}\n${response.text.slice(0, 500)}`).toBeLessThan(500);
            expect(response.text, where).not.toMatch(/\n\s+at \S+ \(|node_modules|PrismaClient|invocation/);
            if (response.status >= 400) {
              expect(response.json?.error, where).toEqual({ code: expect.any(String), message: expect.any(String) });
              expect(await databaseDigest(), `${where} was refused (${response.status}) but changed the database`).toBe(before);
            }
          },
        ),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
  });
});
