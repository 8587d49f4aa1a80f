import { createHmac, timingSafeEqual } from "node:crypto";
import { createMiddleware } from "hono/factory";
import jwt from "jsonwebtoken";
import { primaryOf } from "../../db/replicas.js";
import type { AppEnv } from "../context.js";

/** How long after a write a user's reads stay on the primary: longer than a replica's usual lag. */
export const READ_YOUR_WRITES_MS = 5_000;
/** Past this many remembered writers, the expired ones are forgotten at once. */
const SWEEP_AT = 10_000;
/**
 * The mark a write's answer carries and the client sends back (the CLI keeps it in its config): when
 * the member wrote, signed with the server's secret, so that any API process of the server — not only
 * the one that took the write — reads their next requests from the primary.
 */
export const WRITE_MARK_HEADER = "Watchlist-Wrote";

const signature = (secret: string, userId: string, at: number) =>
  createHmac("sha256", secret).update(`${userId}:${at}`).digest("base64url");

export const writeMark = (secret: string, userId: string, at: number) => `${at}.${signature(secret, userId, at)}`;

/** When this member wrote, from a mark the server signed for them; undefined for anything else. */
export function markedWriteAt(mark: string | undefined, secret: string, userId: string): number | undefined {
  const [at, signed] = mark?.split(".") ?? [];
  if (!at || !signed || !/^\d{1,15}$/.test(at)) return undefined;
  const expected = Buffer.from(signature(secret, userId, Number(at)));
  const given = Buffer.from(signed);
  return given.length === expected.length && timingSafeEqual(given, expected) ? Number(at) : undefined;
}

/**
 * With read replicas, a user's requests go to the primary while a replica may not have their latest
 * writes yet: their writes, their reads for a while after a write, and everything in the first moments
 * of a token (registration and login write the account). Runs before authentication, which then reads
 * the account from the right server; the token is only decoded here — requireAuth verifies it.
 * A write's answer carries a signed mark (WRITE_MARK_HEADER) that the client sends back: with it, every
 * process of the server knows; without it (a client that drops the header), only the process that
 * took the write does.
 */
export function readYourWrites(jwtSecret: string, windowMs = READ_YOUR_WRITES_MS) {
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
    const marked = userId ? markedWriteAt(c.req.header(WRITE_MARK_HEADER), jwtSecret, userId) : undefined;
    if (writing || recent(issuedAt) || recent(marked) || (userId && recent(lastWrite.get(userId)))) {
      const deps = c.get("deps");
      c.set("deps", { ...deps, db: primaryOf(deps.db) });
    }
    try {
      await next();
    } finally {
      if (writing && userId) {
        const at = Date.now();
        lastWrite.set(userId, at);
        c.header(WRITE_MARK_HEADER, writeMark(jwtSecret, userId, at));
        if (lastWrite.size > SWEEP_AT) {
          for (const [id, at] of lastWrite) if (Date.now() - at >= windowMs) lastWrite.delete(id);
        }
      }
    }
  });
}
