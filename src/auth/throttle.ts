// Counting attempts for the server as a whole: every API process of one database shares the counts,
// kept in PostgreSQL (the Throttle table, the throttle_attempt() function of migration shared_state),
// so alternating between processes behind a proxy gains an attacker nothing. One round trip per
// attempt. Each throttle names its keys (`login:…`, `register:…`) and has its own window.
import type { Db } from "../db/client.js";
import { primaryOf } from "../db/replicas.js";

export interface ThrottleLimit {
  key: string;
  /** Attempts allowed under this key within the window. */
  max: number;
}

/** Expired rows of a throttle are deleted at most this often per process. */
const SWEEP_EVERY_MS = 60_000;

export class Throttle {
  private lastSweep = 0;

  constructor(
    /** Prefix of this throttle's keys. */
    private readonly name: string,
    readonly windowMs: number,
  ) {}

  private keyOf(key: string) {
    return `${this.name}:${key}`;
  }

  /**
   * Counts one attempt under every key, or under none: answers the seconds to wait when a key is at its
   * limit (the attempt is refused and not counted), or 0 (counted; it may go ahead).
   */
  async begin(routed: Db, limits: ThrottleLimit[]): Promise<number> {
    const db = primaryOf(routed);
    await this.sweep(db);
    const keys = limits.map((limit) => this.keyOf(limit.key));
    const maxes = limits.map((limit) => limit.max);
    const [row] = await db.$queryRaw<Array<{ wait: number }>>`
      SELECT throttle_attempt(${keys}::text[], ${maxes}::int[], ${this.windowMs}::int) AS "wait"`;
    return row?.wait ?? 0;
  }

  /** After a success: `forget` keys start afresh, `giveBack` keys no longer count this attempt. */
  async settle(routed: Db, { forget = [], giveBack = [] }: { forget?: string[]; giveBack?: string[] }): Promise<void> {
    const db = primaryOf(routed);
    await db.$executeRaw`WITH forgotten AS (DELETE FROM "Throttle" WHERE "key" = ANY(${forget.map((key) => this.keyOf(key))}::text[]))
      UPDATE "Throttle" SET "attempts" = greatest(0, "attempts" - 1) WHERE "key" = ANY(${giveBack.map((key) => this.keyOf(key))}::text[])`;
  }

  /** Rows whose window has passed count for nothing: deleted now and then so a flood of keys does not pile up. */
  private async sweep(db: Db) {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    const pattern = `${this.name.replace(/[\\%_]/g, "\\$&")}:%`;
    await db.$executeRaw`DELETE FROM "Throttle" WHERE "key" LIKE ${pattern}
      AND "windowStart" < ${new Date(now - this.windowMs)}::timestamp`.catch(() => {});
  }
}
