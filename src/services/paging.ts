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

/**
 * What each place of a sort key holds: "instant" a timestamp as toISOString writes it (year 1 on:
 * PostgreSQL has no year 0), "day?" a YYYY-MM-DD date or null; both checked so that no cursor reaches
 * a cast the database refuses.
 */
type KeyType = "string" | "number" | "string?" | "instant" | "day?";
type KeyValue<T extends KeyType> = T extends "number" ? number : T extends "string?" | "day?" ? string | null : string;

const INSTANT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAY = /^(?!0000)\d{4}-\d{2}-\d{2}$/;
const isDate = (value: unknown, shape: RegExp) =>
  typeof value === "string" &&
  shape.test(value) &&
  !Number.isNaN(Date.parse(value)) &&
  new Date(value).toISOString().startsWith(value.replace(/Z$/, "")); // no 2023-02-30

const fitsType = (value: unknown, type: KeyType) => {
  switch (type) {
    case "number":
      return Number.isSafeInteger(value);
    case "string":
      return typeof value === "string";
    case "string?":
      return value === null || typeof value === "string";
    case "instant":
      return isDate(value, INSTANT);
    case "day?":
      return value === null || isDate(value, DAY);
  }
};

/** The 422 of a cursor that is not one this list gave. */
export const notACursor = () => new InvalidRequestError("cursor: not a cursor this list gave (ask again without it)");

/**
 * The sort key a cursor carries, checked against the types the list sorts by; 422 when it is not one
 * of ours. A list with several orders names its order first (`tag`), so that a cursor of one order is
 * refused by another rather than read as a position in it.
 */
export function decodeCursor<const T extends readonly KeyType[]>(
  cursor: string,
  types: T,
  tag?: string,
): { [K in keyof T]: KeyValue<T[K]> } {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = undefined;
  }
  const tagged = tag === undefined ? key : Array.isArray(key) && key[0] === tag ? key.slice(1) : undefined;
  const fits = Array.isArray(tagged) && tagged.length === types.length && tagged.every((value, i) => fitsType(value, types[i]));
  if (!fits) throw notACursor();
  return tagged as never;
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
