// What `recommend` says when it has nothing to show: "rate a few movies first" only to someone who has
// not liked any; someone with likes (879 after a big import) hears that there is nothing new.
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiProcess, startApiProcess } from "./helpers/api.js";
import { cliUser } from "./helpers/cli.js";
import { runInPty } from "./helpers/pty.js";

let api: ApiProcess;

beforeAll(async () => {
  api = await startApiProcess();
}, 120_000);

async function newUser(name: string) {
  const user = cliUser(api.url);
  const registered = await user.run(["register", "--email", `${name}@example.com`, "--username", name, "--password-stdin"], {
    input: "a recommendation for me",
  });
  expect(registered.code, registered.stderr).toBe(0);
  return user;
}

/** At a terminal: the hint for an empty list is for people (piped, the header line alone). */
async function recommendAtTerminal(user: ReturnType<typeof cliUser>): Promise<string> {
  const pty = runInPty(["recommend"], { WATCHLIST_API_URL: api.url, WATCHLIST_CONFIG_DIR: user.configDir });
  expect(await pty.exited).toBe(0);
  return pty.text();
}

describe("recommend with nothing to show", { timeout: 60_000 }, () => {
  it("tells someone with no likes to rate a few movies first", async () => {
    const user = await newUser("fresh");
    expect(await recommendAtTerminal(user)).toMatch(/rate a few movies you liked first/);
  });

  it("tells someone with likes that there is nothing new, not to rate movies first", async () => {
    const user = await newUser("liker");
    for (const movie of ["tmdb:27205", "tmdb:603"]) expect((await user.run(["rate", movie, "like"])).code).toBe(0);
    // TMDB down: the lists of their liked films are not known yet, so nothing comes back.
    api.fakeTmdb.setDown(true);
    try {
      expect(JSON.parse((await user.run(["recommend", "--json"])).stdout)).toEqual([]);
      const said = await recommendAtTerminal(user);
      expect(said).toMatch(/Nothing new to recommend: the films your 2 liked movies lead to are rated, watched or queued already/);
      expect(said).not.toMatch(/rate a few movies you liked first/);
    } finally {
      api.fakeTmdb.setDown(false);
    }
  });
});
