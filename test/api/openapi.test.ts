// GET /openapi.json describes every route of the app from the routes' own validators and descriptions.
import { Validator } from "@seriousme/openapi-schema-validator";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import * as answers from "../../src/api/answers.js";
import { openApiDocument, openApiPath } from "../../src/api/openapi.js";
import { validate } from "../../src/api/validation.js";
import { createTestApi } from "../helpers/api.js";

let api: Awaited<ReturnType<typeof createTestApi>>;
let document: any;
beforeAll(async () => {
  api = await createTestApi();
  const response = await api.request("GET", "/openapi.json");
  expect(response.status).toBe(200);
  document = response.json;
});

/** Every operation the app routes, as "METHOD /path/{param}" (middleware, registered as ALL, is not one). */
function operationsOf(app: { routes: { method: string; path: string }[] }): string[] {
  return [...new Set(app.routes.filter((route) => route.method !== "ALL").map((route) => `${route.method} ${openApiPath(route.path)}`))];
}

/** The document's path for a concrete one: `/friends/ann/watchlist` → `/friends/{username}/watchlist`. */
function documentedPath(path: string): string {
  const bare = path.split("?")[0];
  if (document.paths[bare]) return bare;
  const found = Object.keys(document.paths).find((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(bare));
  if (!found) throw new Error(`${path} is not documented`);
  return found;
}

function operationsIn(doc: any): string[] {
  return Object.entries<any>(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

describe("GET /openapi.json", () => {
  it("is public and a valid OpenAPI 3.1 document", async () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("has every route of the app, and nothing else", () => {
    const routed = operationsOf(api.app);
    expect(routed).toContain("PUT /ratings/{tmdbId}");
    expect(operationsIn(document).sort()).toEqual(routed.sort());
  });

  it("describes every operation: a summary, a success answer, and each error in the { error: { code, message } } shape", () => {
    for (const [path, operations] of Object.entries<any>(document.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        const name = `${method.toUpperCase()} ${path}`;
        expect(operation.summary, `${name} has no describe()`).toBeTruthy();
        const statuses = Object.keys(operation.responses);
        expect(
          statuses.some((status) => status.startsWith("2")),
          `${name} has no success answer`,
        ).toBe(true);
        for (const status of statuses.filter((status) => Number(status) >= 400 && path !== "/health")) {
          expect(operation.responses[status].content?.["application/json"]?.schema, `${name} ${status}`).toEqual({
            $ref: "#/components/schemas/Error",
          });
        }
      }
    }
    expect(document.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);
  });

  it("takes parameters and bodies from the routes' validators, with the errors they imply", () => {
    const list = document.paths["/ratings"].get;
    expect(list.parameters.map((parameter: any) => `${parameter.in}:${parameter.name}`)).toEqual([
      "query:rating",
      "query:sort",
      "query:limit",
      "query:cursor",
      "query:of",
    ]);
    expect(list.parameters[1].schema.enum).toEqual(["rated", "title", "year"]);
    expect(Object.keys(list.responses)).toContain("422");

    const rate = document.paths["/ratings/{tmdbId}"].put;
    expect(rate.parameters).toContainEqual(expect.objectContaining({ in: "path", name: "tmdbId", required: true }));
    expect(rate.requestBody.content["application/json"].schema.properties.rating).toBeDefined();
    expect(Object.keys(rate.responses)).toEqual(expect.arrayContaining(["200", "400", "404", "413", "422", "502"]));

    // POST /import reads its own body: an export document (version 1 or 2) or a batch.
    const importing = document.paths["/import"].post;
    const body = JSON.stringify(importing.requestBody.content["application/json"].schema);
    expect(body).toContain('"const":1');
    expect(body).toContain('"const":2');
    expect(body).toContain('"entries"');
    expect(Object.keys(importing.responses)).toEqual(expect.arrayContaining(["200", "400", "409", "413", "422", "502"]));

    const exporting = document.paths["/export"].get.responses["200"];
    expect(exporting.content["application/json"].schema.required).toContain("version");
    expect(exporting.content["text/csv"].schema.type).toBe("string");
    expect(Object.keys(exporting.headers)).toEqual(["X-Export-Ratings", "X-Export-Watchlist", "X-Export-History"]);
  });

  it("marks exactly the routes behind requireAuth as needing a token, each with its 401", () => {
    const open = operationsIn(document).filter((name) => {
      const [method, path] = name.split(" ");
      const operation = document.paths[path][method.toLowerCase()];
      if (operation.security) expect(operation.responses["401"], name).toBeDefined();
      return !operation.security;
    });
    expect(open.sort()).toEqual(["GET /health", "GET /openapi.json", "POST /auth/login", "POST /auth/register"]);
  });

  it("documents a router written the usual way, with no list to update", async () => {
    const app = new Hono().get(
      "/things/:id",
      validate("param", z.object({ id: z.string() })),
      validate("query", z.object({ n: z.string() })),
      (c) => c.json([]),
    );
    const doc = await openApiDocument(app);
    const operation = doc.paths?.["/things/{id}"]?.get;
    expect(operation?.parameters).toEqual([
      expect.objectContaining({ in: "path", name: "id" }),
      expect.objectContaining({ in: "query", name: "n" }),
    ]);
    // Without describe() it has no summary: the test above names it.
    expect(operation?.summary).toBeUndefined();
  });

  it("describes the success answers as they are: real answers match the documented schemas exactly", async () => {
    const { token } = await api.register("documented");
    const friend = await api.register("friendly");
    const stranger = await api.register("stranger");
    const by = (who: { token: string }) => ({ token: who.token });
    // A friend (made below) with a queue to share; a request pending from a stranger.
    await api.request("PUT", "/friends/friendly", { token: friend.token });
    await api.request("PUT", "/friends/documented", { token: stranger.token });
    await api.request("PUT", "/watchlist/272", { token: friend.token, body: { priority: "LOW" } });

    const list = (schema: () => z.ZodType) => z.array(schema()).min(1);
    const batch = {
      importId: "openapi-test",
      format: "letterboxd",
      entries: [
        { ref: "row 2", title: "Memento", year: 2000, rating: "LIKE" },
        { ref: "row 3", title: "No Such Film Anywhere", year: 1901 },
      ],
    };
    // [method, path, body, status, schema, as]: each answer is parsed strictly (no field missing, none extra).
    const calls: Array<[string, string, unknown, number, z.ZodType | undefined, { token: string }?]> = [
      ["GET", "/health", undefined, 200, answers.healthAnswer()],
      ["GET", "/me", undefined, 200, answers.userAnswer()],
      ["GET", "/movies/search?q=inception", undefined, 200, answers.searchPageAnswer()],
      ["GET", "/movies/27205", undefined, 200, answers.movieDetailsAnswer()],
      ["GET", "/movies/27205/providers?region=GB", undefined, 200, answers.whereAnswer()],
      ["PUT", "/watchlist/157336", { priority: "HIGH" }, 201, answers.queuedEntryAnswer()],
      ["PUT", "/watchlist/157336", { priority: "LOW" }, 200, answers.queuedEntryAnswer()],
      ["GET", "/watchlist", undefined, 200, list(answers.queueEntryAnswer)],
      ["PUT", "/ratings/27205", { rating: "LIKE" }, 200, answers.ratedEntryAnswer()],
      ["POST", "/watchlist/157336/watched", { rating: "SUPER_LIKE" }, 200, answers.watchedAnswer()],
      ["POST", "/watchlist/374720/watched", { watchedOn: "2024-05-01" }, 200, answers.watchedAnswer()],
      ["GET", "/ratings", undefined, 200, list(answers.ratingEntryAnswer)],
      ["DELETE", "/ratings/27205", undefined, 204, undefined],
      ["GET", "/history", undefined, 200, list(answers.historyEntryAnswer)],
      ["GET", "/stats", undefined, 200, answers.statsAnswer()],
      ["GET", "/recommendations", undefined, 200, z.array(answers.recommendationAnswer())],
      ["PUT", "/friends/friendly", undefined, 201, answers.friendAnswer()],
      ["PUT", "/friends/documented", undefined, 200, answers.friendAnswer(), by(friend)],
      ["GET", "/friends", undefined, 200, z.array(answers.friendAnswer()).min(2)],
      ["GET", "/friends/friendly/watchlist", undefined, 200, list(answers.queueEntryAnswer)],
      ["GET", "/pick?with=friendly", undefined, 200, list(answers.pickAnswer)],
      ["POST", "/suggestions", { tmdbId: 577922, to: "friendly", note: null }, 201, answers.sentSuggestionAnswer()],
      ["POST", "/suggestions", { tmdbId: 155, to: "documented", note: "see it" }, 201, answers.sentSuggestionAnswer(), by(friend)],
      ["GET", "/suggestions", undefined, 200, list(answers.inboxEntryAnswer)],
      ["DELETE", "/suggestions/friendly/155", undefined, 200, answers.dismissedAnswer()],
      ["POST", "/suggestions", { tmdbId: 577922, to: "documented", note: null }, 201, answers.sentSuggestionAnswer(), by(friend)],
      ["DELETE", "/suggestions/577922", undefined, 200, answers.dismissedAnswer()],
      ["POST", "/lists", { name: "Halloween", ranked: true }, 201, answers.listSummaryAnswer()],
      ["PATCH", "/lists/documented/halloween", { description: "spooky", visibility: "server" }, 200, answers.listSummaryAnswer()],
      ["PUT", "/lists/documented/Halloween/entries/27205", { note: "first" }, 201, answers.putEntryAnswer()],
      ["PUT", "/lists/documented/Halloween/entries/155", { at: 1 }, 201, answers.putEntryAnswer()],
      ["PUT", "/lists/documented/Halloween/entries/155", { at: 2 }, 200, answers.putEntryAnswer()],
      ["PUT", "/lists/documented/Halloween/collaborators/friendly", { can: "edit" }, 200, answers.collaboratorAnswer()],
      ["GET", "/lists", undefined, 200, list(answers.listSummaryAnswer)],
      ["GET", "/lists/documented/Halloween", undefined, 200, answers.listAnswer(), by(friend)],
      ["DELETE", "/lists/documented/Halloween/entries/155", undefined, 204, undefined, by(friend)],
      ["DELETE", "/lists/documented/Halloween/collaborators/friendly", undefined, 204, undefined],
      ["POST", "/lists", { name: "Gone" }, 201, answers.listSummaryAnswer()],
      ["DELETE", "/lists/documented/Gone", undefined, 204, undefined],
      ["GET", "/export", undefined, 200, answers.exportDocumentAnswer()],
      ["GET", "/export?format=csv", undefined, 200, z.string().startsWith("list,tmdbId,")],
      ["GET", "/export?format=letterboxd", undefined, 200, z.string().startsWith("tmdbID,imdbID,")],
      ["POST", "/import?dryRun=true", { version: 1, ratings: [{ tmdbId: 27205, rating: "OK" }] }, 200, answers.importReportAnswer()],
      ["POST", "/import?dryRun=true", batch, 200, answers.importReportAnswer()],
      ["PUT", "/watchlist/77", {}, 201, answers.queuedEntryAnswer()],
      ["DELETE", "/watchlist/77", undefined, 204, undefined],
      ["PUT", "/watchlist/77", {}, 201, answers.queuedEntryAnswer()],
      ["GET", "/activity", undefined, 200, list(answers.activityAnswer)],
      ["POST", "/activity/undo", undefined, 200, answers.undoAnswer()],
      ["PUT", "/reviews/374720", { text: "A review.\nTwo lines.", spoilers: true }, 201, answers.reviewAnswer()],
      ["PUT", "/reviews/374720", { text: "Replaced." }, 200, answers.reviewAnswer()],
      ["POST", "/reviews/documented/374720/comments", { text: "Agreed." }, 201, answers.commentAnswer(), by(friend)],
      ["GET", "/reviews?friends=true", undefined, 200, list(answers.reviewAnswer)],
      ["GET", "/tags", undefined, 200, z.array(answers.tagAnswer())],
      ["PATCH", "/profile", { bio: "hi", avatar: "🎬", favourites: [27205], region: "GB", services: [8] }, 200, answers.ownProfileAnswer()],
      ["GET", "/profile", undefined, 200, answers.ownProfileAnswer()],
      ["GET", "/users/documented/profile", undefined, 200, answers.profileAnswer(), by(friend)],
      ["DELETE", "/comments/{id}", undefined, 204, undefined],
      ["DELETE", "/friends/stranger", undefined, 200, answers.friendAnswer()],
      ["PUT", "/friends/stranger/block", undefined, 201, answers.friendAnswer()],
      ["DELETE", "/friends/stranger/block", undefined, 200, answers.friendAnswer()],
      ["POST", "/auth/logout", {}, 204, undefined],
      ["DELETE", "/me", undefined, 204, undefined, by(stranger)],
    ];
    const answered = new Set<string>();
    const watched: any[] = [];
    for (const [method, template, body, status, schema, as] of calls) {
      // The comment's id is known only once it is written.
      const commentId = template.includes("{id}") ? (await api.db.reviewComment.findFirstOrThrow()).id : "";
      const path = template.replace("{id}", commentId);
      const response = await api.request(method, path, { token: as?.token ?? token, body });
      expect(response.status, `${method} ${path}: ${response.text}`).toBe(status);
      const operation = document.paths[documentedPath(path)][method.toLowerCase()];
      const documented = operation.responses[status];
      expect(documented, `${method} ${path} documents its ${status}`).toBeDefined();
      answered.add(`${method} ${documentedPath(path)}`);
      if (!schema) {
        expect(response.text).toBe("");
        continue;
      }
      const type = response.headers.get("content-type")!.split(";")[0];
      expect(documented.content[type]?.schema, `${method} ${path} documents its ${type} answer`).toBeDefined();
      const parsed = schema.safeParse(type === "application/json" ? response.json : response.text);
      if (path.endsWith("/watched")) watched.push(response.json);
      expect(parsed.error?.issues ?? [], `${method} ${path}`).toEqual([]);
    }
    // Both branches of the mark-watched answer were parsed: rated, and watched without a rating.
    expect(watched.map((answer) => answer.rating)).toEqual(["SUPER_LIKE", null]);
    // Every route but the public auth pair (parsed below) and the document itself was called above.
    const uncalled = operationsIn(document).filter((name) => !answered.has(name));
    expect(uncalled.sort()).toEqual(["GET /openapi.json", "POST /auth/login", "POST /auth/register"]);
    const credentials = { email: "new@example.com", password: "correct horse battery" };
    const registered = await api.request("POST", "/auth/register", { body: { ...credentials, username: "newone" } });
    expect(answers.authAnswer().safeParse(registered.json).error?.issues ?? []).toEqual([]);
    const loggedIn = await api.request("POST", "/auth/login", { body: credentials });
    expect(answers.authAnswer().safeParse(loggedIn.json).error?.issues ?? []).toEqual([]);
  });
});

// Issue 17, item 12: the document was looser than the server (ratings and priorities plain strings, no
// email format, no password limit, a tmdbId pattern the server refused values of). What it says now
// is what the server accepts: each boundary is checked against the document and the server alike.
describe("what the document says the server accepts", () => {
  const schemaOf = (path: string, method: string) => document.paths[path][method].requestBody.content["application/json"].schema;
  const paramOf = (path: string, method: string, name: string) =>
    document.paths[path][method].parameters.find((parameter: any) => parameter.name === name).schema;

  it("ratings and priorities are enums (names and the CLI's words), each accepted by the server", async () => {
    const rating = schemaOf("/ratings/{tmdbId}", "put").properties.rating;
    expect(rating.enum).toEqual(expect.arrayContaining(["SUPER_LIKE", "super-like", "DISLIKE"]));
    const priority = schemaOf("/watchlist/{tmdbId}", "put").properties.priority;
    expect(priority.enum).toEqual(expect.arrayContaining(["HIGH", "low"]));
    const { token } = await api.register("enum-checker");
    for (const word of rating.enum)
      expect((await api.request("PUT", "/ratings/27205", { token, body: { rating: word } })).status, word).toBe(200);
    for (const word of priority.enum)
      expect((await api.request("PUT", "/watchlist/155", { token, body: { priority: word } })).status, word).toBeLessThan(300);
    const filter = new RegExp(paramOf("/ratings", "get", "rating").pattern, "u");
    expect(filter.test("like,super-like")).toBe(true);
    expect(filter.test("like,meh")).toBe(false);
  });

  it("an email has its format and pattern, a password its limits in characters and bytes", () => {
    const register = schemaOf("/auth/register", "post").properties;
    expect(register.email).toMatchObject({ format: "email", maxLength: 254, pattern: expect.any(String) });
    expect(new RegExp(register.email.pattern, "u").test("ann@example.com")).toBe(true);
    expect(new RegExp(register.email.pattern, "u").test("ann@localhost")).toBe(false); // the server refuses it too
    expect(register.password).toMatchObject({ minLength: 8, maxLength: 72, "x-maxBytes": 72 });
    expect(new RegExp(register.password.pattern, "u").test("tab\there")).toBe(false);
  });

  it("a tmdbId's pattern allows exactly 1 to 2147483647, as the server does", async () => {
    const pattern = new RegExp(paramOf("/movies/{tmdbId}", "get", "tmdbId").pattern, "u");
    const { token } = await api.register("id-checker");
    for (const [id, valid] of [
      ["1", true],
      ["27205", true],
      ["2147483647", true],
      ["2147483648", false],
      ["0", false],
      ["9999999999", false],
    ] as const) {
      expect(pattern.test(id), id).toBe(valid);
      const status = (await api.request("DELETE", `/ratings/${id}`, { token })).status;
      if (valid) expect(status, id).not.toBe(400);
      else expect(status, id).toBe(400);
    }
  });

  it("a viewing date is a date from 1870 on", () => {
    const watchedOn = schemaOf("/watchlist/{tmdbId}/watched", "post").properties.watchedOn;
    expect(watchedOn).toMatchObject({ format: "date", formatMinimum: "1870-01-01" });
  });
});
