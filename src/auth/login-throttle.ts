// Slows password guessing without locking the owner out: once MAX_ATTEMPTS logins for one email from
// one client address (or MAX_ATTEMPTS_PER_CLIENT for any emails from one address) have been tried
// without success within WINDOW_MS, further attempts from that address answer 429 until the window
// passes. Counting per (email, address) rather than per email keeps an attacker's failures from
// refusing the owner's right password from another address. An attempt counts when it starts, so
// parallel guesses are throttled too; a successful login takes its attempt back. Counted for the
// server as a whole (src/auth/throttle.ts: every API process shares the counts). Behind a reverse
// proxy, the client's address comes from X-Forwarded-For only when the proxy is trusted
// (TRUSTED_PROXIES, src/api/client-address.ts); otherwise every client shares the proxy's limits.
import type { Db } from "../db/client.js";
import { Throttle } from "./throttle.js";

export const WINDOW_MS = 15 * 60 * 1000;
export const MAX_ATTEMPTS = 5;
export const MAX_ATTEMPTS_PER_CLIENT = 20;

// JSON keeps any email apart from any address (an email may contain ':').
const accountKey = (email: string, client: string) => `account:${JSON.stringify([email, client])}`;
const clientKey = (client: string) => `client:${client}`;

export class LoginThrottle {
  private readonly throttle = new Throttle("login", WINDOW_MS);

  /** Counts an attempt; answers the seconds to wait (the attempt is refused), or 0 (it may go ahead). */
  beginAttempt(db: Db, email: string, client: string): Promise<number> {
    return this.throttle.begin(db, [
      { key: accountKey(email, client), max: MAX_ATTEMPTS },
      { key: clientKey(client), max: MAX_ATTEMPTS_PER_CLIENT },
    ]);
  }

  /** A successful login: its email starts afresh from this client, and its attempt no longer counts for the client. */
  recordSuccess(db: Db, email: string, client: string): Promise<void> {
    return this.throttle.settle(db, { forget: [accountKey(email, client)], giveBack: [clientKey(client)] });
  }
}
