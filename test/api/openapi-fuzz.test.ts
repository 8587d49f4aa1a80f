// The OpenAPI document as a contract, property-based (fast-check): for every operation GET /openapi.json
// lists (read from the document, so a route added later is fuzzed without being named here), requests
// generated from the operation's own JSON Schemas — path parameters, query, body — go through the app
// as a registered member. One valid by the document is never refused as malformed (400/422; a 404 or
// 409 means "valid, but no such thing / a conflict"); one made invalid by a single change the document
// forbids (a required field missing, a wrong type, out of bounds, not in the enum, not matching the
// pattern) is a 4xx; nothing is ever a 5xx.
// A fixed seed by default (CI sees the same cases every run); explore with
//   FUZZ_SEED=$RANDOM FUZZ_RUNS=200 npx vitest run test/api/openapi-fuzz.test.ts
import fc from "fast-check";
import type { OpenAPIV3_1 } from "openapi-types";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApi } from "../helpers/api.js";

type JsonSchema = OpenAPIV3_1.SchemaObject & {
  const?: unknown;
  formatMinimum?: string;
  "x-formatMaximum"?: string;
  items?: JsonSchema;
  "x-maxBytes"?: number;
};

const RUNS = Number(process.env.FUZZ_RUNS) || 6;
const SEED = Number(process.env.FUZZ_SEED) || 20261206;

/**
 * Operations driven differently, each for a written reason:
 * - those that end the caller's session or account run as a throwaway member per case (a fresh
 *   registration), or every later case would only meet a 401;
 * - POST /import: the document's body is the whole export format (thousands of entries at most); the
 *   generator caps every array at a few items, which keeps it an import of a few films.
 */
const THROWAWAY_MEMBER = new Set(["post /auth/logout", "delete /me"]);
const MAX_ITEMS = 3;
/**
 * Query parameters whose valid values are data rather than a shape, left out of valid requests: a
 * `cursor` is one the server handed out (any other answers 422, docs/api.md "Paging"), a `genre` one a
 * cached film or TMDB has (any other answers 422 "unknown genre"), a `maxCert` one on the region's
 * certification scale, an `on` service names TMDB's provider list has; in a body, profile `favourites` are films TMDB must have
 * and profile `services` providers TMDB's list has (any other answers 422).
 * Invalid requests still break them.
 */
const DATA_PARAMETERS = new Set(["cursor", "genre", "maxCert", "on", "favourites", "services"]);

/**
 * Rules between two fields, which JSON Schema cannot state (each in the schema's description): a
 * generated valid request is made to keep them. POST /import: a rating's updatedAt is not before its
 * createdAt.
 */
function keepCrossFieldRules(operation: Operation, request: Request): Request {
  if (`${operation.method} ${operation.path}` === "post /import") {
    const ratings = (request.body as { ratings?: unknown })?.ratings;
    for (const rating of Array.isArray(ratings) ? (ratings as Array<{ createdAt?: string; updatedAt?: string }>) : [])
      if (rating.createdAt && rating.updatedAt && rating.updatedAt < rating.createdAt) rating.updatedAt = rating.createdAt;
  }
  return request;
}

let api: Awaited<ReturnType<typeof createTestApi>>;
let token: string;
let document: OpenAPIV3_1.Document;

beforeAll(async () => {
  api = await createTestApi();
  ({ token } = await api.register("schemafuzzer"));
  // A few things that exist, so that valid requests also reach past "not found".
  await api.request("PUT", "/ratings/27205", { token, body: { rating: "LIKE" } });
  await api.request("PUT", "/watchlist/157336", { token, body: { priority: "HIGH" } });
  await api.request("POST", "/lists", { token, body: { name: "favourites" } });
  document = (await api.request("GET", "/openapi.json")).json;
});

interface Operation {
  method: string;
  path: string;
  parameters: OpenAPIV3_1.ParameterObject[];
  body?: JsonSchema;
  bodyRequired: boolean;
}

function operations(): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of ["get", "put", "post", "patch", "delete"] as const) {
      const operation = item?.[method];
      if (!operation) continue;
      const requestBody = operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
      found.push({
        method,
        path,
        parameters: (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[],
        body: requestBody?.content["application/json"]?.schema as JsonSchema | undefined,
        bodyRequired: requestBody?.required ?? false,
      });
    }
  }
  return found;
}

const byteLength = (text: string) => Buffer.byteLength(text);

/** Values the schema accepts. */
function valid(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  // An object with alternatives of required properties: one alternative's, added to the object's own.
  if (alternatives && schema.properties)
    return fc.oneof(
      ...alternatives.map((alternative: JsonSchema) =>
        validObject(
          {
            ...schema,
            properties: { ...schema.properties, ...alternative.properties },
            required: [...(schema.required ?? []), ...(alternative.required ?? [])],
          },
          depth,
        ),
      ),
    );
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => valid(alternative as JsonSchema, depth)));
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length > 1) return fc.oneof(...types.map((type) => valid({ ...schema, type } as JsonSchema, depth)));
  switch (types[0]) {
    case "string":
      return validString(schema);
    case "integer":
    case "number": {
      const min = schema.minimum ?? -1_000_000;
      const max = schema.maximum ?? 1_000_000;
      // Bounds themselves, as often as the values between them.
      return fc.oneof(fc.constantFrom(min, max), fc.integer({ min, max }));
    }
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array": {
      const items = (schema.items ?? {}) as JsonSchema;
      return fc.array(valid(items, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS),
      });
    }
    case "object":
      return validObject(schema, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 300;
  let text: fc.Arbitrary<string>;
  if (schema.format === "date") {
    const earliest = new Date(schema.formatMinimum ?? "1900-01-01");
    text = fc.date({ min: earliest, max: new Date(), noInvalidDate: true }).map((day) => day.toISOString().slice(0, 10));
  } else if (schema.format === "date-time") {
    const earliest = new Date(schema.formatMinimum ?? "1970-01-01");
    const latest = schema["x-formatMaximum"] === "now" ? new Date() : new Date("2100-01-01");
    text = fc.date({ min: earliest, max: latest, noInvalidDate: true }).map((at) => at.toISOString());
  } else if (schema.format === "uuid") {
    text = fc.uuid();
  } else if (schema.pattern) {
    text = fc.stringMatching(new RegExp(schema.pattern, "u"));
  } else {
    text = fc.string({ unit: "grapheme", minLength, maxLength: Math.min(maxLength, 300) });
  }
  return text.filter(
    (value) => [...value].length >= minLength && [...value].length <= maxLength && byteLength(value) <= (schema["x-maxBytes"] ?? Infinity),
  );
}

function validObject(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {})
      .filter(([name]) => !DATA_PARAMETERS.has(name) || schema.required?.includes(name))
      .map(([name, property]) => [name, valid(property as JsonSchema, depth + 1)]),
  );
  return fc.record(properties, { requiredKeys: schema.required ?? [] }) as fc.Arbitrary<Record<string, unknown>>;
}

/**
 * Ways to break one value so that the schema refuses it, each with what it does (for the failure
 * message). Strings in a path or query can only be broken as strings (everything is text there).
 */
function breakings(schema: JsonSchema, inText: boolean): Array<fc.Arbitrary<{ how: string; value: unknown }>> {
  const ways: Array<fc.Arbitrary<{ how: string; value: unknown }>> = [];
  const as = (how: string, value: fc.Arbitrary<unknown>) => value.map((broken) => ({ how, value: broken }));
  const type = Array.isArray(schema.type) ? undefined : schema.type;
  if (schema.anyOf || schema.oneOf || schema.const !== undefined) return ways;
  if (schema.enum)
    ways.push(
      as(
        "not in the enum",
        fc.stringMatching(/^[a-z]{1,12}$/).filter((word) => !schema.enum!.includes(word)),
      ),
    );
  if (type === "integer" || type === "number") {
    const text = (value: fc.Arbitrary<number>) => (inText ? value.map(String) : value);
    if (schema.minimum !== undefined) ways.push(as("below the minimum", text(fc.integer({ min: -1_000, max: schema.minimum - 1 }))));
    if (schema.maximum !== undefined)
      ways.push(as("above the maximum", text(fc.integer({ min: schema.maximum + 1, max: schema.maximum + 1_000_000 }))));
    if (type === "integer") ways.push(as("not an integer", inText ? fc.constantFrom("abc", "1.5", "") : fc.constantFrom(1.5, "1")));
  }
  if (type === "string") {
    if (schema.maxLength !== undefined)
      ways.push(as("too long", fc.constant("a1".repeat(schema.maxLength + 1).slice(0, schema.maxLength + 1))));
    if (schema.minLength) ways.push(as("too short", fc.constant("")));
    if (schema.pattern)
      ways.push(
        as(
          "not matching the pattern",
          fc
            .constantFrom("", " ", "\u0001", "0", "x y", "%", "a".repeat(3000))
            .filter((text) => !new RegExp(schema.pattern!, "u").test(text)),
        ),
      );
    if (!inText) ways.push(as("not a string", fc.constantFrom(42, true, [], {})));
  }
  if (type === "boolean" && !inText) ways.push(as("not a boolean", fc.constantFrom("yes", 1)));
  if (type === "object" && !inText) ways.push(as("not an object", fc.constantFrom("x", 1, [])));
  return ways;
}

interface Request {
  path: string;
  query: Record<string, string>;
  body?: unknown;
}

const asText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** A request valid by the operation's document. */
function validRequest(operation: Operation): fc.Arbitrary<Request> {
  const parameters = Object.fromEntries(
    operation.parameters
      .filter((parameter) => parameter.in !== "query" || !DATA_PARAMETERS.has(parameter.name))
      .map((parameter) => {
        const value = valid(parameter.schema as JsonSchema).map(asText);
        return [`${parameter.in}:${parameter.name}`, parameter.required ? value : fc.option(value, { nil: undefined })];
      }),
  );
  const body = operation.body ? valid(operation.body) : fc.constant(undefined);
  return fc
    .record({ parameters: fc.record(parameters), body })
    .map(({ parameters, body }) => keepCrossFieldRules(operation, assemble(operation, parameters, body)));
}

function assemble(operation: Operation, parameters: Record<string, string | undefined>, body: unknown): Request {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(parameters[`path:${name}`] ?? ""));
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(parameters))
    if (key.startsWith("query:") && value !== undefined) query[key.slice("query:".length)] = value;
  return { path, query, body };
}

/** A valid request with exactly one thing broken, and what was broken. */
function invalidRequests(operation: Operation): Array<fc.Arbitrary<{ request: Request; how: string }>> {
  const ways: Array<fc.Arbitrary<{ request: Request; how: string }>> = [];
  for (const parameter of operation.parameters) {
    const key = `${parameter.in}:${parameter.name}`;
    for (const breaking of breakings(parameter.schema as JsonSchema, true))
      ways.push(
        fc.tuple(validRequest(operation), breaking).map(([request, { how, value }]) => {
          const broken = structuredClone(request);
          if (parameter.in === "query") broken.query[parameter.name] = asText(value);
          // The other path parameters keep their valid values.
          else broken.path = replacePathParameter(operation, request.path, parameter.name, asText(value));
          return { request: broken, how: `${key} ${how}: ${JSON.stringify(value).slice(0, 80)}` };
        }),
      );
    if (parameter.required && parameter.in === "query")
      ways.push(
        validRequest(operation).map((request) => {
          const broken = structuredClone(request);
          delete broken.query[parameter.name];
          return { request: broken, how: `${key} missing` };
        }),
      );
  }
  const body = operation.body;
  if (body && body.type === "object") {
    if (operation.bodyRequired || body.required?.length) {
      for (const breaking of breakings(body, false))
        ways.push(
          fc
            .tuple(validRequest(operation), breaking)
            .map(([request, { how, value }]) => ({ request: { ...request, body: value }, how: `body ${how}` })),
        );
    }
    for (const name of body.required ?? [])
      ways.push(
        validRequest(operation).map((request) => {
          const broken = { ...(request.body as object) } as Record<string, unknown>;
          delete broken[name];
          return { request: { ...request, body: broken }, how: `body.${name} missing` };
        }),
      );
    for (const [name, property] of Object.entries(body.properties ?? {}))
      for (const breaking of breakings(property as JsonSchema, false))
        ways.push(
          fc.tuple(validRequest(operation), breaking).map(([request, { how, value }]) => ({
            request: { ...request, body: { ...(request.body as object), [name]: value } },
            how: `body.${name} ${how}: ${JSON.stringify(value).slice(0, 80)}`,
          })),
        );
    if (body.additionalProperties === false)
      ways.push(
        validRequest(operation).map((request) => ({
          request: { ...request, body: { ...(request.body as object), unexpected: 1 } },
          how: "body has a property the document does not allow",
        })),
      );
  }
  return ways;
}

/** The valid request's path with one parameter's segment replaced. */
function replacePathParameter(operation: Operation, validPath: string, name: string, value: string): string {
  const template = operation.path.split("/");
  const segments = validPath.split("/");
  return template.map((part, index) => (part === `{${name}}` ? encodeURIComponent(value) : segments[index])).join("/");
}

async function send(operation: Operation, request: Request) {
  const key = `${operation.method} ${operation.path}`;
  const caller = THROWAWAY_MEMBER.has(key) ? (await api.register()).token : token;
  const search = new URLSearchParams(request.query).toString();
  const url = search ? `${request.path}?${search}` : request.path;
  const response = await api.request(operation.method.toUpperCase(), url, { token: caller, body: request.body });
  const where = `${operation.method.toUpperCase()} ${url.slice(0, 300)} body ${JSON.stringify(request.body)?.slice(0, 300)}\n→ ${response.status} ${response.text.slice(0, 300)}`;
  return { status: response.status, where };
}

describe("every operation of the OpenAPI document, from its own schemas", { timeout: 600_000 * Math.max(1, RUNS / 6) }, () => {
  it("reads the operations from the document", () => {
    expect(operations().length).toBeGreaterThan(30);
  });

  // Every operation is tried before the test fails, so that one run reports every disagreement.
  it("a request valid by the document is never refused as malformed (400/422) nor a 5xx", async () => {
    const failures: string[] = [];
    for (const operation of operations()) {
      const result = await fc.check(
        fc.asyncProperty(validRequest(operation), async (request) => {
          const { status, where } = await send(operation, request);
          expect(status, where).toBeLessThan(500);
          expect([400, 422], where).not.toContain(status);
        }),
        { numRuns: RUNS, seed: SEED, includeErrorInReport: true },
      );
      if (result.failed) failures.push(fc.defaultReportMessage(result) ?? "");
    }
    expect(failures, failures.join("\n\n")).toEqual([]);
  });

  it("a request the document forbids is a 4xx, never a 5xx", async () => {
    const failures: string[] = [];
    for (const operation of operations())
      for (const invalid of invalidRequests(operation)) {
        const result = await fc.check(
          fc.asyncProperty(invalid, async ({ request, how }) => {
            const { status, where } = await send(operation, request);
            expect(status, `${how}\n${where}`).toBeGreaterThanOrEqual(400);
            expect(status, `${how}\n${where}`).toBeLessThan(500);
          }),
          // Each way of breaking a request is one property: fewer cases each than the valid side.
          { numRuns: Math.max(1, Math.floor(RUNS / 6)), seed: SEED, includeErrorInReport: true },
        );
        if (result.failed) failures.push(fc.defaultReportMessage(result) ?? "");
      }
    expect(failures, failures.join("\n\n")).toEqual([]);
  });
});
