import { Hono } from "hono";
import { z } from "zod";
import { listInbox, MAX_NOTE_LENGTH, suggestMovie } from "../../services/suggestions.js";
import type { AppEnv } from "../context.js";
import { limitParam, validate } from "../validation.js";
import { usernameValue } from "./friends.js";

// Notes end up in other people's terminals: one line of printable text.
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

const suggestionBody = z.object({
  tmdbId: z.number().int().min(1).max(2_147_483_647),
  to: usernameValue,
  note: z
    .string()
    .max(MAX_NOTE_LENGTH, `note: at most ${MAX_NOTE_LENGTH} characters`)
    .refine((note) => !CONTROL_CHARACTERS.test(note), "note: control characters are not allowed")
    .nullish(),
});

const inboxQuery = z.object({ limit: limitParam(1000) });

export const suggestionRoutes = new Hono<AppEnv>()
  .post("/", validate("json", suggestionBody), async (c) => {
    return c.json(await suggestMovie(c.get("deps"), c.get("userId"), c.req.valid("json")), 201);
  })
  .get("/", validate("query", inboxQuery), async (c) => c.json(await listInbox(c.get("deps").db, c.get("userId"), c.req.valid("query"))));
