import { type Context, Hono } from "hono";
import { z } from "zod";
import { LoginThrottle } from "../../auth/login-throttle.js";
import { RegistrationThrottle } from "../../auth/registration-throttle.js";
import { currentTokenVersion } from "../../auth/sessions.js";
import { signToken } from "../../auth/tokens.js";
import { authenticate, normalizeEmail, registerUser } from "../../services/users.js";
import { authAnswer } from "../answers.js";
import { clientAddress } from "../client-address.js";
import type { AppEnv, AuthOptions } from "../context.js";
import { ApiError } from "../errors.js";
import { describe } from "../openapi.js";
import { usernameValue, validate } from "../validation.js";

const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email("email must be a valid address"))
  .meta({ format: "email", pattern: z.regexes.email.source });
// bcrypt reads at most 72 bytes and stops at a NUL: control characters would weaken the minimum length.
const password = z
  .string()
  .min(8, "password must be at least 8 characters")
  .refine((value) => Buffer.byteLength(value) <= 72, "password must be at most 72 bytes")
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "password must not contain control characters")
  // JSON Schema counts characters, not bytes: maxLength is the byte limit for ASCII, x-maxBytes says it for all.
  .meta({
    maxLength: 72,
    pattern: "^[^\\u0000-\\u001f\\u007f]*$",
    "x-maxBytes": 72,
    description: "8 characters or more, at most 72 bytes in UTF-8, no control characters",
  });

const registerBody = z.object({
  email,
  username: usernameValue,
  password,
});
const loginBody = z.object({ email, password: z.string().min(1).max(1024) });

const registerDoc = describe({
  summary: "Create an account",
  responses: { 201: { description: "the new account and a token", schema: authAnswer } },
  errors: {
    409: "the email or the username is taken (email_taken, username_taken)",
    429: "too many registrations from this client address (Retry-After)",
    503: "the database is unavailable, or too many registrations are waiting for their password hash (Retry-After)",
  },
});
const loginDoc = describe({
  summary: "Log in: a bearer token for the account",
  responses: { 200: { description: "the account and a token", schema: authAnswer } },
  errors: {
    401: "wrong email or password (invalid_credentials)",
    429: "too many failed logins for this email from this client (Retry-After)",
    503: "the database is unavailable",
  },
});

export function authRoutes(options: AuthOptions) {
  const throttle = new LoginThrottle();
  const registrations = new RegistrationThrottle();
  // A token is issued under the account's token version: logout --all (a bump) ends it.
  const tokenFor = async (c: Context<AppEnv>, userId: string) =>
    signToken(userId, options.jwtSecret, options.jwtExpiresIn, await currentTokenVersion(c.get("deps").db, userId));

  return new Hono<AppEnv>()
    .post("/register", registerDoc, validate("json", registerBody), async (c) => {
      const wait = await registrations.beginAttempt(c.get("deps").db, clientAddress(c, options.trustedProxies));
      if (wait > 0)
        throw new ApiError(429, "too_many_registrations", `too many accounts created from this address; try again in ${wait} s`, {
          "Retry-After": String(wait),
        });
      const user = await registerUser(c.get("deps").db, c.req.valid("json"));
      return c.json({ user, token: await tokenFor(c, user.id) }, 201);
    })
    .post("/login", loginDoc, validate("json", loginBody), async (c) => {
      const body = c.req.valid("json");
      const key = normalizeEmail(body.email);
      const client = clientAddress(c, options.trustedProxies);
      const { db } = c.get("deps");
      // The attempt counts before bcrypt runs, so guesses sent in parallel are throttled too.
      const wait = await throttle.beginAttempt(db, key, client);
      if (wait > 0)
        throw new ApiError(429, "too_many_attempts", `too many failed logins; try again in ${wait} s`, { "Retry-After": String(wait) });
      const user = await authenticate(db, key, body.password);
      if (!user) throw new ApiError(401, "invalid_credentials", "wrong email or password");
      await throttle.recordSuccess(db, key, client);
      return c.json({ user, token: await tokenFor(c, user.id) });
    });
}
