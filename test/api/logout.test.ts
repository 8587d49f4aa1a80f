// Server-side logout (issue 14 #6): a logged-out token stops working at once, even one this API has
// just accepted (the session check is cached), and `all` ends every session of the account.
import jwt from "jsonwebtoken";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi, JWT_SECRET } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi();
});

const login = async (name: string) => {
  const response = await api.request("POST", "/auth/login", { body: { email: `${name}@example.com`, password: "correct horse battery" } });
  expect(response.status).toBe(200);
  return response.json.token as string;
};
const me = (token: string) => api.request("GET", "/me", { token });

describe("POST /auth/logout", () => {
  it("ends the session of the token it was sent with, not the account's other sessions", async () => {
    const { token } = await api.register("leo");
    const other = await login("leo");
    expect((await me(token)).status).toBe(200); // accepted once, so the session check is cached

    const logout = await api.request("POST", "/auth/logout", { token, body: {} });
    expect(logout.status).toBe(204);
    expect(logout.text).toBe("");

    const after = await me(token);
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe("unauthorized");
    expect((await me(other)).status).toBe(200);
    expect((await api.request("POST", "/auth/logout", { token })).status).toBe(401);
    expect(await api.db.revokedToken.count({ where: { userId: (await me(other)).json.id } })).toBe(1);
  });

  it("with all: true ends every session of the account; a new login works", async () => {
    const { token } = await api.register("mia");
    const laptop = await login("mia");
    const phone = await login("mia");
    expect((await me(phone)).status).toBe(200);

    expect((await api.request("POST", "/auth/logout", { token: laptop, body: { all: true } })).status).toBe(204);
    for (const ended of [token, laptop, phone]) expect((await me(ended)).status).toBe(401);

    const fresh = await login("mia");
    expect((await me(fresh)).status).toBe(200);
  });

  it("leaves other accounts alone", async () => {
    const { token: nia } = await api.register("nia");
    const { token: ola } = await api.register("ola");
    expect((await api.request("POST", "/auth/logout", { token: nia, body: { all: true } })).status).toBe(204);
    expect((await me(ola)).status).toBe(200);
  });

  it("accepts no body at all (a plain logout)", async () => {
    const { token } = await api.register("pia");
    expect((await api.request("POST", "/auth/logout", { token })).status).toBe(204);
    expect((await me(token)).status).toBe(401);
  });

  it("ends every session for a token without an id (issued before logout existed)", async () => {
    const { token, user } = await api.register("quinn");
    const old = jwt.sign({}, JWT_SECRET, { subject: user.id, expiresIn: "1h", algorithm: "HS256" });
    expect((await me(old)).status).toBe(200);
    expect((await api.request("POST", "/auth/logout", { token: old })).status).toBe(204);
    expect((await me(old)).status).toBe(401);
    expect((await me(token)).status).toBe(401);
  });

  it("refuses a malformed body with 422 and keeps the session", async () => {
    const { token } = await api.register("rui");
    const response = await api.request("POST", "/auth/logout", { token, body: { all: "yes" } });
    expect(response.status).toBe(422);
    expect((await me(token)).status).toBe(200);
  });

  it("needs a token: 401 without one", async () => {
    expect((await api.request("POST", "/auth/logout", { body: {} })).status).toBe(401);
  });

  it("ends the sessions of a deleted account at once", async () => {
    const { token } = await api.register("sam");
    expect((await me(token)).status).toBe(200);
    expect((await api.request("DELETE", "/me", { token })).status).toBe(204);
    expect((await me(token)).status).toBe(401);
  });
});
