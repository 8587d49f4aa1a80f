import type { TokenClaims } from "../auth/tokens.js";
import type { Logger } from "../logger.js";
import type { MovieDeps } from "../services/movies.js";

/** What the API needs from the outside world: the services' dependencies, always with a logger; tests pass a test database and the fake TMDB. */
export interface AppDeps extends MovieDeps {
  logger: Logger;
}

export interface AuthOptions {
  jwtSecret: string;
  /** jsonwebtoken's `expiresIn`, e.g. "30d". */
  jwtExpiresIn: string;
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
