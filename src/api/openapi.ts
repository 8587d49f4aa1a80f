// The API's OpenAPI 3.1 document, read off the app's own routes. Three things tag the middleware they
// make: validate() (target and zod schema: parameters and bodies), describe() (summary and answers)
// and requireAuth (the bearer token and its 401). At the first GET /openapi.json the tags are handed to
// hono-openapi, which is loaded only then: describing the API costs nothing at start-up or per request.
import type { RouterRoute } from "hono/types";
import { findTargetHandler } from "hono/utils/handler";
import type { OpenAPIV3_1 } from "openapi-types";
import type { z } from "zod";

type Schema = z.ZodType | (() => z.ZodType);

/**
 * A route's answers: status → what it means, with the body's schema where the route has one (JSON; other
 * media types in `content`, e.g. a CSV), and the headers it sets.
 */
type Answers = Record<
  number,
  string | { description: string; schema?: Schema; content?: Record<string, Schema>; headers?: Record<string, string> }
>;

export interface RouteDescription {
  summary: string;
  description?: string;
  /** Success answers (2xx). */
  responses: Answers;
  /** Errors this route answers beyond those its validators and the token check already imply. */
  errors?: Record<number, string>;
  /** A body read by the handler itself rather than by validate("json"). */
  body?: Schema;
}

type Tag = { kind: "validator"; target: string; schema: z.ZodType } | { kind: "route"; route: RouteDescription } | { kind: "auth" };

const TAG = Symbol("openapi tag");
type Tagged = { [TAG]?: Tag };

function tag<Handler extends object>(handler: Handler, value: Tag): Handler {
  return Object.assign(handler, { [TAG]: value });
}

export const tagValidator = <Middleware extends object>(middleware: Middleware, target: string, schema: z.ZodType) =>
  tag(middleware, { kind: "validator", target, schema });

export const tagAuth = <Middleware extends object>(middleware: Middleware) => tag(middleware, { kind: "auth" });

/** A no-op middleware that carries the route's description into the document. */
export function describe(route: RouteDescription) {
  return tag(async (_c: unknown, next: () => Promise<void>) => next(), { kind: "route", route });
}

/** Errors that concern the TMDB calls of a route (a movie not cached yet, a search). */
export const TMDB_ERRORS = {
  502: "TMDB failed or answered something unreadable",
  503: "TMDB is not configured or is rate-limiting (Retry-After)",
};

// Errors implied by the route's shape rather than written by its author.
const VALIDATION_ERRORS: Record<string, Record<number, string>> = {
  param: { 400: "a path parameter is malformed" },
  query: { 422: "a query parameter is invalid" },
  json: { 400: "the body is not JSON", 413: "the body is too large", 422: "the body is invalid" },
};
const AUTH_ERRORS = {
  401: "no token, or a token that is malformed, forged, expired or of a deleted account",
  503: "the database is unavailable or busy (Retry-After)",
};

const errorBody = {
  "application/json": { schema: { $ref: "#/components/schemas/Error" } },
};

const INFO = {
  title: "watchlist API",
  version: "1",
  description:
    "The HTTP API behind the `watchlist` CLI. Every error answers `{ error: { code, message } }`. " +
    "Routes other than /health, /openapi.json and /auth/* need `Authorization: Bearer <token>` from /auth/login or /auth/register.",
};

const components = {
  schemas: {
    Error: {
      type: "object",
      required: ["error"],
      properties: {
        error: {
          type: "object",
          required: ["code", "message"],
          properties: {
            code: { type: "string", description: "machine-readable, e.g. not_found, invalid, unauthorized" },
            message: { type: "string", description: "one line for a person" },
          },
        },
      },
    },
  },
  securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
};

/** `/movies/:tmdbId` → `/movies/{tmdbId}`, as the document names paths. */
export const openApiPath = (path: string) => path.replace(/:([^/{?]+)(\{[^}]*\})?\??/g, "{$1}");

/** The document of an app (memoized per app). */
export function openApiDocument(app: { routes: RouterRoute[] }): Promise<OpenAPIV3_1.Document> {
  let document = documents.get(app);
  if (!document) {
    document = buildDocument(app.routes);
    documents.set(app, document);
    // A failed build is not kept: the next request tries again.
    document.catch(() => documents.delete(app));
  }
  return document;
}
const documents = new WeakMap<object, Promise<OpenAPIV3_1.Document>>();

/** A schema, or the function that builds it on first use (src/api/answers.ts). */
const built = (schema: Schema) => (typeof schema === "function" ? schema() : schema);

async function buildDocument(routes: RouterRoute[]): Promise<OpenAPIV3_1.Document> {
  const openapi = await import("hono-openapi");
  const resolve = (schema: z.ZodType) => openapi.resolver(schema as Parameters<typeof openapi.resolver>[0]);
  const forOpenApi = (value: object) => ({ [openapi.uniqueSymbol]: value });

  // Group the app's handlers per operation, in the order Hono runs them: a requireAuth registered
  // before a route on a matching path guards it, exactly as at run time.
  const operations = new Map<string, { method: string; path: string; tags: Tag[]; guarded: boolean }>();
  const guards: string[] = [];
  for (const route of routes) {
    const found = (findTargetHandler(route.handler) as Tagged)[TAG];
    if (route.method === "ALL") {
      if (found?.kind === "auth") guards.push(route.path.replace(/\/?\*$/, ""));
      continue;
    }
    const key = `${route.method} ${route.path}`;
    let operation = operations.get(key);
    if (!operation) {
      const guarded = guards.some((prefix) => route.path === prefix || route.path.startsWith(`${prefix}/`));
      operation = { method: route.method, path: route.path, tags: [], guarded };
      operations.set(key, operation);
    }
    if (found) operation.tags.push(found);
  }

  // hono-openapi reads its own tag off each handler of `routes`: one synthetic route per validator
  // (parameters, request body) and one per operation (everything else).
  const synthetic: RouterRoute[] = [];
  for (const { method, path, tags, guarded } of operations.values()) {
    const route = tags.find((found) => found.kind === "route")?.route;
    const validators = tags.filter((found) => found.kind === "validator");
    const errors: Record<number, string> = {};
    for (const validator of validators) Object.assign(errors, VALIDATION_ERRORS[validator.target]);
    if (guarded) Object.assign(errors, AUTH_ERRORS);
    Object.assign(errors, route?.errors);
    const responses: Record<string, object> = {};
    for (const [status, answer] of Object.entries(route?.responses ?? {})) {
      if (typeof answer === "string") {
        responses[status] = { description: answer };
        continue;
      }
      const media = { ...(answer.schema ? { "application/json": answer.schema } : {}), ...answer.content };
      const content = Object.fromEntries(Object.entries(media).map(([type, schema]) => [type, { schema: resolve(built(schema)) }]));
      const headers =
        answer.headers &&
        Object.fromEntries(
          Object.entries(answer.headers).map(([name, description]) => [name, { description, schema: { type: "string" } }]),
        );
      responses[status] = { description: answer.description, content, ...(headers ? { headers } : {}) };
    }
    for (const [status, description] of Object.entries(errors)) responses[status] = { description, content: errorBody };
    const spec = {
      summary: route?.summary,
      description: route?.description,
      tags: [path.split("/")[1] || "root"],
      ...(guarded ? { security: [{ bearer: [] }] } : {}),
      ...(route?.body ? { requestBody: { required: true, content: { "application/json": { schema: resolve(built(route.body)) } } } } : {}),
      responses,
    };
    for (const validator of validators)
      synthetic.push({
        method,
        path,
        basePath: "/",
        handler: forOpenApi({ target: validator.target, ...resolve(validator.schema) }) as never,
      });
    synthetic.push({ method, path, basePath: "/", handler: forOpenApi({ spec }) as never });
  }
  const document = await openapi.generateSpecs({ routes: synthetic } as never, {
    documentation: { info: INFO, components } as never,
    defaultValidationErrorResponse: false,
    excludeStaticFile: false,
  });
  return document as OpenAPIV3_1.Document;
}
