// Keyset paging for list routes that can grow: a page is the first `limit` rows after a cursor, and
// the cursor of the next page is the sort key of the last row shown (opaque to callers: base64url of
// a JSON array). Keyset rather than offset: a row added or removed meanwhile neither repeats nor
// skips another row.
import { InvalidRequestError } from "./errors.js";

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** The cursor of the next page; null on the last one. */
  next: string | null;
}

export function encodeCursor(key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The sort key a cursor carries, checked against the types the list sorts by; 422 when it is not one of ours. */
export function decodeCursor<const T extends readonly ("string" | "number" | "string?")[]>(
  cursor: string,
  types: T,
): { [K in keyof T]: T[K] extends "number" ? number : T[K] extends "string?" ? string | null : string } {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = undefined;
  }
  const fits =
    Array.isArray(key) &&
    key.length === types.length &&
    key.every((value, i) =>
      types[i] === "number"
        ? Number.isSafeInteger(value)
        : types[i] === "string?"
          ? value === null || typeof value === "string"
          : typeof value === "string",
    );
  if (!fits) throw new InvalidRequestError("cursor: not a cursor this list gave (ask again without it)");
  return key as never;
}

/** Splits the `limit + 1` rows a query fetched into the page and the next page's cursor. */
export function toPage<Row, T>(
  rows: Row[],
  limit: number | undefined,
  keyOf: (row: Row) => (string | number | null)[],
  map: (row: Row) => T,
): Page<T> {
  const more = limit !== undefined && rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { items: shown.map(map), next: more ? encodeCursor(keyOf(shown[shown.length - 1])) : null };
}
