// How a paged list route travels (docs/api.md, "Paging"): `?limit=&cursor=` in, the same JSON array
// as an unpaged answer out, and the next page's address in a `Link: <…>; rel="next"` header (as
// GitHub's API does) plus the bare cursor in `X-Next-Cursor`. The last page has neither.
import type { Context } from "hono";
import { z } from "zod";
import type { Page } from "../services/paging.js";
import { limitParam } from "./validation.js";

/** `?limit=N&cursor=C`: `limit` between 1 and `max`, `fallback` when absent. */
export const pageQuery = (max: number, fallback?: number) => ({
  limit: limitParam(max, fallback),
  cursor: z.string().max(2_000).optional().describe("the X-Next-Cursor of the previous page"),
});

/** The headers a paged answer may carry, for its describe(). */
export const PAGE_HEADERS = {
  Link: '<URL of the next page>; rel="next", when there is one',
  "X-Next-Cursor": "the cursor of the next page (pass it as ?cursor=), when there is one",
};

/** The next page's address in the headers, when there is one. */
export function nextPageHeaders(c: Context, next: string | null): void {
  if (!next) return;
  const url = new URL(c.req.url);
  url.searchParams.set("cursor", next);
  c.header("Link", `<${url.pathname}${url.search}>; rel="next"`);
  c.header("X-Next-Cursor", next);
}

/** Answers a page as a bare array, with the next page's address in the headers. */
export function pageJson<T>(c: Context, page: Page<T>) {
  nextPageHeaders(c, page.next);
  return c.json(page.items);
}
