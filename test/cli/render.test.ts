import { describe, expect, it } from "vitest";
import { bashScript, commandTree, fishScript, zshScript } from "../../src/cli/completion.cjs";
import { buildProgram } from "../../src/cli/main.cjs";
import { renderQueue, renderRated, renderRecommendations, renderStats } from "../../src/cli/output/render.cjs";
import { displayWidth, renderTable } from "../../src/cli/output/table.cjs";
import type { Movie, Stats } from "../../src/cli/types.cjs";

const inception: Movie = {
  tmdbId: 27205,
  title: "Inception",
  year: 2010,
  releaseDate: "2010-07-15",
  overview: null,
  posterPath: null,
  posterUrl: null,
  genres: [],
  director: "Christopher Nolan",
  directors: ["Christopher Nolan"],
  cast: [],
  runtime: 148,
  originalLanguage: "en",
  countries: ["US", "GB"],
  certification: "12A",
};

/** The figures of an account with nothing rated; each test sets those it is about. */
const noFigures: Stats = {
  ratings: { DISLIKE: 0, OK: 0, LIKE: 0, SUPER_LIKE: 0 },
  queue: { LOW: 0, MEDIUM: 0, HIGH: 0 },
  totalRated: 0,
  totalQueued: 0,
  averageWeight: null,
  topGenres: [],
  topDirectors: [],
  minutesWatched: 0,
  hoursWatched: 0,
  ratingsPerMonth: [],
  topLanguages: [],
  topCountries: [],
  decades: [],
};

describe("renderers (colour is off when not a TTY)", () => {
  it("says what changed after a rating", () => {
    const entry = { movie: inception, rating: "SUPER_LIKE" as const, watched: true, createdAt: "", updatedAt: "", removedFromQueue: false };
    expect(renderRated({ ...entry, removedFromQueue: true })).toBe("Rated Inception (2010) ❤️ Super like — removed from your queue");
    expect(renderRated(entry)).toBe("Rated Inception (2010) ❤️ Super like");
  });

  it("lists all four ratings and three priorities, zeros included", () => {
    const text = renderStats({
      ...noFigures,
      ratings: { DISLIKE: 0, OK: 1, LIKE: 3, SUPER_LIKE: 2 },
      queue: { LOW: 0, MEDIUM: 2, HIGH: 1 },
      hoursWatched: 7.5,
    });
    for (const line of ["👎 Dislike", "😐 OK", "👍 Like", "❤️ Super like", "high", "medium", "low", "7.5"]) expect(text).toContain(line);
    expect(text).not.toMatch(/\u001b\[/);
  });

  it("draws bars scaled to the largest count, averages with their sign, and a sparkline per month", () => {
    const text = renderStats({
      ...noFigures,
      ratings: { DISLIKE: 1, OK: 0, LIKE: 2, SUPER_LIKE: 4 },
      queue: { LOW: 0, MEDIUM: 0, HIGH: 3 },
      topGenres: [
        { name: "Science Fiction", count: 5, averageWeight: 1.6 },
        { name: "Horror", count: 2, averageWeight: -1 },
      ],
      topDirectors: [{ name: "Christopher Nolan", count: 3, averageWeight: 2 }],
      hoursWatched: 12,
      ratingsPerMonth: [
        { month: "2026-09", count: 0 },
        { month: "2026-10", count: 2 },
        { month: "2026-11", count: 5 },
      ],
    });
    const lines = text.split("\n");
    const barOf = (label: string) => lines.find((line) => line.includes(label))!.match(/█+/)?.[0].length ?? 0;
    expect(barOf("Super like")).toBe(24);
    expect(barOf("👍 Like")).toBe(12);
    expect(barOf("😐 OK")).toBe(0);
    expect(text).toMatch(/Science Fiction\s+5 rated\s+average \+1\.60/);
    expect(text).toMatch(/Horror\s+2 rated\s+average -1\.00/);
    expect(text).toContain("▁▄█  2026-09 … 2026-11");
  });

  it("draws original languages and production countries by name, and decades, as bars", () => {
    const text = renderStats({
      ...noFigures,
      topLanguages: [
        { code: "en", count: 8 },
        { code: "ko", count: 2 },
        { code: "cn", count: 1 },
      ],
      topCountries: [
        { code: "US", count: 6 },
        { code: "BA", count: 3 },
      ],
      decades: [
        { decade: 1990, count: 1 },
        { decade: 2000, count: 0 },
        { decade: 2010, count: 4 },
      ],
    });
    const lines = text.split("\n");
    const section = (title: string) => lines.slice(lines.indexOf(title) + 1).filter((line) => line.startsWith("  "));
    expect(section("Original languages").slice(0, 3)).toEqual([
      expect.stringMatching(/^ {2}English +8 {2}█{24}$/),
      expect.stringMatching(/^ {2}Korean +2 {2}█{6}$/),
      expect.stringMatching(/^ {2}Cantonese +1 {2}█{3}$/),
    ]);
    expect(section("Production countries").slice(0, 2)).toEqual([
      expect.stringMatching(/^ {2}United States +6 {2}█{24}$/),
      expect.stringMatching(/^ {2}Bosnia & Herzegovina +3 {2}█{12}$/),
    ]);
    expect(section("Decades")).toEqual([
      expect.stringMatching(/^ {2}1990s +1 {2}█{6}$/),
      expect.stringMatching(/^ {2}2000s +0$/),
      expect.stringMatching(/^ {2}2010s +4 {2}█{24}$/),
    ]);
    // Counts line up in a column within a section, whatever the names' lengths.
    const countColumn = section("Production countries")
      .slice(0, 2)
      .map((line) => line.search(/\d/));
    expect(new Set(countColumn).size).toBe(1);
    // Sections without figures (a new account) are not drawn.
    expect(renderStats(noFigures)).not.toMatch(/Original languages|Production countries|Decades/);
  });

  it("draws a long history whole, by quarter then by year, in at most 36 characters", () => {
    const monthsFrom = (year: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        month: `${year + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`,
        // Years of imported ratings, then a quiet last year.
        count: i < count - 12 ? 10 : 0,
      }));
    const quarters = renderStats({ ...noFigures, ratingsPerMonth: monthsFrom(2020, 60) });
    expect(quarters).toMatch(/Ratings per quarter {2}█{16}▁{4} {2}2020-Q1 … 2024-Q4/);
    const years = renderStats({ ...noFigures, ratingsPerMonth: monthsFrom(2011, 16 * 12) });
    expect(years).toMatch(/Ratings per year {2}█{15}▁ {2}2011 … 2026/);
  });

  it("on a terminal: a hint instead of an empty table; piped: the header line alone", () => {
    onTerminal(() => {
      expect(renderRecommendations([])).toMatch(/rate a few movies you liked first/);
      expect(renderRecommendations([], "Horror")).toMatch(/No recommendations in Horror yet/);
      expect(renderQueue([])).toMatch(/empty/);
    });
    expect(renderQueue([])).toBe("id\ttitle\tyear\tpriority\tadded");
  });

  it("renders the queue as a box on a terminal, as a header line and tab-separated rows when piped", () => {
    const entries = [{ movie: inception, priority: "HIGH" as const, addedAt: "2024-01-02T00:00:00.000Z" }];
    const box = onTerminal(() => renderQueue(entries));
    expect(box).toMatch(/┌.*┐/);
    for (const part of ["Inception", "high", "2024-01-02"]) expect(box).toContain(part);
    expect(renderQueue(entries)).toBe("id\ttitle\tyear\tpriority\tadded\n27205\tInception\t2010\thigh\t2024-01-02");
  });

  it("piped, a cell stays on its line and in its column: tabs and newlines inside become spaces and '; '", () => {
    const reasons = { movie: inception, score: 2, reasons: ["Christopher Nolan, whose films you love", "a\ttab"], sources: [] };
    expect(renderRecommendations([reasons]).split("\n")[1]).toBe(
      "27205\tInception\t2010\t2.0\tChristopher Nolan, whose films you love; a tab",
    );
  });
});

/** Renders as on a terminal (the tests' stdout is a pipe). */
function onTerminal<T>(render: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
  Object.defineProperty(process.stdout, "isTTY", { value: true, configurable: true });
  try {
    return render();
  } finally {
    if (descriptor) Object.defineProperty(process.stdout, "isTTY", descriptor);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
  }
}

describe("tables sized to the terminal", () => {
  it("counts CJK and emoji as two columns", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("千と千尋")).toBe(8);
    expect(displayWidth("👍")).toBe(2);
  });

  it("wraps the flexible column to fit the width", () => {
    const title = "A very long title that will not fit into a narrow terminal at all";
    const columns = [{ header: "id" }, { header: "title", flexible: true }];
    const text = renderTable(columns, [["1", title]], { piped: false, width: 40 });
    for (const line of text.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(40);
    expect(renderTable(columns, [["1", title]], { piped: false, width: Infinity }).split("\n")).toHaveLength(5);
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
    expect(fish).toContain("-l priority -x -a 'low medium high'");
  });
});
