// Keeps one client from making accounts by the hundred (issue 17, item 4: 15 a second, each a bcrypt
// hash): at most REGISTRATIONS_PER_CLIENT per client address in REGISTRATION_WINDOW_MS, enough for a
// household or a class behind one router to sign up in a row. Every attempt counts, taken or not.
import { AttemptWindows } from "./throttle.js";

export const REGISTRATIONS_PER_CLIENT = 30;
export const REGISTRATION_WINDOW_MS = 60 * 60 * 1000;

export class RegistrationThrottle {
  constructor(private readonly windows = new AttemptWindows()) {}

  /** Counts a registration; answers the seconds to wait (it is refused), or 0 (it may go ahead). */
  beginAttempt(client: string): number {
    return this.windows.begin([{ key: `register:client:${client}`, max: REGISTRATIONS_PER_CLIENT, windowMs: REGISTRATION_WINDOW_MS }]);
  }
}
