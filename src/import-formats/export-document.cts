// This tool's own export (`watchlist export --json`, version 1, 2 with history, 3 with lists, reviews,
// comments and the profile). It is sent as
// export documents, not as entries: a document keeps what an entry cannot carry (each watchlist
// entry's priority, a rating's updatedAt and watched flag). Sent in slices for progress and size.

export const EXPORT_VERSIONS = [1, 2, 3] as const;
const LISTS = ["ratings", "watchlist", "history", "lists", "reviews", "comments"] as const;
type List = (typeof LISTS)[number];

export interface ExportDocument {
  version: (typeof EXPORT_VERSIONS)[number];
  ratings: unknown[];
  watchlist: unknown[];
  history?: unknown[];
  /** Version 3: each list whole (with its entries), one item of the slices. */
  lists?: unknown[];
  reviews?: unknown[];
  comments?: unknown[];
  /** Version 3: one item of the slices, the last (its favourite films are the films of that slice). */
  profile?: unknown;
  [field: string]: unknown;
}

export class ExportDocumentError extends Error {}

/** The document, or an error saying why this JSON is not one; undefined when it is not ours at all. */
export function exportDocumentOf(value: unknown): ExportDocument | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !("version" in value)) return undefined;
  const doc = value as Record<string, unknown>;
  if (!EXPORT_VERSIONS.includes(doc.version as 1 | 2 | 3)) {
    throw new ExportDocumentError(
      `version ${JSON.stringify(doc.version)} of the watchlist export is not one this watchlist reads (1, 2 or 3)`,
    );
  }
  for (const list of LISTS) {
    if (doc[list] !== undefined && !Array.isArray(doc[list])) throw new ExportDocumentError(`"${list}" is not a list`);
  }
  return { ...doc, ratings: (doc.ratings as unknown[]) ?? [], watchlist: (doc.watchlist as unknown[]) ?? [] } as ExportDocument;
}

export type DocumentItem = [List | "profile", unknown];

/** The document's entries in the file's order: ratings, the watchlist, the history, each list, the reviews, comments, then the profile. */
export const documentItems = (doc: ExportDocument): DocumentItem[] => [
  ...LISTS.flatMap((list) => (doc[list] ?? []).map((item): DocumentItem => [list, item])),
  ...(doc.profile ? [["profile", doc.profile] as DocumentItem] : []),
];

/** A document of the same version holding only these items (the profile only in the slice that has it). */
export function documentWith(doc: ExportDocument, items: DocumentItem[]): ExportDocument {
  const { profile: _profile, ...header } = doc;
  const slice: ExportDocument = { ...header, ratings: [], watchlist: [] };
  for (const list of ["history", "lists", "reviews", "comments"] as const) if (doc[list]) slice[list] = [];
  for (const [list, item] of items) {
    if (list === "profile") slice.profile = item;
    else slice[list]!.push(item);
  }
  return slice;
}
