import { Hono } from "hono";
import { z } from "zod";
import { getOwnProfile, getProfileOf, MAX_FAVOURITES, updateProfile } from "../../services/profiles.js";
import { BIO_TEXT } from "../../services/text.js";
import { VISIBILITIES } from "../../services/visibility.js";
import { ownProfileAnswer, profileAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { describe, TMDB_ERRORS } from "../openapi.js";
import { avatarValue, memberText, regionValue, tmdbIdParam, usernameValue, validate } from "../validation.js";

const tmdbId = tmdbIdParam.shape.tmdbId.or(z.number().int().min(1).max(2_147_483_647));

const profilePatch = z.object({
  bio: memberText(BIO_TEXT).nullable().optional().describe("null clears it"),
  avatar: avatarValue.nullable().optional().describe("one emoji; null clears it"),
  favourites: z.array(tmdbId).max(MAX_FAVOURITES).optional().describe("TMDB ids, in order; [] clears them"),
  region: regionValue.nullable().optional(),
  services: z.array(z.number().int().min(1).max(2_147_483_647)).max(50).optional().describe("TMDB watch-provider ids"),
  visibility: z.enum(VISIBILITIES).optional(),
  shareTaste: z.boolean().optional(),
});
const usernameParam = z.object({ username: usernameValue });

const ownDoc = describe({
  summary: "The caller's profile, with what only they see (region, services, shareTaste)",
  responses: { 200: { description: "the profile", schema: ownProfileAnswer } },
});
const patchDoc = describe({
  summary: "Change the caller's profile (the fields given); undo takes it back but for visibility and shareTaste",
  responses: { 200: { description: "the profile as it is now", schema: ownProfileAnswer } },
  errors: TMDB_ERRORS,
});
const otherDoc = describe({
  summary: "Another member's profile, as their visibility allows",
  responses: { 200: { description: "the profile (no region, services or shareTaste)", schema: profileAnswer } },
  errors: { 404: "no member of this name whose profile the caller may see (the same answer as for no such member)" },
});

export const profileRoutes = new Hono<AppEnv>()
  .get("/", ownDoc, async (c) => c.json(await getOwnProfile(c.get("deps").db, c.get("userId"))))
  .patch("/", patchDoc, validate("json", profilePatch), async (c) =>
    c.json(await updateProfile(c.get("deps"), c.get("userId"), c.req.valid("json"))),
  );

export const userRoutes = new Hono<AppEnv>().get("/:username/profile", otherDoc, validate("param", usernameParam), async (c) =>
  c.json(await getProfileOf(c.get("deps").db, c.get("userId"), c.req.valid("param").username)),
);
