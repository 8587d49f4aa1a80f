import { Hono } from "hono";
import { z } from "zod";
import { getOwnProfile, getProfileOf, MAX_FAVOURITES, updateProfile } from "../../services/profiles.js";
import { REGION_HEADER, withRegion } from "../../services/region.js";
import { BIO_TEXT } from "../../services/text.js";
import { VISIBILITIES } from "../../services/visibility.js";
import { ownProfileAnswer, profileAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { regionOf } from "../middleware/region.js";
import { describe, TMDB_ERRORS } from "../openapi.js";
import { avatarValue, memberText, regionValue, tmdbIdParam, usernameValue, validate } from "../validation.js";

const tmdbId = tmdbIdParam.shape.tmdbId.or(z.number().int().min(1).max(2_147_483_647));

const providerName = z.string().trim().min(1).max(100);

const profilePatch = z.object({
  bio: memberText(BIO_TEXT).nullable().optional().describe("null clears it"),
  avatar: avatarValue.nullable().optional().describe("one emoji; null clears it"),
  favourites: z.array(tmdbId).max(MAX_FAVOURITES).optional().describe("TMDB ids, in order; [] clears them"),
  region: regionValue.nullable().optional(),
  services: z
    .array(z.number().int().min(1).max(2_147_483_647).or(providerName))
    .max(50)
    .optional()
    .describe("streaming services: TMDB watch-provider ids or names (`Netflix`, `mubi`); [] clears them"),
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
  errors: {
    ...TMDB_ERRORS,
    422: "a bad value: an unknown favourite film or streaming service (naming the closest), an avatar that is not one emoji…",
  },
});
const otherDoc = describe({
  summary: "Another member's profile, as their visibility allows",
  responses: { 200: { description: "the profile (no region, services or shareTaste)", schema: profileAnswer } },
  errors: { 404: "no member of this name whose profile the caller may see (the same answer as for no such member)" },
});

export const profileRoutes = new Hono<AppEnv>()
  .get("/", ownDoc, async (c) => c.json(await getOwnProfile(c.get("deps"), c.get("userId"))))
  .patch("/", patchDoc, validate("json", profilePatch), async (c) => {
    const patch = c.req.valid("json");
    const update = () => updateProfile(c.get("deps"), c.get("userId"), patch);
    // A region set or cleared here changes the films' certifications: answer in it, as the next GET will.
    if (patch.region === undefined) return c.json(await update());
    return c.json(await withRegion(regionOf(patch.region, c.req.header(REGION_HEADER)), update));
  });

export const userRoutes = new Hono<AppEnv>().get("/:username/profile", otherDoc, validate("param", usernameParam), async (c) =>
  c.json(await getProfileOf(c.get("deps").db, c.get("userId"), c.req.valid("param").username)),
);
