// THE shapes POST /import reads: this tool's export document (version 1, 2 or 3, as `watchlist export
// --json` writes it) and a batch of entries (docs/import-server.md), each validated by one zod schema.
// The export code types its document from here, so what is written is what can be read back.
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { z } from "zod";
import type { Priority, Rating } from "../../db/client.js";
import { Priority as PriorityValues, Rating as RatingValues } from "../../generated/prisma/enums.js";
import { IMDB_ID } from "../../tmdb/normalize.js";
import { avatarValue, BIO_TEXT, COMMENT_TEXT, memberText, REVIEW_TEXT, regionValue, tagValue } from "../text.js";

export const EXPORT_VERSION = 3;
/** Entries one request may carry (a batch's entries; a document's ratings + watchlist + history). */
export const MAX_IMPORT_ENTRIES = 20_000;
export const IMPORT_FORMATS = ["letterboxd", "imdb", "watchlist"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const tmdbId = z.number().int().min(1).max(2_147_483_647);
const year = z.number().int().min(1870).max(2200);
const title = z.string().max(1000);
// Timestamps between 1900 and a day from now: anything else is a damaged file, not a rating date.
const EARLIEST = Date.UTC(1900, 0, 1);
const timestamp = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() >= EARLIEST && date.getTime() <= Date.now() + 86_400_000, "timestamp must be between 1900 and now")
  // JSON Schema has no "now": x-formatMaximum says it, as the viewing date's description does.
  .meta({ formatMinimum: "1900-01-01T00:00:00Z", "x-formatMaximum": "now", description: "from 1900 to now" });
/** A calendar day "YYYY-MM-DD" (a viewing's date), within the same bounds. */
const day = z.iso
  .date()
  .refine((value) => {
    const time = Date.parse(`${value}T00:00:00Z`);
    return time >= EARLIEST && time <= Date.now() + 86_400_000;
  }, "date must be between 1900 and today")
  .transform((value) => new Date(`${value}T00:00:00Z`));

const documentRating = z
  .object({
    tmdbId,
    title: title.optional(),
    year: year.nullable().optional(),
    rating: z.enum(RatingValues),
    watched: z.boolean().default(true),
    createdAt: timestamp.optional(),
    updatedAt: timestamp.optional(),
  })
  .refine((entry) => !entry.createdAt || !entry.updatedAt || entry.updatedAt >= entry.createdAt, "updatedAt must not be before createdAt");
const documentQueueEntry = z.object({
  tmdbId,
  title: title.optional(),
  year: year.nullable().optional(),
  priority: z.enum(PriorityValues).default("MEDIUM"),
  addedAt: timestamp.optional(),
});
// A viewing's tags and review: the rules of the routes (src/services/text.ts), so an import cannot bring
// what `review` and `watched --tag` refuse.
const viewingTags = z.array(tagValue).max(100).default([]);
const viewingReview = z.object({
  text: memberText(REVIEW_TEXT),
  spoilers: z.boolean().default(false),
  createdAt: timestamp.nullish(),
  updatedAt: timestamp.nullish(),
});

const documentViewing = z.object({
  tmdbId,
  title: title.optional(),
  year: year.nullable().optional(),
  watchedOn: day.nullable(),
  rewatch: z.boolean().default(false),
  /** Version 3: the viewing's tags. */
  tags: viewingTags,
});
/** Version 3: a review, on the viewing of that film, day and rewatch flag (made when there is none). */
const documentReview = documentViewing.extend(viewingReview.shape);
/** Version 3: a comment the account wrote, under whose review. Named in the report, not imported. */
const documentComment = z.object({
  review: z.object({
    author: z.string().regex(/^[\p{L}\p{N}_.-]{1,64}$/u),
    tmdbId,
    title: title.optional(),
    year: year.nullable().optional(),
  }),
  text: memberText(COMMENT_TEXT),
  at: z.iso.datetime({ offset: true }).optional(),
});

/** What an import brings to the profile: each field given replaces the account's; absent ones stay. */
const importedProfileFields = {
  bio: memberText(BIO_TEXT).nullish(),
  /** How many favourite films the source names: the places after it are cleared (the films carry their place). */
  favourites: z.number().int().min(0).max(4).nullish(),
};
export const importedProfileSchema = z.object(importedProfileFields);
export type ImportedProfile = z.output<typeof importedProfileSchema>;

/** Version 3's profile, as `export --json` writes it (region, services, visibility and share-taste too). */
const documentProfile = z.object({
  bio: memberText(BIO_TEXT).nullish(),
  avatar: avatarValue.nullish(),
  favourites: z
    .array(z.object({ tmdbId, title: title.optional(), year: year.nullable().optional() }))
    .max(4)
    .default([]),
  region: regionValue.nullish(),
  services: z.array(z.number().int().min(1).max(2_147_483_647)).max(200).nullish(),
  visibility: z.enum(["private", "friends", "server"]).nullish(),
  shareTaste: z.boolean().nullish(),
});
export type DocumentProfile = z.output<typeof documentProfile>;

// Lists: the limits of the API's list routes (src/api/routes/lists.ts), and a note may hold the line
// breaks another site's export gave it.
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u;
const listText = (max: number, what: string) =>
  z
    .string()
    .transform((text) => text.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().max(max, `${what} has at most ${max} characters`))
    .refine((text) => !CONTROL_BUT_NEWLINE.test(text), `${what} cannot hold control characters other than line breaks`);
const listName = z
  .string()
  .trim()
  .normalize("NFC")
  .min(1, "a list needs a name")
  .max(100, "a list name has at most 100 characters")
  .refine((name) => !/[\u0000-\u001f\u007f-\u009f]/u.test(name), "a list name cannot hold control characters");
const listDescription = listText(10_000, "a list description").transform((text) => text || null);
const listNote = listText(1_000, "a note").transform((text) => text || null);

/** A list a batch or a document brings: created, or its description and ranking brought up to date. */
export const importedListSchema = z.object({
  name: listName,
  description: listDescription.nullish(),
  ranked: z.boolean().nullish(),
  visibility: z.enum(["private", "friends", "server"]).nullish(),
  collaborators: z
    .array(z.object({ username: z.string().max(100), can: z.enum(["view", "edit"]).default("view") }))
    .max(1000)
    .default([]),
});
export type ImportedList = z.output<typeof importedListSchema>;

/** A film's place in one of those lists. */
const listMembership = z.object({
  list: listName,
  position: z.number().int().min(1).max(1_000_000).nullish(),
  note: listNote.nullish(),
  addedAt: timestamp.nullish(),
});

const documentList = importedListSchema.extend({
  entries: z
    .array(
      z.object({
        tmdbId,
        title: title.optional(),
        year: year.nullable().optional(),
        position: z.number().int().min(1).max(1_000_000).nullish(),
        note: listNote.nullish(),
        addedAt: timestamp.nullish(),
      }),
    )
    .default([]),
});

const documentHeader = {
  exportedAt: z.string().optional(),
  user: z.object({ username: z.string(), email: z.string() }).partial().optional(),
};

/** Version 1: ratings and watchlist; version 2 adds the viewing history; version 3 the lists, reviews, comments and profile. */
export const exportDocumentSchema = z.discriminatedUnion(
  "version",
  [
    z.object({
      version: z.literal(1),
      ...documentHeader,
      ratings: z.array(documentRating).default([]),
      watchlist: z.array(documentQueueEntry).default([]),
    }),
    z.object({
      version: z.literal(2),
      ...documentHeader,
      ratings: z.array(documentRating).default([]),
      watchlist: z.array(documentQueueEntry).default([]),
      history: z.array(documentViewing).default([]),
    }),
    z.object({
      version: z.literal(3),
      ...documentHeader,
      ratings: z.array(documentRating).default([]),
      watchlist: z.array(documentQueueEntry).default([]),
      history: z.array(documentViewing).default([]),
      lists: z.array(documentList).max(1000).default([]),
      reviews: z.array(documentReview).default([]),
      comments: z.array(documentComment).default([]),
      profile: documentProfile.nullish(),
    }),
  ],
  { error: "version must be 1, 2 or 3 (a file written by `watchlist export --json`)" },
);
export type ImportDocument = z.output<typeof exportDocumentSchema>;

/**
 * What `watchlist export --json` writes (version 3), Dates before JSON.stringify: exportDocumentSchema
 * reads it back (the import tests round-trip it).
 */
export interface ExportDocument {
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  user: { username: string; email: string };
  ratings: { tmdbId: number; title: string; year: number | null; rating: Rating; watched: boolean; createdAt: Date; updatedAt: Date }[];
  watchlist: { tmdbId: number; title: string; year: number | null; priority: Priority; addedAt: Date }[];
  /** `watchedOn` "YYYY-MM-DD", null when the date is unknown; each viewing's tags as written. */
  history: { tmdbId: number; title: string; year: number | null; watchedOn: string | null; rewatch: boolean; tags: string[] }[];
  /** The caller's own lists; `position` as stored (unranked lists keep an order too). */
  lists: {
    name: string;
    description: string | null;
    ranked: boolean;
    visibility: "private" | "friends" | "server";
    collaborators: { username: string; can: "view" | "edit" }[];
    entries: { tmdbId: number; title: string; year: number | null; position: number; note: string | null; addedAt: string }[];
  }[];
  /** The account's reviews, each on its viewing (film, day, rewatch), with that viewing's tags. */
  reviews: (ExportDocument["history"][number] & { text: string; spoilers: boolean; createdAt: string; updatedAt: string })[];
  /** The comments the account wrote, under whose review. */
  comments: { review: { author: string; tmdbId: number; title: string; year: number | null }; text: string; at: string }[];
  profile: {
    bio: string | null;
    avatar: string | null;
    favourites: { tmdbId: number; title: string; year: number | null }[];
    region: string | null;
    services: number[];
    visibility: "private" | "friends" | "server";
    shareTaste: boolean;
  };
}

export const batchEntrySchema = z
  .object({
    ref: z.string().max(1000).nullish(),
    title: title.nullish(),
    year: year.nullish(),
    originalTitle: title.nullish(),
    imdbId: z.string().regex(IMDB_ID, "imdbId must look like tt0133093").nullish(),
    tmdbId: tmdbId.nullish(),
    rating: z.enum(RatingValues).nullish(),
    ratedAt: timestamp.nullish(),
    queued: z.object({ addedAt: timestamp.nullish() }).nullish(),
    viewings: z
      .array(
        z.object({ watchedOn: day.nullable(), rewatch: z.boolean().default(false), tags: viewingTags, review: viewingReview.nullish() }),
      )
      .max(1000)
      .default([]),
    lists: z.array(listMembership).max(1000).default([]),
    /** Its place among the profile's favourite films. */
    favourite: z.number().int().min(1).max(4).nullish(),
  })
  .refine((entry) => entry.tmdbId || entry.imdbId || entry.title?.trim(), "an entry needs a title, an imdbId or a tmdbId")
  .meta({
    anyOf: [
      { required: ["tmdbId"], properties: { tmdbId: { type: "integer", minimum: 1, maximum: 2_147_483_647 } } },
      { required: ["imdbId"], properties: { imdbId: { type: "string", pattern: IMDB_ID.source } } },
      { required: ["title"], properties: { title: { type: "string", maxLength: 1000, pattern: "\\S" } } },
    ],
  });
export type BatchEntry = z.output<typeof batchEntrySchema>;

/** A batch's envelope (its entries are validated a slice at a time); GET /openapi.json documents it too. */
export const batchEnvelope = z.object({
  importId: z.string().min(1).max(100),
  format: z.enum(IMPORT_FORMATS),
  priority: z.enum(PriorityValues).default("MEDIUM"),
  /** The lists the entries' `lists` name (their name, description, ranking); every batch of an import may repeat them. */
  lists: z.array(importedListSchema).max(1000).default([]),
  /** The profile's bio and how many favourite films the source names (the CLI sends it with the first batch). */
  profile: importedProfileSchema.nullish(),
  entries: z.array(z.unknown()),
});

export type ImportBatch = Omit<z.output<typeof batchEnvelope>, "entries"> & { entries: BatchEntry[] };
export type ImportBody = { kind: "document"; document: ImportDocument } | { kind: "batch"; batch: ImportBatch };

/** A body refused before any work: `tooLarge` means over MAX_IMPORT_ENTRIES (413), else unreadable (422). */
export class ImportBodyError extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

function describe(error: z.ZodError, prefix: (string | number)[] = []): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = [...prefix, ...issue.path].join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

const CHUNK = 500;

/** Validates a long list a slice at a time, letting other requests run between slices. */
async function parseList<T extends z.ZodType>(schema: T, items: unknown[], path: string): Promise<z.output<T>[]> {
  const parsed: z.output<T>[] = [];
  for (let start = 0; start < items.length; start += CHUNK) {
    if (start > 0) await yieldToEventLoop();
    const slice = z.array(schema).safeParse(items.slice(start, start + CHUNK));
    if (!slice.success) {
      const issue = slice.error.issues[0]!;
      const [index, ...rest] = issue.path;
      throw new ImportBodyError(`${[path, start + Number(index), ...rest].join(".")}: ${issue.message}`);
    }
    parsed.push(...slice.data);
  }
  return parsed;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const listLength = (value: unknown) => (Array.isArray(value) ? value.length : 0);

const NOT_KNOWN =
  "not an import this server reads: send a document written by `watchlist export --json` (version 1, 2 or 3) " +
  `or a batch {importId, format: ${IMPORT_FORMATS.join("|")}, entries: […]}`;

/** Tells a document from a batch, refuses more than MAX_IMPORT_ENTRIES before validating, validates in slices. */
export async function parseImportBody(body: unknown): Promise<ImportBody> {
  if (!isRecord(body)) throw new ImportBodyError(NOT_KNOWN);
  if ("entries" in body) {
    const count = listLength(body.entries);
    if (count > MAX_IMPORT_ENTRIES)
      throw new ImportBodyError(`${count} entries: at most ${MAX_IMPORT_ENTRIES} per request (send the rest in further batches)`, true);
    const envelope = batchEnvelope.safeParse(body);
    if (!envelope.success) throw new ImportBodyError(`not an import batch: ${describe(envelope.error)}`);
    const entries = await parseList(batchEntrySchema, envelope.data.entries, "entries");
    return { kind: "batch", batch: { ...envelope.data, entries } };
  }
  if (!("version" in body)) throw new ImportBodyError(NOT_KNOWN);
  const listEntries = Array.isArray(body.lists)
    ? body.lists.reduce((sum: number, list) => sum + listLength(isRecord(list) ? list.entries : undefined), 0)
    : 0;
  const count =
    listLength(body.ratings) +
    listLength(body.watchlist) +
    listLength(body.history) +
    listEntries +
    listLength(body.reviews) +
    listLength(body.comments);
  if (count > MAX_IMPORT_ENTRIES)
    throw new ImportBodyError(`${count} entries: at most ${MAX_IMPORT_ENTRIES} per request (the CLI sends a larger file in batches)`, true);
  // The header first (version, list types), then the lists a slice at a time.
  const header = exportDocumentSchema.safeParse({ ...body, ratings: [], watchlist: [], history: [], lists: [], reviews: [], comments: [] });
  if (!header.success) throw new ImportBodyError(`not a watchlist export: ${describe(header.error)}`);
  const lists = ["ratings", "watchlist", "history", "lists", "reviews", "comments"] as const;
  for (const name of lists) {
    if (body[name] !== undefined && !Array.isArray(body[name]))
      throw new ImportBodyError(`not a watchlist export: ${name}: expected an array`);
  }
  const document = {
    ...header.data,
    ratings: await parseList(documentRating, (body.ratings as unknown[]) ?? [], "ratings"),
    watchlist: await parseList(documentQueueEntry, (body.watchlist as unknown[]) ?? [], "watchlist"),
  } as ImportDocument;
  if (document.version !== 1) document.history = await parseList(documentViewing, (body.history as unknown[]) ?? [], "history");
  if (document.version === 3) {
    document.lists = await parseList(documentList, (body.lists as unknown[]) ?? [], "lists");
    document.reviews = await parseList(documentReview, (body.reviews as unknown[]) ?? [], "reviews");
    document.comments = await parseList(documentComment, (body.comments as unknown[]) ?? [], "comments");
  }
  return { kind: "document", document };
}
