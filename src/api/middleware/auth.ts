import { createMiddleware } from "hono/factory";
import { verifyToken } from "../../auth/tokens.js";
import type { AppEnv } from "../context.js";
import { ApiError } from "../errors.js";
import { tagAuth } from "../openapi.js";

const unauthorized = (message: string) => new ApiError(401, "unauthorized", message, { "WWW-Authenticate": "Bearer" });

/** Sets `userId` from a valid bearer token of an existing account; anything else is 401. */
export const requireAuth = (jwtSecret: string) => tagAuth(checkToken(jwtSecret));

const checkToken = (jwtSecret: string) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("Authorization");
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw unauthorized("missing bearer token: log in first");
    const userId = verifyToken(token, jwtSecret);
    if (!userId) throw unauthorized("invalid or expired token: log in again");
    // A token outlives a deleted account: check that the account is still there.
    const exists = await c.get("deps").db.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!exists) throw unauthorized("the account of this token no longer exists");
    c.set("userId", userId);
    await next();
  });
