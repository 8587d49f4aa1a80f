// Slows password guessing: after MAX_FAILURES failed logins for one email (or MAX_FAILURES_PER_CLIENT
// from one client address) within WINDOW_MS, further attempts answer 429 until the window passes.
// In memory: one API process serves a household or a club, and a restart forgetting counts is fine.
export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES = 5;
export const MAX_FAILURES_PER_CLIENT = 20;

interface Entry {
  failures: number;
  windowStart: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds until the caller may try again, or 0 when the attempt may go ahead. */
  retryAfter(email: string, client: string): number {
    const waits = [this.wait(`email:${email}`, MAX_FAILURES), this.wait(`client:${client}`, MAX_FAILURES_PER_CLIENT)];
    return Math.max(...waits);
  }

  recordFailure(email: string, client: string): void {
    this.bump(`email:${email}`);
    this.bump(`client:${client}`);
  }

  recordSuccess(email: string): void {
    this.entries.delete(`email:${email}`);
  }

  private current(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.windowStart >= WINDOW_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private wait(key: string, max: number): number {
    const entry = this.current(key);
    if (!entry || entry.failures < max) return 0;
    return Math.ceil((entry.windowStart + WINDOW_MS - this.now()) / 1000);
  }

  private bump(key: string): void {
    const entry = this.current(key);
    if (entry) entry.failures += 1;
    else this.entries.set(key, { failures: 1, windowStart: this.now() });
  }
}
