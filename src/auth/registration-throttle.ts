// Keeps one client from making accounts by the hundred (issue 17, item 4: 15 a second, each a bcrypt
// hash): at most REGISTRATIONS_PER_CLIENT per client address in REGISTRATION_WINDOW_MS, enough for a
// household or a class behind one router to sign up in a row. Every attempt counts, taken or not.
// Counted for the server as a whole, as logins are (src/auth/throttle.ts).
import type { Db } from "../db/client.js";
import { Throttle } from "./throttle.js";

export const REGISTRATIONS_PER_CLIENT = 30;
export const REGISTRATION_WINDOW_MS = 60 * 60 * 1000;

export class RegistrationThrottle {
  private readonly throttle = new Throttle("register", REGISTRATION_WINDOW_MS);

  /** Counts a registration; answers the seconds to wait (it is refused), or 0 (it may go ahead). */
  beginAttempt(db: Db, client: string): Promise<number> {
    return this.throttle.begin(db, [{ key: `client:${client}`, max: REGISTRATIONS_PER_CLIENT }]);
  }
}
