// The TMDB budget: when the next request may leave. TMDB limits requests per API key, so every API
// process of a server draws its slots from one budget: a row in PostgreSQL holding the earliest start
// of the next slot, advanced by one interval at each reservation (one short statement on the
// coordination connection). A process reserves a slot only when it has a request to send and sends
// whichever request is most deserving when the slot comes (client.ts), so no process books the
// budget far ahead of the others: another process's request waits a couple of slots at most.
import { createHash } from "node:crypto";
import type { Coordination } from "../db/coordination.js";
import { type Logger, silentLogger } from "../logger.js";

export interface TmdbBudget {
  /** Reserves the next slot: resolves with the milliseconds to wait before sending in it. */
  reserve(): Promise<number>;
  /** TMDB answered 429: no slot starts before `ms` from now, in any process. */
  holdOff(ms: number): Promise<void>;
  /**
   * A slot's request left `ms` after its time (a busy event loop fired the timer late): every later
   * slot moves as much, or the next 40 requests would reach TMDB within less than a second of it.
   */
  slip(ms: number): Promise<void>;
}

/** One process's own budget (tests, a single process without coordination): slots one interval apart. */
export function localBudget(ratePerSecond: number): TmdbBudget {
  const interval = 1000 / ratePerSecond;
  let nextSlot = 0;
  return {
    async reserve() {
      const now = performance.now();
      const slot = Math.max(nextSlot, now);
      nextSlot = slot + interval;
      return slot - now;
    },
    async holdOff(ms) {
      nextSlot = Math.max(nextSlot, performance.now() + ms);
    },
    async slip(ms) {
      nextSlot += ms;
    },
  };
}

const NOW_UTC = `(clock_timestamp() AT TIME ZONE 'UTC')`;
const RESERVE = `INSERT INTO "TmdbBudget" ("key", "nextSlotAt") VALUES ($1, ${NOW_UTC} + make_interval(secs => $2::float8))
  ON CONFLICT ("key") DO UPDATE SET "nextSlotAt" = greatest("TmdbBudget"."nextSlotAt", ${NOW_UTC}) + make_interval(secs => $2::float8)
  RETURNING greatest(0, extract(epoch FROM "nextSlotAt" - ${NOW_UTC}) * 1000 - $2::float8 * 1000)::float8 AS "waitMs"`;
const HOLD_OFF = `UPDATE "TmdbBudget" SET "nextSlotAt" = greatest("nextSlotAt", ${NOW_UTC} + make_interval(secs => $2::float8)) WHERE "key" = $1`;
const SLIP = `UPDATE "TmdbBudget" SET "nextSlotAt" = "nextSlotAt" + make_interval(secs => $2::float8) WHERE "key" = $1`;

/** The budget's row is per TMDB credential (a hash of it: the key itself never reaches the database). */
export const budgetKey = (credential: string) => createHash("sha256").update(credential).digest("hex").slice(0, 32);

/**
 * The server's one budget in PostgreSQL. Should the coordination connection fail, this process paces
 * itself alone at the same rate until it is back (TMDB then sees at most N × the rate for that while:
 * its 429s, which every process honours, do the rest).
 */
export function sharedBudget(
  coordination: Pick<Coordination, "query">,
  credential: string,
  ratePerSecond: number,
  logger: Logger = silentLogger,
): TmdbBudget {
  const key = budgetKey(credential);
  const intervalSeconds = 1 / ratePerSecond;
  const fallback = localBudget(ratePerSecond);
  let warned = false;
  const failed = (error: unknown) => {
    if (!warned) logger.warn("TMDB budget unavailable in PostgreSQL: pacing this process alone", { message: (error as Error).message });
    warned = true;
  };
  return {
    async reserve() {
      try {
        const [row] = await coordination.query<{ waitMs: number }>(RESERVE, [key, intervalSeconds]);
        warned = false;
        return row?.waitMs ?? 0;
      } catch (error) {
        failed(error);
        return fallback.reserve();
      }
    },
    async holdOff(ms) {
      await fallback.holdOff(ms);
      await coordination.query(HOLD_OFF, [key, ms / 1000]).catch(failed);
    },
    async slip(ms) {
      await fallback.slip(ms);
      await coordination.query(SLIP, [key, ms / 1000]).catch(failed);
    },
  };
}
