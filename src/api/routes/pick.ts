import { Hono } from "hono";
import { z } from "zod";
import { UnknownGenreError } from "../../services/genres.js";
import { DEFAULT_PICK_LIMIT, MAX_GROUP, pick } from "../../services/pick.js";
import { pickAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { invalid } from "../errors.js";
import { FILTER_ERRORS, filmFilterFields, sayDetailsPending, sayRefreshing } from "../film-filter-query.js";
import { describe } from "../openapi.js";
import { limitParam, USERNAME_PATTERN, usernameValue, validate } from "../validation.js";
import { LIST_NAME_PATTERN, listNameValue } from "./lists.js";

const pickQuery = z.object({
  with: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .pipe(z.array(usernameValue).min(1, "name at least one friend").max(MAX_GROUP, `at most ${MAX_GROUP} friends`))
    .meta({ pattern: `^${USERNAME_PATTERN}(?:,${USERNAME_PATTERN}){0,${MAX_GROUP - 1}}$`, description: "usernames separated by commas" }),
  limit: limitParam(50, DEFAULT_PICK_LIMIT),
  maxRuntime: z.coerce.number().int().min(1).max(1000).optional(),
  genre: z.string().trim().min(1).max(100).optional(),
  from: z
    .string()
    .regex(/^[^/]+\/.+$/s, "from must be OWNER/NAME")
    .transform((value) => ({ owner: value.slice(0, value.indexOf("/")), name: value.slice(value.indexOf("/") + 1) }))
    .pipe(z.object({ owner: usernameValue, name: listNameValue }))
    .meta({ pattern: `^${USERNAME_PATTERN}/${LIST_NAME_PATTERN}$` })
    .optional()
    .describe("pick among this list's films only, as OWNER/NAME (every member must be able to see it)"),
  ...filmFilterFields,
});

const pickDoc = describe({
  summary: "Films for the caller and these friends to watch together, best first",
  description:
    "Films nobody of the group has seen, from their queues and their recommendations, each with every member's predicted rating.",
  responses: { 200: { description: "best first", schema: () => z.array(pickAnswer()) } },
  errors: {
    404: "a named user is not one of the caller's friends; or the list of `from` is missing or hidden from a member",
    422: `an invalid query, or a genre that no cached film and no TMDB genre has; ${FILTER_ERRORS[422]}`,
  },
});

/** GET /pick?with=a,b: films for the caller and these friends tonight (`pick --json`). */
export const pickRoutes = new Hono<AppEnv>().get("/", pickDoc, validate("query", pickQuery), async (c) => {
  const { on, lang, country, maxCert, ...query } = c.req.valid("query");
  const deps = c.get("deps");
  try {
    // The filter is read in the caller's region; `mine` is any member's services (services/pick.ts).
    const filter = { on, lang, country, maxCert };
    const picks = await pick(deps, c.get("userId"), {
      ...query,
      filter,
      onRefreshing: (count) => sayRefreshing(c, count),
      onDetailsPending: (count) => sayDetailsPending(c, count),
    });
    return c.json(picks);
  } catch (error) {
    if (error instanceof UnknownGenreError) throw invalid(error.message);
    throw error;
  }
});
