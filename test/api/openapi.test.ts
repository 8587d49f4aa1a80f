// GET /openapi.json describes every route of the app from the routes' own validators and descriptions.
import { Validator } from "@seriousme/openapi-schema-validator";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import * as answers from "../../src/api/answers.js";
import { openApiDocument, openApiPath } from "../../src/api/openapi.js";
import { validate } from "../../src/api/validation.js";
import { exportDocumentSchema } from "../../src/services/import/index.js";
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
    ]);
    expect(list.parameters[1].schema.enum).toEqual(["rated", "title", "year"]);
    expect(Object.keys(list.responses)).toContain("422");

    const rate = document.paths["/ratings/{tmdbId}"].put;
    expect(rate.parameters).toContainEqual(expect.objectContaining({ in: "path", name: "tmdbId", required: true }));
    expect(rate.requestBody.content["application/json"].schema.properties.rating).toBeDefined();
    expect(Object.keys(rate.responses)).toEqual(expect.arrayContaining(["200", "400", "404", "413", "422", "502"]));

    const importing = document.paths["/import"].post;
    expect(importing.requestBody.content["application/json"].schema.properties.version.const).toBe(1);
    expect(document.paths["/export"].get.responses["200"].content["application/json"].schema.required).toContain("version");
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
    // [method, path, body, status, schema]: each answer is parsed strictly (no field missing, none extra).
    const calls: Array<[string, string, unknown, number, z.ZodType]> = [
      ["GET", "/health", undefined, 200, answers.healthAnswer()],
      ["GET", "/me", undefined, 200, answers.userAnswer()],
      ["GET", "/movies/search?q=inception", undefined, 200, answers.searchPageAnswer()],
      ["GET", "/movies/27205", undefined, 200, answers.movieDetailsAnswer()],
      ["PUT", "/watchlist/157336", { priority: "HIGH" }, 201, answers.queuedEntryAnswer()],
      ["GET", "/watchlist", undefined, 200, z.array(answers.queueEntryAnswer()).min(1)],
      ["PUT", "/ratings/155", { rating: "LIKE" }, 200, answers.ratedEntryAnswer()],
      ["POST", "/watchlist/157336/watched", { rating: "SUPER_LIKE" }, 200, answers.ratedEntryAnswer()],
      ["GET", "/ratings", undefined, 200, z.array(answers.ratingEntryAnswer()).min(2)],
      ["GET", "/stats", undefined, 200, answers.statsAnswer()],
      ["GET", "/recommendations", undefined, 200, z.array(answers.recommendationAnswer())],
      ["GET", "/export", undefined, 200, exportDocumentSchema],
      ["POST", "/import?dryRun=true", { version: 1, ratings: [{ tmdbId: 27205, rating: "OK" }] }, 200, answers.importReportAnswer()],
    ];
    for (const [method, path, body, status, schema] of calls) {
      const response = await api.request(method, path, { token, body });
      expect(response.status, `${method} ${path}: ${response.text}`).toBe(status);
      const parsed = schema.safeParse(response.json);
      expect(parsed.error?.issues ?? [], `${method} ${path}`).toEqual([]);
      const operation = document.paths[openApiPath(path.split("?")[0].replace(/\/\d+/g, "/:tmdbId"))][method.toLowerCase()];
      expect(operation.responses[status].content["application/json"].schema, `${method} ${path} documents its answer`).toBeDefined();
    }
    const credentials = { email: "new@example.com", password: "correct horse battery" };
    const registered = await api.request("POST", "/auth/register", { body: { ...credentials, username: "newone" } });
    expect(answers.authAnswer().safeParse(registered.json).error?.issues ?? []).toEqual([]);
    const loggedIn = await api.request("POST", "/auth/login", { body: credentials });
    expect(answers.authAnswer().safeParse(loggedIn.json).error?.issues ?? []).toEqual([]);
  });
});
