// `watchlist logout` ends the session on the server: the token it held stops working there too (a copy
// of it kept elsewhere gets 401), and `--all` ends the sessions of the account's other computers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiProcess, startApiProcess } from "./helpers/api.js";
import { cliUser } from "./helpers/cli.js";

const PASSWORD = "correct horse battery staple\n";
let api: ApiProcess;

beforeAll(async () => {
  api = await startApiProcess();
}, 120_000);

/** The token a CLI user holds, read from its config dir (any settings file that holds it). */
function savedToken(user: ReturnType<typeof cliUser>): string {
  const match = /"token":\s*"([^"]+)"/.exec(readFileSync(join(user.configDir, "config.json"), "utf8"));
  if (!match) throw new Error("no saved token");
  return match[1];
}

const meWith = (token: string) => fetch(`${api.url}/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

describe("watchlist logout", { timeout: 60_000 }, () => {
  it("revokes the token it held on the server; a new login works", async () => {
    const dana = cliUser(api.url);
    expect(
      (await dana.run(["register", "--email", "dana@example.com", "--username", "dana", "--password-stdin"], { input: PASSWORD })).code,
    ).toBe(0);
    const token = savedToken(dana);
    expect(await meWith(token)).toBe(200);

    const logout = await dana.run(["logout"]);
    expect(logout.code).toBe(0);
    expect(logout.stderr).toBe("Logged out dana.\n");
    expect(await meWith(token)).toBe(401);
    expect((await dana.run(["whoami"])).code).toBe(4);

    expect((await dana.run(["login", "--email", "dana@example.com", "--password-stdin"], { input: PASSWORD })).code).toBe(0);
    expect((await dana.run(["whoami", "--json"])).json()).toMatchObject({ username: "dana" });
  });

  it("--all ends the sessions of the account's other computers", async () => {
    const laptop = cliUser(api.url);
    const phone = cliUser(api.url);
    await laptop.run(["register", "--email", "eve@example.com", "--username", "eve", "--password-stdin"], { input: PASSWORD });
    expect((await phone.run(["login", "--email", "eve@example.com", "--password-stdin"], { input: PASSWORD })).code).toBe(0);
    expect((await phone.run(["whoami"])).code).toBe(0);

    const logout = await laptop.run(["logout", "--all"]);
    expect(logout.code).toBe(0);
    expect(logout.stderr).toMatch(/every session/);
    const phoneAfter = await phone.run(["whoami"]);
    expect(phoneAfter.code).toBe(4);
    expect(phoneAfter.stderr).toMatch(/^error: .*session has ended/);
    // The phone's own logout still forgets its (dead) token.
    const phoneLogout = await phone.run(["logout"]);
    expect(phoneLogout.code).toBe(0);
    expect(phoneLogout.stderr).toMatch(/already ended/);
    expect((await phone.run(["login", "--email", "eve@example.com", "--password-stdin"], { input: PASSWORD })).code).toBe(0);
    expect((await phone.run(["whoami"])).code).toBe(0);
  });
});
