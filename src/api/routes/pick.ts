import { Hono } from "hono";
import { z } from "zod";
import { DEFAULT_PICK_LIMIT, MAX_GROUP, pick } from "../../services/pick.js";
import { UnknownGenreError } from "../../services/recommendations.js";
import type { AppEnv } from "../context.js";
import { invalid } from "../errors.js";
import { limitParam, validate } from "../validation.js";
import { usernameValue } from "./friends.js";

const pickQuery = z.object({
  with: z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .pipe(z.array(usernameValue).min(1, "name at least one friend").max(MAX_GROUP, `at most ${MAX_GROUP} friends`)),
  limit: limitParam(50, DEFAULT_PICK_LIMIT),
  maxRuntime: z.coerce.number().int().min(1).max(1000).optional(),
  genre: z.string().trim().min(1).max(100).optional(),
});

/** GET /pick?with=a,b: films for the caller and these friends tonight (`pick --json`). */
export const pickRoutes = new Hono<AppEnv>().get("/", validate("query", pickQuery), async (c) => {
  const query = c.req.valid("query");
  try {
    return c.json(await pick(c.get("deps"), c.get("userId"), query));
  } catch (error) {
    if (error instanceof UnknownGenreError) throw invalid(error.message);
    throw error;
  }
});
