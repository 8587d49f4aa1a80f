// Issue 17, item 4: one client made 15 accounts a second, and everyone's logins slowed from 85 to
// 514 ms behind the registrations' bcrypt hashes. Registration is limited per client address, and
// bcrypt work waits in one bounded queue where logins go first.
import bcrypt from "bcrypt";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_WAITING_HASHES } from "../../src/auth/passwords.js";
import { REGISTRATIONS_PER_CLIENT } from "../../src/auth/registration-throttle.js";
import { createTestApi, fromAddress } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const PASSWORD = "correct horse battery";
let accounts = 0;

/** POST /auth/register as a client at `address` (the socket @hono/node-server reads it from). */
async function registerFrom(address: string, name = `flood${++accounts}`) {
  const response = await api.app.request(
    "/auth/register",
    {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: `${name}@example.com`, username: name, password: PASSWORD }),
    },
    fromAddress(address),
  );
  return { status: response.status, retryAfter: response.headers.get("Retry-After"), body: await response.text() };
}

describe("registrations from one address", () => {
  it(`lets ${REGISTRATIONS_PER_CLIENT} in a row pass (a household behind one router), then answers 429 with Retry-After; other addresses still register`, async () => {
    expect(REGISTRATIONS_PER_CLIENT).toBeGreaterThanOrEqual(10);
    for (let i = 0; i < REGISTRATIONS_PER_CLIENT; i++) expect((await registerFrom("198.51.100.7")).status).toBe(201);
    const refused = await registerFrom("198.51.100.7");
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body).error.code).toBe("too_many_registrations");
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await registerFrom("198.51.100.8")).status).toBe(201);
  });
});

describe("bcrypt work", () => {
  it("runs a login's comparison before registrations' hashes already waiting", async () => {
    await api.register("waiting-login");
    const started: string[] = [];
    const hash = bcrypt.hash;
    const compare = bcrypt.compare;
    vi.spyOn(bcrypt, "hash").mockImplementation(((...args: Parameters<typeof hash>) => {
      started.push("hash");
      return hash(...args);
    }) as typeof hash);
    vi.spyOn(bcrypt, "compare").mockImplementation(((...args: Parameters<typeof compare>) => {
      started.push("compare");
      return compare(...args);
    }) as typeof compare);

    // Registrations from as many addresses (no per-address limit in the way), all waiting for bcrypt…
    const flood = Array.from({ length: 12 }, (_, i) => registerFrom(`203.0.113.${i + 1}`));
    await expect.poll(() => started.length).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // …then a login.
    const login = api.request("POST", "/auth/login", { body: { email: "waiting-login@example.com", password: PASSWORD } });
    expect((await login).status).toBe(200);
    expect((await Promise.all(flood)).map((r) => r.status)).toEqual(Array(12).fill(201));
    // Without a queue, every hash was handed to bcrypt before the comparison (it came last of 13).
    expect(started.indexOf("compare")).toBeLessThan(8);
  });

  it(`answers 503 with Retry-After to registrations past ${MAX_WAITING_HASHES} waiting for their hash, never a 500`, async () => {
    const results = await Promise.all(Array.from({ length: MAX_WAITING_HASHES + 12 }, (_, i) => registerFrom(`192.0.2.${i + 1}`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
    const busy = results.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((r) => r.retryAfter === "1" && JSON.parse(r.body).error.code === "busy")).toBe(true);
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(MAX_WAITING_HASHES);
  });
});
