import { Hono } from "hono";
import { z } from "zod";
import { dismissSuggestions, listInbox, MAX_NOTE_LENGTH, suggestMovie } from "../../services/suggestions.js";
import { dismissedAnswer, inboxEntryAnswer, sentSuggestionAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { describe, TMDB_ERRORS } from "../openapi.js";
import { PAGE_HEADERS, pageJson, pageQuery } from "../paging.js";
import { tmdbIdParam, usernameValue, validate } from "../validation.js";

// Notes end up in other people's terminals: one line of printable text.
const CONTROL_CHARACTERS = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

const suggestionBody = z.object({
  tmdbId: z.number().int().min(1).max(2_147_483_647),
  to: usernameValue,
  note: z
    .string()
    .max(MAX_NOTE_LENGTH, `note: at most ${MAX_NOTE_LENGTH} characters`)
    .refine((note) => !CONTROL_CHARACTERS.test(note), "note: control characters are not allowed")
    .meta({ pattern: "^[^\\p{Cc}\\p{Cf}\\u2028\\u2029]*$" })
    .nullish(),
});

const inboxQuery = z.object(pageQuery(1000));
const dismissFromParam = tmdbIdParam.extend({ from: usernameValue });

const suggestDoc = describe({
  summary: "Suggest a film to a friend (again: the note and date are replaced)",
  responses: { 201: { description: "the suggestion sent", schema: sentSuggestionAnswer } },
  errors: { 404: "the user is not one of the caller's friends, or TMDB has no such film", ...TMDB_ERRORS },
});
const inboxDoc = describe({
  summary: "What friends suggested to the caller, newest first, a page at a time",
  responses: { 200: { description: "the inbox", schema: () => z.array(inboxEntryAnswer()), headers: PAGE_HEADERS } },
});

const dismissFromDoc = describe({
  summary: "Dismiss a friend's suggestion of a film: it leaves the inbox and stops raising the film in recommendations",
  responses: { 200: { description: "dismissed", schema: dismissedAnswer } },
  errors: { 404: "no suggestion of that film from that user in the caller's inbox" },
});
const dismissAllDoc = describe({
  summary: "Dismiss every suggestion of a film, whoever sent it",
  responses: { 200: { description: "dismissed", schema: dismissedAnswer } },
  errors: { 404: "no suggestion of that film in the caller's inbox" },
});

export const suggestionRoutes = new Hono<AppEnv>()
  .post("/", suggestDoc, validate("json", suggestionBody), async (c) => {
    return c.json(await suggestMovie(c.get("deps"), c.get("userId"), c.req.valid("json")), 201);
  })
  .get("/", inboxDoc, validate("query", inboxQuery), async (c) =>
    pageJson(c, await listInbox(c.get("deps").db, c.get("userId"), c.req.valid("query"))),
  )
  .delete("/:tmdbId", dismissAllDoc, validate("param", tmdbIdParam), async (c) =>
    c.json({ dismissed: await dismissSuggestions(c.get("deps").db, c.get("userId"), c.req.valid("param")) }),
  )
  .delete("/:from/:tmdbId", dismissFromDoc, validate("param", dismissFromParam), async (c) =>
    c.json({ dismissed: await dismissSuggestions(c.get("deps").db, c.get("userId"), c.req.valid("param")) }),
  );
