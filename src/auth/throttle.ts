// The one throttle abstraction of the API: attempts counted per key in fixed windows, each key with
// its limit. The login throttle and the registration throttle are both made of it, so that counting
// them server-wide (in PostgreSQL, for several API processes) is one change here. In memory: one API
// process serves a household or a club, and a restart forgetting counts is fine.

export interface Limit {
  key: string;
  max: number;
  windowMs: number;
}

interface Entry {
  attempts: number;
  windowStart: number;
  windowMs: number;
}

/** Bounds the memory a flood of distinct keys can take: expired entries are swept past this size. */
const SWEEP_ABOVE = 10_000;

export class AttemptWindows {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Counts one attempt against every limit, unless one of them is reached: then nothing is counted and
   * the answer is the seconds until it opens again. 0: the attempt may go ahead.
   */
  begin(limits: Limit[]): number {
    const wait = Math.max(...limits.map((limit) => this.wait(limit)));
    if (wait === 0) for (const limit of limits) this.bump(limit, 1);
    return wait;
  }

  /** Takes one attempt back (it turned out not to count). */
  giveBack(limit: Limit): void {
    this.bump(limit, -1);
  }

  /** Starts the key afresh. */
  forget(key: string): void {
    this.entries.delete(key);
  }

  private current(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && this.expired(entry)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private expired(entry: Entry): boolean {
    return this.now() - entry.windowStart >= entry.windowMs;
  }

  private wait({ key, max }: Limit): number {
    const entry = this.current(key);
    if (!entry || entry.attempts < max) return 0;
    return Math.ceil((entry.windowStart + entry.windowMs - this.now()) / 1000);
  }

  private bump({ key, windowMs }: Limit, by: number): void {
    const entry = this.current(key);
    if (entry) entry.attempts = Math.max(0, entry.attempts + by);
    else if (by > 0) {
      if (this.entries.size >= SWEEP_ABOVE) this.sweep();
      this.entries.set(key, { attempts: by, windowStart: this.now(), windowMs });
    }
  }

  private sweep(): void {
    for (const [key, entry] of this.entries) if (this.expired(entry)) this.entries.delete(key);
  }
}
