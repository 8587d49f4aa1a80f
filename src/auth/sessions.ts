// Which tokens still open a session: the account exists, the token was issued under the account's
// current token version (logout --all bumps it) and its id was not revoked (logout). Checked on every
// request, so the verdict is kept in process for a few seconds (one query per token per SESSION_CACHE_MS
// instead of one per request) and dropped at once when any API process of the server logs out or
// deletes the account: PostgreSQL notifies every process (watchSessions). While a process cannot hear
// the notifications, it asks the database at every request instead of trusting its cache.
import type { Db } from "../db/client.js";
import type { Coordination } from "../db/coordination.js";
import { primaryOf } from "../db/replicas.js";
import type { TokenClaims } from "./tokens.js";

export const SESSION_CACHE_MS = 5_000;
// A bound on memory: past it the cache starts over (a burst of tokens costs a query each, no more).
const MAX_CACHED_ACCOUNTS = 10_000;

interface Verdict {
  open: Promise<boolean>;
  until: number;
}

/** Per database (tests run several apps on several databases in one process): account id → token key → verdict. */
const caches = new WeakMap<Db, Map<string, Map<string, Verdict>>>();

/** Per database: the coordination whose notifications keep its cache true (see watchSessions). */
const watchers = new WeakMap<Db, Coordination>();

/** One cache per database: with read replicas, the primary's (the session is asked of the primary). */
function cacheOf(routed: Db): Map<string, Map<string, Verdict>> {
  const db = primaryOf(routed);
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

async function querySession(db: Db, { userId, tokenId, version }: TokenClaims): Promise<boolean> {
  const rows = await db.$queryRaw<Array<{ version: number; revoked: boolean }>>`
    SELECT u."tokenVersion" AS "version", EXISTS (SELECT 1 FROM "RevokedToken" r WHERE r."jti" = ${tokenId ?? null}) AS "revoked"
    FROM "User" u WHERE u."id" = ${userId}`;
  return rows.length === 1 && rows[0].version === version && !rows[0].revoked;
}

/** true when the token's session is open (see above); one query at most per token every SESSION_CACHE_MS. */
export function isSessionOpen(db: Db, claims: TokenClaims): Promise<boolean> {
  const cache = cacheOf(db);
  let tokens = cache.get(claims.userId);
  if (!tokens) {
    if (cache.size >= MAX_CACHED_ACCOUNTS) cache.clear();
    tokens = new Map();
    cache.set(claims.userId, tokens);
  }
  const key = `${claims.version}:${claims.tokenId ?? ""}`;
  const now = Date.now();
  const cached = tokens.get(key);
  if (cached && cached.until > now && watchers.get(primaryOf(db))?.listening !== false) return cached.open;
  // On the primary: a replica may not have seen a logout or a registration yet.
  const verdict: Verdict = { open: querySession(primaryOf(db), claims), until: now + SESSION_CACHE_MS };
  tokens.set(key, verdict);
  // A failed check (database down) is not remembered.
  verdict.open.catch(() => {
    if (tokens.get(key) === verdict) tokens.delete(key);
  });
  return verdict.open;
}

/**
 * Keeps this database's session cache true to what any process does: forgets an account's sessions when
 * PostgreSQL says they ended (triggers of migration shared_state), everything when it may have missed
 * a notification, and is not trusted at all while the coordination connection is down.
 */
export function watchSessions(db: Db, coordination: Coordination): void {
  const primary = primaryOf(db);
  if (watchers.get(primary) === coordination) return;
  watchers.set(primary, coordination);
  coordination.onSessionEnded((userId) => {
    if (userId === null) cacheOf(primary).clear();
    else forgetSessions(primary, userId);
  });
}

/** Forgets what this process knows of the account's sessions: after a logout or its deletion. */
export function forgetSessions(db: Db, userId: string): void {
  cacheOf(db).delete(userId);
}

/**
 * Ends the session of this token (logout). A token without an id (issued before logout existed) can
 * only be ended with all the others.
 */
export async function revokeToken(db: Db, claims: TokenClaims): Promise<void> {
  if (!claims.tokenId) return revokeAllTokens(db, claims.userId);
  const expiresAt = claims.expiresAt ?? new Date(Date.now() + 365 * 86_400_000);
  await db.$transaction([
    // The account's revocations that expired are useless: cleared on the way.
    db.revokedToken.deleteMany({ where: { userId: claims.userId, expiresAt: { lt: new Date() } } }),
    db.revokedToken.upsert({
      where: { jti: claims.tokenId },
      create: { jti: claims.tokenId, userId: claims.userId, expiresAt },
      update: {},
    }),
  ]);
  forgetSessions(db, claims.userId);
}

/** Ends every session of the account (logout --all); its revoked ids are then useless. */
export async function revokeAllTokens(db: Db, userId: string): Promise<void> {
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { tokenVersion: { increment: 1 } }, select: { id: true } }),
    db.revokedToken.deleteMany({ where: { userId } }),
  ]);
  forgetSessions(db, userId);
}

/** The version new tokens of this account are issued under. */
export async function currentTokenVersion(db: Db, userId: string): Promise<number> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { tokenVersion: true } });
  return user?.tokenVersion ?? 0;
}
