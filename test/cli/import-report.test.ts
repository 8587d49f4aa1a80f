// The import's human report names what it updates (issue 17, item 17): a dry run's "2 updated" said
// nothing of which, and an IMDb import lowered Letterboxd ratings without a word.
import { describe, expect, it } from "vitest";
import { renderImportReport } from "../../src/cli/output/import-report.cjs";
import type { ImportReport } from "../../src/cli/types.cjs";

const report = (dryRun: boolean): ImportReport => ({
  format: "imdb",
  dryRun,
  ratings: { added: 0, updated: 2, unchanged: 1 },
  watchlist: { added: 0, updated: 1, unchanged: 0 },
  history: { added: 0, updated: 0, unchanged: 0 },
  lists: { added: 0, updated: 0, unchanged: 0 },
  listEntries: { added: 0, updated: 0, unchanged: 0 },
  reviews: { added: 0, updated: 0, unchanged: 0 },
  tags: { added: 0, updated: 0, unchanged: 0 },
  profile: { added: 0, updated: 0, unchanged: 0 },
  updated: [
    { list: "ratings", tmdbId: 1, title: "Tenet", year: 2020, from: "SUPER_LIKE", to: "OK", fields: ["rating"] },
    { list: "ratings", tmdbId: 2, title: "Dunkirk", year: 2017, from: "LIKE", to: "LIKE", fields: ["createdAt"] },
    { list: "watchlist", tmdbId: 3, title: "Arrival", year: 2016, from: "MEDIUM", to: "HIGH", fields: ["priority"] },
  ],
  skipped: [],
  unmatched: [],
  unreadable: [],
  notImported: [],
  unmatchedFile: null,
  detailsPending: 0,
});

describe("the import report", () => {
  it("lists every update, a rating lowered said so, before and after; a dry run says it would", () => {
    const lines = [
      "  Tenet (2020): rating super like → ok",
      "  Dunkirk (2017): rating like (date changed)",
      "  Arrival (2016): queue medium priority → high priority",
    ];
    expect(renderImportReport(report(true), "IMDb ratings")).toContain(["Would update 3 (1 rating lowered):", ...lines].join("\n"));
    expect(renderImportReport(report(false), "IMDb ratings")).toContain(["Updated 3 (1 rating lowered):", ...lines].join("\n"));
  });

  it("says how many reviews, tags and profile fields, only when the file brought any", () => {
    expect(renderImportReport(report(false), "IMDb ratings")).not.toMatch(/reviews|tags|profile/);
    const full = {
      ...report(false),
      reviews: { added: 2, updated: 1, unchanged: 0 },
      tags: { added: 3, updated: 0, unchanged: 1 },
      profile: { added: 3, updated: 0, unchanged: 0 },
    };
    const text = renderImportReport(full, "a Letterboxd export");
    expect(text).toContain(
      "reviews: 2 added, 1 updated, 0 unchanged\ntags: 3 added, 0 updated, 1 unchanged\nprofile fields: 3 added, 0 updated, 0 unchanged",
    );
  });
});
