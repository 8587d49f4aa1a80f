import type { TokenClaims } from "../auth/tokens.js";
import type { Coordination } from "../db/coordination.js";
import type { Logger } from "../logger.js";
import type { MovieDeps } from "../services/movies.js";
import type { TrustedProxies } from "./client-address.js";

/** What the API needs from the outside world: the services' dependencies, always with a logger; tests pass a test database and the fake TMDB. */
export interface AppDeps extends MovieDeps {
  logger: Logger;
  /** This process's link to the others of the server: session notifications, per-account locks. */
  coordination: Coordination;
}

export interface AuthOptions {
  jwtSecret: string;
  /** jsonwebtoken's `expiresIn`, e.g. "30d". */
  jwtExpiresIn: string;
  /** Reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES); none by default. */
  trustedProxies?: TrustedProxies;
}

/** Hono's environment: `c.get("deps")` everywhere, `c.get("userId")` behind requireAuth (from the token only). */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    userId: string;
    /** The bearer token's claims, behind requireAuth (logout revokes it). */
    token: TokenClaims;
  };
}
