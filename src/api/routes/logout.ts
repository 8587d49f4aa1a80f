import { Hono } from "hono";
import { z } from "zod";
import { revokeAllTokens, revokeToken } from "../../auth/sessions.js";
import type { AppEnv } from "../context.js";
import { validate } from "../validation.js";

const logoutBody = z.object({ all: z.boolean().optional() }).strict();

/** Mounted at /auth behind requireAuth: `POST /auth/logout` ends this token's session, `{ "all": true }` every session of the account. */
export const logoutRoutes = new Hono<AppEnv>().post("/logout", validate("json", logoutBody), async (c) => {
  const { db } = c.get("deps");
  if (c.req.valid("json").all) await revokeAllTokens(db, c.get("userId"));
  else await revokeToken(db, c.get("token"));
  return c.body(null, 204);
});
