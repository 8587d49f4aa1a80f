// Slows password guessing without locking the owner out: once MAX_ATTEMPTS logins for one email from
// one client address (or MAX_ATTEMPTS_PER_CLIENT for any emails from one address) have been tried
// without success within WINDOW_MS, further attempts from that address answer 429 until the window
// passes. Counting per (email, address) rather than per email keeps an attacker's failures from
// refusing the owner's right password from another address. An attempt counts when it starts, so
// parallel guesses are throttled too; a successful login takes its attempt back. Behind a reverse
// proxy every client shares the proxy's address, and so the limits (src/api/client-address.ts).
import { AttemptWindows, type Limit } from "./throttle.js";

export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_ATTEMPTS = 5;
export const MAX_ATTEMPTS_PER_CLIENT = 20;

// JSON keeps any email apart from any address (an email may contain ':').
const accountLimit = (email: string, client: string): Limit => ({
  key: `login:account:${JSON.stringify([email, client])}`,
  max: MAX_ATTEMPTS,
  windowMs: WINDOW_MS,
});
const clientLimit = (client: string): Limit => ({ key: `login:client:${client}`, max: MAX_ATTEMPTS_PER_CLIENT, windowMs: WINDOW_MS });

export class LoginThrottle {
  constructor(private readonly windows = new AttemptWindows()) {}

  /** Counts an attempt; answers the seconds to wait (the attempt is refused), or 0 (it may go ahead). */
  beginAttempt(email: string, client: string): number {
    return this.windows.begin([accountLimit(email, client), clientLimit(client)]);
  }

  /** A successful login: its email starts afresh from this client, and its attempt no longer counts for the client. */
  recordSuccess(email: string, client: string): void {
    this.windows.forget(accountLimit(email, client).key);
    this.windows.giveBack(clientLimit(client));
  }
}
