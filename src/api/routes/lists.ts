import { Hono } from "hono";
import { z } from "zod";
import { refreshStaleList, resolveFilmFilter } from "../../services/film-filters.js";
import { objectJson } from "../../services/json-bytes.js";
import {
  createList,
  deleteList,
  editList,
  LIST_PAGE_MAX,
  listLists,
  MAX_DESCRIPTION,
  MAX_LIST_NAME,
  MAX_NOTE,
  putEntry,
  removeEntry,
  shareList,
  showList,
  unshareList,
} from "../../services/lists.js";
import { collaboratorAnswer, listAnswer, listSummaryAnswer, putEntryAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { FILTER_ERRORS, filmFilterFields, sayRefreshing } from "../film-filter-query.js";
import { describe, TMDB_ERRORS } from "../openapi.js";
import { nextPageHeaders, PAGE_HEADERS, pageQuery } from "../paging.js";
import { tmdbIdParam, usernameValue, validate } from "../validation.js";

// Control characters (C0, DEL, C1) have no place in a name or note; a description may hold line breaks.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/** A list name the document promises (without anchors): something other than spaces, no control characters. */
export const LIST_NAME_PATTERN = "[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*";
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u;

export const listNameValue = z
  .string()
  .trim()
  .normalize("NFC")
  .min(1, "a list name cannot be empty")
  .max(MAX_LIST_NAME, `a list name has at most ${MAX_LIST_NAME} characters`)
  .refine((name) => !CONTROL.test(name), "a list name cannot hold control characters")
  .meta({ pattern: `^${LIST_NAME_PATTERN}$`, description: "not blank, no control characters" });
const descriptionValue = z
  .string()
  .transform((text) => text.replace(/\r\n?/g, "\n").trim())
  .pipe(
    z
      .string()
      .max(MAX_DESCRIPTION, `a description has at most ${MAX_DESCRIPTION} characters`)
      .refine((text) => !CONTROL_BUT_NEWLINE.test(text), "a description cannot hold control characters other than line breaks"),
  )
  .transform((text) => text || null)
  .meta({ type: "string", maxLength: MAX_DESCRIPTION, pattern: "^[^\\u0000-\\u0009\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$" });
const noteValue = z
  .string()
  .trim()
  .max(MAX_NOTE, `a note has at most ${MAX_NOTE} characters`)
  .refine((text) => !CONTROL.test(text), "a note is one line without control characters")
  .meta({ pattern: "^[^\\u0000-\\u001f\\u007f-\\u009f]*$" })
  .transform((text) => text || null);
const visibilityValue = z.enum(["private", "friends", "server"]);

const listParam = z.object({ owner: usernameValue, name: listNameValue });
const entryParam = listParam.extend(tmdbIdParam.shape);
const collaboratorParam = listParam.extend({ username: usernameValue });

const listsQuery = z.object({ of: usernameValue.optional() });
/** Paged on request only: without `limit` the whole list, as before paging. */
const showQuery = z.object({ ...pageQuery(LIST_PAGE_MAX), ...filmFilterFields });
const createBody = z.object({
  name: listNameValue,
  description: descriptionValue.optional(),
  ranked: z.boolean().optional(),
  visibility: visibilityValue.optional(),
});
const editBody = z
  .object({
    name: listNameValue.optional(),
    description: descriptionValue.nullable().optional(),
    ranked: z.boolean().optional(),
    visibility: visibilityValue.optional(),
  })
  .refine(
    (patch) => Object.values(patch).some((value) => value !== undefined),
    "nothing to change: give name, description, ranked or visibility",
  );
const entryBody = z.object({
  note: noteValue.nullable().optional(),
  at: z.number().int().min(1).max(1_000_000).optional().describe("the position (ranked lists); a new film without one goes last"),
});
const shareBody = z.object({ can: z.enum(["view", "edit"]).optional() });

const HIDDEN = "no such list, or one the caller may not see (the same answer)";
const OWNER_ONLY = "the caller may see the list but is not its owner (forbidden)";

const listsDoc = describe({
  summary: "The caller's lists and those shared with them; with `of`, a member's lists the caller may see",
  responses: { 200: { description: "the lists", schema: () => z.array(listSummaryAnswer()) } },
  errors: { 404: "no member of that username" },
});
const createDoc = describe({
  summary: "Create a list",
  responses: { 201: { description: "the new list", schema: listSummaryAnswer } },
  errors: { 409: "the caller has a list of that name, in any case (list_name_taken)" },
});
const showDoc = describe({
  summary: "A list and its entries in order (ranked: by position; unranked: newest first)",
  description:
    "With `limit`, a page of the entries (the list's fields on every page; the next page's address in Link and X-Next-Cursor); without, all of them. Filtered (on, lang, country, maxCert), it answers from what is stored and refreshes films with stale data in the background: the Watchlist-Refreshing header says how many.",
  responses: { 200: { description: "the list", schema: listAnswer, headers: PAGE_HEADERS } },
  errors: { 404: HIDDEN, ...FILTER_ERRORS },
});
const editDoc = describe({
  summary: "Change a list's name, description, ranking or visibility (the owner only)",
  responses: { 200: { description: "the list as it is now", schema: listSummaryAnswer } },
  errors: { 403: OWNER_ONLY, 404: HIDDEN, 409: "the new name is taken (list_name_taken)" },
});
const deleteDoc = describe({
  summary: "Delete a list with its entries (the owner only)",
  responses: { 204: "deleted" },
  errors: { 403: OWNER_ONLY, 404: HIDDEN },
});
const putEntryDoc = describe({
  summary: "Put a film in a list, or change its note or position (owner and editors); positions stay 1..n",
  responses: {
    200: { description: "the entry, changed (created: false)", schema: putEntryAnswer },
    201: { description: "the entry, new (created: true)", schema: putEntryAnswer },
  },
  errors: {
    403: "the list is shared with the caller to view only",
    404: `${HIDDEN}; or TMDB has no such film`,
    ...TMDB_ERRORS,
  },
});
const removeEntryDoc = describe({
  summary: "Take a film out of a list (owner and editors); the positions after it close up",
  responses: { 204: "removed" },
  errors: { 403: "the list is shared with the caller to view only", 404: `${HIDDEN}; or the film is not in it` },
});
const shareDoc = describe({
  summary: "Share a list with a friend, to view or to edit its entries (the owner only)",
  responses: { 200: { description: "the collaborator", schema: collaboratorAnswer } },
  errors: { 403: OWNER_ONLY, 404: `${HIDDEN}; or the user is not one of the owner's friends` },
});
const unshareDoc = describe({
  summary: "Stop sharing a list with a member (the owner only)",
  responses: { 204: "no longer shared" },
  errors: { 403: OWNER_ONLY, 404: `${HIDDEN}; or the list is not shared with that member` },
});

export const listRoutes = new Hono<AppEnv>()
  .get("/", listsDoc, validate("query", listsQuery), async (c) => {
    return c.json(await listLists(c.get("deps").db, c.get("userId"), c.req.valid("query")));
  })
  .post("/", createDoc, validate("json", createBody), async (c) => {
    return c.json(await createList(c.get("deps").db, c.get("userId"), c.req.valid("json")), 201);
  })
  .get("/:owner/:name", showDoc, validate("param", listParam), validate("query", showQuery), async (c) => {
    const { owner, name } = c.req.valid("param");
    const { on, lang, country, maxCert, limit, cursor } = c.req.valid("query");
    const deps = c.get("deps");
    const userId = c.get("userId");
    const film = await resolveFilmFilter(deps, { on, lang, country, maxCert }, [userId]);
    const { list, entries, next, id } = await showList(deps.db, userId, owner, name, { film, limit, cursor });
    if (film) sayRefreshing(c, await refreshStaleList(deps, film, id));
    nextPageHeaders(c, next);
    return c.body(objectJson(list, { entries }), 200, { "Content-Type": "application/json" });
  })
  .patch("/:owner/:name", editDoc, validate("param", listParam), validate("json", editBody), async (c) => {
    const { owner, name } = c.req.valid("param");
    return c.json(await editList(c.get("deps").db, c.get("userId"), owner, name, c.req.valid("json")));
  })
  .delete("/:owner/:name", deleteDoc, validate("param", listParam), async (c) => {
    const { owner, name } = c.req.valid("param");
    await deleteList(c.get("deps").db, c.get("userId"), owner, name);
    return c.body(null, 204);
  })
  .put("/:owner/:name/entries/:tmdbId", putEntryDoc, validate("param", entryParam), validate("json", entryBody), async (c) => {
    const { owner, name, tmdbId } = c.req.valid("param");
    const { created, ...entry } = await putEntry(c.get("deps"), c.get("userId"), owner, name, tmdbId, c.req.valid("json"));
    return c.json({ ...entry, created }, created ? 201 : 200);
  })
  .delete("/:owner/:name/entries/:tmdbId", removeEntryDoc, validate("param", entryParam), async (c) => {
    const { owner, name, tmdbId } = c.req.valid("param");
    await removeEntry(c.get("deps").db, c.get("userId"), owner, name, tmdbId);
    return c.body(null, 204);
  })
  .put("/:owner/:name/collaborators/:username", shareDoc, validate("param", collaboratorParam), validate("json", shareBody), async (c) => {
    const { owner, name, username } = c.req.valid("param");
    return c.json(await shareList(c.get("deps").db, c.get("userId"), owner, name, username, c.req.valid("json").can));
  })
  .delete("/:owner/:name/collaborators/:username", unshareDoc, validate("param", collaboratorParam), async (c) => {
    const { owner, name, username } = c.req.valid("param");
    await unshareList(c.get("deps").db, c.get("userId"), owner, name, username);
    return c.body(null, 204);
  });
