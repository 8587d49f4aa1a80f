// Resolution of a <movie> title off a TTY (contract "Resolution", issue 9): the real binary against a
// real API, PostgreSQL, and the fake TMDB with little-known namesakes of "Dune" and "Inception".
import { beforeAll, describe, expect, it } from "vitest";
import { namesakes } from "../fake-tmdb/index.js";
import { type ApiProcess, startApiProcess } from "./helpers/api.js";
import { cliUser } from "./helpers/cli.js";

let api: ApiProcess;
let user: ReturnType<typeof cliUser>;

beforeAll(async () => {
  api = await startApiProcess({ movies: Object.values(namesakes) });
  user = cliUser(api.url);
  const registered = await user.run(["register", "--email", "res@example.com", "--username", "res", "--password-stdin"], {
    input: "correct horse battery staple\n",
  });
  expect(registered.code, registered.stderr).toBe(0);
}, 120_000);

const ratedIds = async () => (await user.run(["ratings", "--json"])).json<{ movie: { tmdbId: number } }[]>().map((e) => e.movie.tmdbId);

describe("a title off a TTY", { timeout: 60_000 }, () => {
  it("two well-known films of that title: exit 2 naming each as `tmdb:ID  Title (Year)`, the obscure namesake left out", async () => {
    for (const json of [[], ["--json"]]) {
      const result = await user.run(["rate", "Dune", "like", ...json]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        "error: 'Dune' is the title of 2 well-known movies; name one with --year or tmdb:ID:\n" +
          "  tmdb:438631  Dune (2021)\n" +
          "  tmdb:841  Dune (1984)\n",
      );
    }
    expect(await ratedIds()).toEqual([]);
  });

  it("one well-known film of that title beside obscure ones: taken, saying which on stderr", async () => {
    const result = await user.run(["rate", "Inception", "like", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json().movie).toMatchObject({ tmdbId: 27205, title: "Inception", year: 2010 });
    expect(result.stderr).toContain("using Inception (2010) (tmdb:27205)");
  });

  it("--year, a title with its year, or tmdb:ID settles it", async () => {
    expect((await user.run(["rate", "Dune", "--year", "1984", "ok", "--json"])).json().movie.tmdbId).toBe(841);
    expect((await user.run(["rate", "Dune (2021)", "like", "--json"])).json().movie.tmdbId).toBe(438631);
    expect((await user.run(["rate", "Dune", "--year", "2019", "ok", "--json"])).json().movie.tmdbId).toBe(namesakes.dune.id);
    expect((await user.run(["queue", `tmdb:${namesakes.inception.id}`, "--json"])).json().movie.title).toBe("Inception");
  });
});
