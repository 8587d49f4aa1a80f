// The import progress bar's estimate (issue 17, item 15): a resumed import first goes through what it
// had already sent, answered "unchanged" in a moment; counting those in the rate made the ETA say 1 s
// for 85 s of matching.
import { describe, expect, it } from "vitest";
import { Eta } from "../../src/cli/output/progress.cjs";

describe("the import's ETA", () => {
  it("a fresh import: the rate over the whole run", () => {
    const eta = new Eta(1000, 0, 0);
    expect(eta.update(100, 10_000)).toEqual({ rate: 10, secondsLeft: 90 });
  });

  it("a resumed import counts only the entries past what was already sent", () => {
    const eta = new Eta(1000, 900, 0);
    // The 900 already stored come back in half a second: no estimate from them.
    expect(eta.update(500, 200)).toEqual({});
    expect(eta.update(900, 500)).toEqual({});
    // 10 new entries in 10 s: 1 a second, 90 left.
    expect(eta.update(910, 10_500)).toEqual({ rate: 1, secondsLeft: 90 });
  });
});
