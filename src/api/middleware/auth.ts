import { createMiddleware } from "hono/factory";
import { isSessionOpen } from "../../auth/sessions.js";
import { verifyToken } from "../../auth/tokens.js";
import { asMember } from "../../tmdb/scheduler.js";
import type { AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { tagAuth } from "../openapi.js";

const unauthorized = (message: string) => new ApiError(401, "unauthorized", message, { "WWW-Authenticate": "Bearer" });

/**
 * Sets `userId` (and `token`) from a valid bearer token whose session is open: an existing account, not
 * logged out (see auth/sessions.ts); anything else is 401.
 */
export const requireAuth = (jwtSecret: string) => tagAuth(checkToken(jwtSecret));

const checkToken = (jwtSecret: string) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("Authorization");
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthorized("missing bearer token: log in first");
    const claims = verifyToken(token, jwtSecret);
    if (!claims) throw unauthorized("invalid or expired token: log in again");
    // A token outlives a deleted account and a logout: the session check says whether it still counts.
    if (!(await isSessionOpen(c.get("deps").db, claims)))
      throw unauthorized("this session has ended (logged out, or the account is gone): log in again");
    c.set("userId", claims.userId);
    c.set("token", claims);
    // The TMDB requests this request makes take this member's turns (tmdb/scheduler.ts).
    await asMember(claims.userId, next);
  });
