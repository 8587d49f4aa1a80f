import { describe, expect, it } from "vitest";
import { bashScript, commandTree, fishScript, zshScript } from "../../src/cli/completion.cjs";
import { buildProgram } from "../../src/cli/main.cjs";
import { renderQueue, renderRated, renderStats } from "../../src/cli/output/render.cjs";
import { displayWidth, renderTable } from "../../src/cli/output/table.cjs";
import type { Movie } from "../../src/cli/types.cjs";

const inception: Movie = {
  tmdbId: 27205, title: "Inception", year: 2010, releaseDate: "2010-07-15", overview: null, posterPath: null,
  genres: [], director: "Christopher Nolan", cast: [], runtime: 148,
};

describe("renderers (colour is off when not a TTY)", () => {
  it("says what changed after a rating", () => {
    const entry = { movie: inception, rating: "SUPER_LIKE" as const, watched: true, createdAt: "", updatedAt: "" };
    expect(renderRated({ ...entry, removedFromQueue: true })).toBe("Rated Inception (2010) ❤️ Super like — removed from your queue");
    expect(renderRated(entry)).toBe("Rated Inception (2010) ❤️ Super like");
  });

  it("lists all four ratings and three priorities, zeros included", () => {
    const text = renderStats({ ratings: { DISLIKE: 0, OK: 1, LIKE: 3, SUPER_LIKE: 2 }, queue: { LOW: 0, MEDIUM: 2, HIGH: 1 }, hoursWatched: 7.5 });
    for (const line of ["👎 Dislike", "😐 OK", "👍 Like", "❤️ Super like", "high", "medium", "low", "7.5"]) expect(text).toContain(line);
    expect(text).not.toMatch(/\u001b\[/);
  });

  it("renders the queue as a table, and says so when empty", () => {
    const table = renderQueue([{ movie: inception, priority: "HIGH", addedAt: "2024-01-02T00:00:00.000Z" }]);
    expect(table).toContain("Inception");
    expect(table).toContain("high");
    expect(table).toContain("2024-01-02");
    expect(renderQueue([])).toMatch(/empty/);
  });
});

describe("tables sized to the terminal", () => {
  it("counts CJK and emoji as two columns", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("千と千尋")).toBe(8);
    expect(displayWidth("👍")).toBe(2);
  });

  it("wraps the flexible column to fit the width", () => {
    const title = "A very long title that will not fit into a narrow terminal at all";
    const text = renderTable([{ header: "id" }, { header: "title", flexible: true }], [["1", title]], 40);
    for (const line of text.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(renderTable([{ header: "id" }, { header: "title", flexible: true }], [["1", title]], Infinity).split("\n")).toHaveLength(5);
  });
});

describe("completion", () => {
  const tree = commandTree(buildProgram());

  it("bash and zsh complete every command and its options", () => {
    const bash = bashScript(tree);
    expect(bash).toContain("complete -o default -F _watchlist watchlist");
    for (const word of ["register", "rate", "queue", "--priority", "super-like", "/config/set", "completion"]) expect(bash).toContain(word);
    expect(zshScript(tree)).toContain("bashcompinit");
  });

  it("fish completes subcommands with their descriptions", () => {
    const fish = fishScript(tree);
    expect(fish).toContain("complete -c watchlist -n '__fish_use_subcommand' -a rate");
    expect(fish).toContain("-l priority -r");
  });
});
