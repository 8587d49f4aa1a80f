// Slows password guessing without locking the owner out: once MAX_ATTEMPTS logins for one email from
// one client address (or MAX_ATTEMPTS_PER_CLIENT for any emails from one address) have been tried
// without success within WINDOW_MS, further attempts from that address answer 429 until the window
// passes. Counting per (email, address) rather than per email keeps an attacker's failures from
// refusing the owner's right password from another address. An attempt counts when it starts, so
// parallel guesses are throttled too; a successful login takes its attempt back. In memory: one API
// process serves a household or a club, and a restart forgetting counts is fine. Behind a reverse
// proxy every client shares the proxy's address, and so the limits.
export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_ATTEMPTS = 5;
export const MAX_ATTEMPTS_PER_CLIENT = 20;
/** Bounds the memory a flood of distinct emails can take: expired entries are swept past this size. */
const SWEEP_ABOVE = 10_000;

// JSON keeps any email apart from any address (an email may contain ':').
const accountKey = (email: string, client: string) => `account:${JSON.stringify([email, client])}`;

interface Entry {
  attempts: number;
  windowStart: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts an attempt; answers the seconds to wait (the attempt is refused), or 0 (it may go ahead). */
  beginAttempt(email: string, client: string): number {
    const keys: Array<[string, number]> = [
      [accountKey(email, client), MAX_ATTEMPTS],
      [`client:${client}`, MAX_ATTEMPTS_PER_CLIENT],
    ];
    const wait = Math.max(...keys.map(([key, max]) => this.wait(key, max)));
    if (wait === 0) for (const [key] of keys) this.bump(key, 1);
    return wait;
  }

  /** A successful login: its email starts afresh from this client, and its attempt no longer counts for the client. */
  recordSuccess(email: string, client: string): void {
    this.entries.delete(accountKey(email, client));
    this.bump(`client:${client}`, -1);
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
    return this.now() - entry.windowStart >= WINDOW_MS;
  }

  private wait(key: string, max: number): number {
    const entry = this.current(key);
    if (!entry || entry.attempts < max) return 0;
    return Math.ceil((entry.windowStart + WINDOW_MS - this.now()) / 1000);
  }

  private bump(key: string, by: number): void {
    const entry = this.current(key);
    if (entry) entry.attempts = Math.max(0, entry.attempts + by);
    else if (by > 0) {
      if (this.entries.size >= SWEEP_ABOVE) this.sweep();
      this.entries.set(key, { attempts: by, windowStart: this.now() });
    }
  }

  private sweep(): void {
    for (const [key, entry] of this.entries) if (this.expired(entry)) this.entries.delete(key);
  }
}
