import { createMiddleware } from "hono/factory";
import jwt from "jsonwebtoken";
import { primaryOf } from "../../db/replicas.js";
import type { AppEnv } from "../context.js";

/** How long after a write a user's reads stay on the primary: longer than a replica's usual lag. */
export const READ_YOUR_WRITES_MS = 5_000;
/** Past this many remembered writers, the expired ones are forgotten at once. */
const SWEEP_AT = 10_000;

/**
 * With read replicas, a user's requests go to the primary while a replica may not have their latest
 * writes yet: their writes, their reads for a while after a write, and everything in the first moments
 * of a token (registration and login write the account). Runs before authentication, which then reads
 * the account from the right server; the token is only decoded here — requireAuth verifies it.
 * Known to this process only: several API processes behind one address need sticky sessions.
 */
export function readYourWrites(windowMs = READ_YOUR_WRITES_MS) {
  const lastWrite = new Map<string, number>();
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = c.req.header("Authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const claims = token ? jwt.decode(token) : null;
    const userId = typeof claims === "object" && typeof claims?.sub === "string" ? claims.sub : undefined;
    // `iat` is in whole seconds: the token may be up to a second younger than it says.
    const issuedAt = typeof claims === "object" && typeof claims?.iat === "number" ? (claims.iat + 1) * 1000 : 0;
    const writing = c.req.method !== "GET" && c.req.method !== "HEAD";
    const now = Date.now();
    const recent = (at: number | undefined) => at !== undefined && now - at < windowMs;
    if (writing || recent(issuedAt) || (userId && recent(lastWrite.get(userId)))) {
      const deps = c.get("deps");
      c.set("deps", { ...deps, db: primaryOf(deps.db) });
    }
    try {
      await next();
    } finally {
      if (writing && userId) {
        lastWrite.set(userId, Date.now());
        if (lastWrite.size > SWEEP_AT) {
          for (const [id, at] of lastWrite) if (Date.now() - at >= windowMs) lastWrite.delete(id);
        }
      }
    }
  });
}
