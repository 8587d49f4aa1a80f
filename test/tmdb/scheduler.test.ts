import { describe, expect, it } from "vitest";
import { localBudget, type TmdbBudget } from "../../src/tmdb/budget.js";
import { TmdbScheduler } from "../../src/tmdb/scheduler.js";

const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe("the TMDB budget's slots", () => {
  it("move by as much as a request left late (slip), so no second holds more than the rate", async () => {
    const budget = localBudget(10); // slots 100 ms apart
    expect(await budget.reserve()).toBe(0);
    const next = await budget.reserve();
    expect(next).toBeGreaterThan(90);
    await budget.slip(40);
    expect(await budget.reserve()).toBeGreaterThan(next + 100 + 30);
  });

  it("are moved by the scheduler when its timer fires late (a busy event loop)", async () => {
    const slips: number[] = [];
    const budget: TmdbBudget = {
      reserve: async () => 20,
      holdOff: async () => {},
      slip: async (ms) => {
        slips.push(ms);
      },
    };
    const scheduler = new TmdbScheduler({ budget, concurrency: 4, interactiveReserve: 1 });
    const late = scheduler.run(async () => "sent late", "interactive");
    await new Promise((resolve) => setTimeout(resolve, 5)); // the slot reserved, its 20 ms wait begun
    busyFor(60);
    expect(await late).toBe("sent late");
    expect(Math.max(...slips)).toBeGreaterThan(30);
  });
});
