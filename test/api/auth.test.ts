import jwt from "jsonwebtoken";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_ATTEMPTS } from "../../src/auth/login-throttle.js";
import { createTestApi, JWT_SECRET } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});

const credentials = (name: string) => ({ email: `${name}@example.com`, username: name, password: "correct horse battery" });

describe("POST /auth/register", () => {
  it("creates the account, answers 201 with the user and a token, never the password hash", async () => {
    const response = await api.request("POST", "/auth/register", { body: credentials("ada") });
    expect(response.status).toBe(201);
    expect(response.json.user).toMatchObject({ email: "ada@example.com", username: "ada" });
    expect(response.json.user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.text).not.toMatch(/passwordHash|\$2b\$/);
    expect(jwt.verify(response.json.token, JWT_SECRET)).toMatchObject({ sub: response.json.user.id });
  });

  it("stores a bcrypt hash with 10 rounds, not the password", async () => {
    const row = await api.db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    expect(row.passwordHash).toMatch(/^\$2b\$10\$/);
    expect(row.passwordHash).not.toContain("correct horse");
  });

  it("answers 409 for a taken email (any case) or username", async () => {
    const email = await api.request("POST", "/auth/register", { body: { ...credentials("ada2"), email: "ADA@example.com" } });
    expect(email.status).toBe(409);
    expect(email.json.error.code).toBe("email_taken");
    const username = await api.request("POST", "/auth/register", { body: { ...credentials("ada3"), username: "ada" } });
    expect(username.status).toBe(409);
    expect(username.json.error.code).toBe("username_taken");
  });

  it("lets exactly one of two racing registrations of one email win", async () => {
    const results = await Promise.all(
      ["race1", "race2", "race3"].map((username) =>
        api.request("POST", "/auth/register", { body: { ...credentials(username), email: "race@example.com" } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await api.db.user.count({ where: { email: "race@example.com" } })).toBe(1);
  });

  it("answers username_taken to racing registrations of one username, and treats usernames case-insensitively", async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        api.request("POST", "/auth/register", { body: { ...credentials("samename"), email: `same${i}@example.com` } }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).map((r) => r.json.error.code)).toEqual([
      "username_taken",
      "username_taken",
      "username_taken",
    ]);
    const otherCase = await api.request("POST", "/auth/register", { body: { ...credentials("SameName"), email: "same9@example.com" } });
    expect(otherCase.json.error.code).toBe("username_taken");
  });

  it.each([
    ["a password with control characters", { ...credentials("x"), password: "\u0000".repeat(8) }, /control characters/],
    ["a bad email", { ...credentials("x"), email: "not-an-email" }, /email/],
    ["a short password", { ...credentials("x"), password: "short" }, /at least 8/],
    ["a password over 72 bytes", { ...credentials("x"), password: "é".repeat(40) }, /72 bytes/],
    ["a username with spaces", { ...credentials("x"), username: "a b" }, /username/],
    ["a missing field", { email: "x@example.com", password: "correct horse battery" }, /username/],
    ["a number for a string", { ...credentials("x"), username: 42 }, /username/],
  ])("refuses %s with 422", async (_, body, message) => {
    const response = await api.request("POST", "/auth/register", { body });
    expect(response.status).toBe(422);
    expect(response.json.error.code).toBe("invalid");
    expect(response.json.error.message).toMatch(message);
  });
});

describe("POST /auth/login", () => {
  beforeAll(async () => {
    await api.request("POST", "/auth/register", { body: credentials("grace") });
  });

  it("answers the user and a token for the right password, whatever the email's case", async () => {
    const response = await api.request("POST", "/auth/login", { body: { email: "Grace@Example.com", password: "correct horse battery" } });
    expect(response.status).toBe(200);
    expect(response.json.user).toEqual({
      id: expect.any(String),
      email: "grace@example.com",
      username: "grace",
      createdAt: expect.any(String),
    });
    expect(typeof response.json.token).toBe("string");
  });

  it("answers the same 401 for a wrong password and an unknown email", async () => {
    const wrongPassword = await api.request("POST", "/auth/login", { body: { email: "grace@example.com", password: "wrong password" } });
    const unknownEmail = await api.request("POST", "/auth/login", { body: { email: "nobody@example.com", password: "wrong password" } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(unknownEmail.json).toEqual(wrongPassword.json);
  });

  it("does the same bcrypt work for an unknown email as for a wrong password", async () => {
    const time = async (email: string) => {
      const started = performance.now();
      await api.request("POST", "/auth/login", { body: { email, password: "wrong password" } });
      return performance.now() - started;
    };
    await time("nobody2@example.com"); // the dummy hash is made once, lazily
    const unknown = await time("nobody3@example.com");
    const known = await time("grace@example.com");
    // A bcrypt comparison at cost 10 takes tens of milliseconds; skipping it would take ~1 ms.
    expect(unknown).toBeGreaterThan(known / 4);
  });

  it("throttles repeated failures for one email with 429 and Retry-After, even with the right password", async () => {
    await api.request("POST", "/auth/register", { body: credentials("hopper") });
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const response = await api.request("POST", "/auth/login", { body: { email: "hopper@example.com", password: `guess ${i}` } });
      expect(response.status).toBe(401);
    }
    const blocked = await api.request("POST", "/auth/login", { body: { email: "hopper@example.com", password: "correct horse battery" } });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe("too_many_attempts");
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("throttles guesses sent in parallel too", async () => {
    await api.request("POST", "/auth/register", { body: credentials("parallel") });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api.request("POST", "/auth/login", { body: { email: "parallel@example.com", password: `guess ${i}` } }),
      ),
    );
    expect(results.filter((r) => r.status === 401)).toHaveLength(MAX_ATTEMPTS);
    expect(results.filter((r) => r.status === 429)).toHaveLength(12 - MAX_ATTEMPTS);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const response = await api.request("POST", "/auth/login", { rawBody: "{email:", headers: { "Content-Type": "application/json" } });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe("bad_request");
  });
});

describe("tokens", () => {
  it("refuse an expired token with 401", async () => {
    const { user } = await api.register();
    const expired = jwt.sign({ sub: user.id, exp: Math.floor(Date.now() / 1000) - 10 }, JWT_SECRET);
    const response = await api.request("GET", "/me", { token: expired });
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBe("Bearer");
  });

  it("refuse a token signed with another secret, or with alg none", async () => {
    const { user } = await api.register();
    const forged = jwt.sign({ sub: user.id }, "another secret");
    const unsigned = jwt.sign({ sub: user.id }, "", { algorithm: "none" });
    expect((await api.request("GET", "/me", { token: forged })).status).toBe(401);
    expect((await api.request("GET", "/me", { token: unsigned })).status).toBe(401);
  });
});
