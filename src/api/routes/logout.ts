import { Hono } from "hono";
import { z } from "zod";
import { revokeAllTokens, revokeToken } from "../../auth/sessions.js";
import type { AppEnv } from "../context.js";
import { describe } from "../openapi.js";
import { validate } from "../validation.js";

const logoutBody = z.object({ all: z.boolean().optional() }).strict();

const logoutDoc = describe({
  summary: "Log out: end this token's session, or with { all: true } every session of the account",
  responses: { 204: "the token (or every token of the account) no longer works" },
});

/** Mounted at /auth behind requireAuth: `POST /auth/logout` ends this token's session, `{ "all": true }` every session of the account. */
export const logoutRoutes = new Hono<AppEnv>().post("/logout", logoutDoc, validate("json", logoutBody), async (c) => {
  const { db } = c.get("deps");
  if (c.req.valid("json").all) await revokeAllTokens(db, c.get("userId"));
  else await revokeToken(db, c.get("token"));
  return c.body(null, 204);
});
