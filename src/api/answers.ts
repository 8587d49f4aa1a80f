// The JSON bodies of the API's success answers, for GET /openapi.json. The TypeScript types of the
// services stay the source (the CLI derives its types from them); test/api/openapi.test.ts checks real
// answers against these schemas, so a field added, dropped or retyped on one side fails there.
// Each is built on first use: only the document needs them, and building them all costs ~10 ms.
import { z } from "zod";
import { Priority, Rating } from "../generated/prisma/enums.js";
import { LIST_ACTIONS } from "../services/activity.js";
import { IMPORT_FORMATS } from "../services/import/document.js";

const once = <Schema>(build: () => Schema) => {
  let schema: Schema | undefined;
  return () => (schema ??= build());
};

const timestamp = () => z.iso.datetime();
const day = () => z.iso.date();
const rating = () => z.enum(Rating);
const priority = () => z.enum(Priority);

export const movieAnswer = once(() =>
  z.strictObject({
    tmdbId: z.number().int(),
    title: z.string(),
    year: z.number().int().nullable(),
    releaseDate: z.string().nullable(),
    overview: z.string().nullable(),
    posterPath: z.string().nullable(),
    posterUrl: z.string().nullable().describe("the poster at w500, from TMDB_IMAGE_BASE_URL"),
    genres: z.array(z.strictObject({ id: z.number().int(), name: z.string() })),
    director: z.string().nullable().describe('several directors joined with ", "'),
    directors: z.array(z.string()),
    cast: z.array(z.strictObject({ id: z.number().int(), name: z.string(), character: z.string().nullable() })),
    runtime: z.number().int().nullable().describe("minutes"),
    originalLanguage: z.string().nullable().describe("ISO 639-1"),
    countries: z.array(z.string()).describe("production countries, ISO 3166-1 alpha-2"),
    certification: z.string().nullable().describe("in the caller's region; null when TMDB lists none there"),
  }),
);

const state = () => ({ myRating: rating().nullable(), queued: priority().nullable() });

const providers = () => z.array(z.strictObject({ id: z.number().int().describe("TMDB's provider id"), name: z.string() }));

export const whereAnswer = once(() =>
  z.strictObject({
    movie: movieAnswer(),
    region: z.string().describe("ISO 3166-1 alpha-2"),
    flatrate: providers().describe("by subscription"),
    free: providers(),
    ads: providers().describe("free with ads"),
    rent: providers(),
    buy: providers(),
    link: z.string().nullable().describe("the region's JustWatch page for the film, through TMDB"),
    asOf: timestamp().nullable().describe("when the providers were fetched from TMDB"),
    source: z.literal("JustWatch via TMDB"),
  }),
);

export const movieDetailsAnswer = once(() =>
  movieAnswer().extend({
    ...state(),
    // No cache time: when a film was fetched tells any member when someone first looked it up.
    stale: z.boolean().describe("served from a cache older than 30 days while TMDB could not be asked"),
  }),
);

export const searchPageAnswer = once(() =>
  z.strictObject({
    page: z.number().int(),
    totalPages: z.number().int(),
    totalResults: z.number().int(),
    source: z.enum(["tmdb", "cache"]).describe("cache: TMDB was unreachable and the titles of the local cache were searched"),
    results: z.array(
      movieAnswer().extend({
        ...state(),
        originalTitle: z.string().nullable(),
        popularity: z.number().nullable(),
        voteCount: z.number().int().nullable().describe("TMDB's vote count; null for results from the local cache"),
      }),
    ),
  }),
);

export const ratingEntryAnswer = once(() =>
  z.strictObject({
    movie: movieAnswer(),
    rating: rating(),
    watched: z.boolean(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  }),
);
export const ratedEntryAnswer = once(() => ratingEntryAnswer().extend({ removedFromQueue: z.boolean() }));

export const queueEntryAnswer = once(() => z.strictObject({ movie: movieAnswer(), priority: priority(), addedAt: timestamp() }));
export const queuedEntryAnswer = once(() => queueEntryAnswer().extend({ created: z.boolean() }));

export const userAnswer = once(() => z.strictObject({ id: z.uuid(), email: z.string(), username: z.string(), createdAt: timestamp() }));
export const authAnswer = once(() =>
  z.strictObject({ user: userAnswer(), token: z.string().describe("send as Authorization: Bearer <token>") }),
);

const figure = once(() => z.strictObject({ name: z.string(), count: z.number().int(), averageWeight: z.number() }));
export const statsAnswer = once(() =>
  z.strictObject({
    ratings: z.strictObject({ DISLIKE: z.number().int(), OK: z.number().int(), LIKE: z.number().int(), SUPER_LIKE: z.number().int() }),
    queue: z.strictObject({ LOW: z.number().int(), MEDIUM: z.number().int(), HIGH: z.number().int() }),
    totalRated: z.number().int(),
    totalQueued: z.number().int(),
    averageWeight: z.number().nullable(),
    topGenres: z.array(figure()),
    topDirectors: z.array(figure()),
    minutesWatched: z.number().int(),
    hoursWatched: z.number(),
    ratingsPerMonth: z.array(z.strictObject({ month: z.string(), count: z.number().int() })),
    topLanguages: z.array(z.strictObject({ code: z.string().describe("ISO 639-1"), count: z.number().int() })),
    topCountries: z.array(z.strictObject({ code: z.string().describe("ISO 3166-1 alpha-2"), count: z.number().int() })),
    decades: z.array(z.strictObject({ decade: z.number().int().describe("1990 for the 1990s"), count: z.number().int() })),
    detailsPending: z
      .number()
      .int()
      .describe(
        "films counted here whose runtime and credits are still being filled in (an import's): their minutes and directors come later",
      ),
  }),
);

export const recommendationAnswer = once(() =>
  z.strictObject({
    movie: movieAnswer(),
    score: z.number(),
    reasons: z.array(z.string()),
    sources: z.array(z.enum(["tmdb", "similar-users", "content"])),
  }),
);

const counts = once(() => z.strictObject({ added: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }));
export const importReportAnswer = once(() =>
  z.strictObject({
    format: z.enum(IMPORT_FORMATS).describe("watchlist for an export document"),
    dryRun: z.boolean(),
    importId: z.string().nullable().describe("the batch's importId, or ?importId= of a document; null for a lone document"),
    ratings: counts(),
    watchlist: counts(),
    history: counts(),
    updated: z
      .array(
        z.strictObject({
          list: z.enum(["ratings", "watchlist"]),
          tmdbId: z.number().int(),
          title: z.string(),
          year: z.number().int().nullable(),
          from: z.string().describe("the rating level (ratings) or priority (watchlist) stored before"),
          to: z.string().describe("what the import makes it; equal to from when only a date or the watched flag changes"),
          fields: z.array(z.string()).describe("what changes: rating, watched, createdAt, updatedAt; priority, addedAt"),
        }),
      )
      .describe("each stored rating or queue entry counted as updated, before and after (a dry run says the same)"),
    removedFromQueue: z.number().int().describe("queue entries of films the file rates, taken off the queue"),
    lists: counts().describe("lists: added, updated (description, ranking, films or notes changed), unchanged"),
    listEntries: counts().describe("films put in lists (added), notes changed (updated), already there (unchanged)"),
    reviews: counts().describe("reviews of viewings: written (added), text or spoilers flag changed (updated), as they were (unchanged)"),
    tags: counts().describe("tags put on viewings (added), already on them (unchanged)"),
    profile: counts().describe("profile fields: bio, avatar, region, services, visibility, share-taste, each favourite film's place"),
    notImported: z
      .array(z.strictObject({ source: z.string(), reason: z.string() }))
      .describe("what the file holds that was not imported, and why"),
    skipped: z.array(
      z.strictObject({ title: z.string().nullable(), year: z.number().int().nullable(), tmdbId: z.number().int(), reason: z.string() }),
    ),
    unmatched: z
      .array(
        z.strictObject({
          title: z.string().nullable(),
          year: z.number().int().nullable(),
          source: z.string().describe("the entry's ref, e.g. ratings[3]"),
          imdbId: z.string().optional(),
          tmdbId: z.number().int().optional(),
        }),
      )
      .describe("entries no film was found for"),
    tmdbCalls: z.number().int().describe("TMDB requests this request made"),
    detailsPending: z
      .number()
      .int()
      .describe("the account's films whose details (runtime, credits, where to watch) are still being filled in, in the background"),
  }),
);

/** GET /export?format=json: the document POST /import reads back (version 3). */
export const exportDocumentAnswer = once(() => {
  const film = { tmdbId: z.number().int(), title: z.string(), year: z.number().int().nullable() };
  const viewingOf = { ...film, watchedOn: day().nullable(), rewatch: z.boolean(), tags: z.array(z.string()).describe("as first written") };
  return z.strictObject({
    version: z.literal(3),
    exportedAt: timestamp(),
    user: z.strictObject({ username: z.string(), email: z.string() }),
    ratings: z.array(z.strictObject({ ...film, rating: rating(), watched: z.boolean(), createdAt: timestamp(), updatedAt: timestamp() })),
    watchlist: z.array(z.strictObject({ ...film, priority: priority(), addedAt: timestamp() })),
    history: z.array(z.strictObject(viewingOf)),
    lists: z.array(
      z.strictObject({
        name: z.string(),
        description: z.string().nullable(),
        ranked: z.boolean(),
        visibility: z.enum(["private", "friends", "server"]),
        collaborators: z.array(collaborator()),
        entries: z.array(
          z.strictObject({
            ...film,
            position: z.number().int().describe("as stored: unranked lists keep the order films were added in"),
            note: z.string().nullable(),
            addedAt: timestamp(),
          }),
        ),
      }),
    ),
    reviews: z
      .array(z.strictObject({ ...viewingOf, text: z.string(), spoilers: z.boolean(), createdAt: timestamp(), updatedAt: timestamp() }))
      .describe("your reviews, each on its viewing (film, day, rewatch), with that viewing's tags"),
    comments: z
      .array(
        z.strictObject({
          review: z.strictObject({ author: z.string(), ...film }),
          text: z.string(),
          at: timestamp(),
        }),
      )
      .describe("the comments you wrote, under whose review; named in an import's report, not imported"),
    profile: z.strictObject({
      bio: z.string().nullable(),
      avatar: z.string().nullable(),
      favourites: z.array(z.strictObject(film)).describe("in order"),
      region: z.string().nullable(),
      services: z.array(z.number().int()).describe("TMDB watch-provider ids"),
      visibility: z.enum(["private", "friends", "server"]),
      shareTaste: z.boolean(),
    }),
  });
});

const viewing = () => ({ watchedOn: day().nullable().describe("null: watched, date unknown"), rewatch: z.boolean() });

export const historyEntryAnswer = once(() =>
  z.strictObject({
    movie: movieAnswer(),
    ...viewing(),
    rating: rating().nullable().describe("the film's current rating"),
    tags: z.array(z.string()).describe("the viewing's tags as first written"),
    review: z.string().nullable().describe("the viewing's review text"),
  }),
);

/** POST /watchlist/:tmdbId/watched: the rating (kept, given or none) and the viewing recorded. */
export const watchedAnswer = once(() => {
  const watched = { removedFromQueue: z.boolean(), viewing: z.strictObject({ ...viewing(), tags: z.array(z.string()) }) };
  return z.union([
    ratingEntryAnswer().extend(watched),
    z.strictObject({ movie: movieAnswer(), rating: z.null().describe("not rated"), watched: z.boolean(), ...watched }),
  ]);
});

export const activityAnswer = once(() =>
  z.strictObject({
    id: z.uuid(),
    action: z.enum([
      "rate",
      "unrate",
      "queue",
      "unqueue",
      "watched",
      "import",
      "friend",
      "unfriend",
      "block",
      "unblock",
      "undo",
      "review",
      "comment",
      "uncomment",
      "profile",
      ...LIST_ACTIONS,
    ]),
    movie: movieAnswer().nullable(),
    detail: z.string().nullable().describe("what it was about besides a film: the friend's username, the list (owner/name)"),
    at: timestamp(),
    undone: z.boolean(),
    changes: z.number().int().describe("rows the activity wrote"),
    undoRefused: z.string().nullable().describe("why undo found it can no longer be undone (undo skips it), or null"),
    effect: activityEffect(),
  }),
);

/** A value before and after a change (null: none before, none after). */
const change = <Schema extends z.ZodType>(value: Schema) => z.strictObject({ before: value.nullable(), after: value.nullable() });
const rowCounts = () => z.strictObject({ added: z.number().int(), changed: z.number().int(), removed: z.number().int() });

/** ActivityEffect (src/services/activity.ts): what an activity changed, read from the rows it wrote. */
const activityEffect = () =>
  z
    .strictObject({
      counts: z
        .partialRecord(
          z.enum([
            "ratings",
            "queue",
            "viewings",
            "tags",
            "reviews",
            "comments",
            "lists",
            "listEntries",
            "collaborators",
            "friendships",
            "blocks",
            "profile",
            "favourites",
          ]),
          rowCounts(),
        )
        .describe("rows written, by kind"),
      rating: change(rating()).optional(),
      priority: change(priority()).optional(),
      viewing: change(z.strictObject({ watchedOn: day().nullable(), rewatch: z.boolean() })).optional(),
      tags: z.strictObject({ added: z.array(z.string()), removed: z.array(z.string()) }).optional(),
      review: change(z.strictObject({ excerpt: z.string(), spoilers: z.boolean() })).optional(),
      comment: change(z.strictObject({ excerpt: z.string() })).optional(),
      position: change(z.number().int()).optional().describe("the film's place in the list"),
      note: change(z.string()).optional(),
      list: change(
        z.strictObject({
          name: z.string(),
          description: z.string().nullable(),
          ranked: z.boolean(),
          visibility: z.enum(["private", "friends", "server"]),
        }),
      ).optional(),
      collaborator: change(z.enum(["VIEW", "EDIT"]))
        .extend({ username: z.string() })
        .optional(),
      friendship: change(z.enum(["requested", "incoming", "friends"]))
        .optional()
        .describe("as the caller saw it"),
      profile: z.strictObject({ changed: z.array(z.enum(["bio", "avatar", "region", "services", "favourites"])) }).optional(),
      films: z
        .strictObject({
          count: z.number().int(),
          first: z.array(z.strictObject({ tmdbId: z.number().int(), title: z.string(), year: z.number().int().nullable() })),
        })
        .optional()
        .describe("the films it changed when not about one film (an import): how many, and the first ones"),
    })
    .describe("what the activity changed: what undo would put back");
export const undoAnswer = once(() =>
  z.strictObject({ undone: activityAnswer(), activity: activityAnswer().describe("the undo, itself an activity") }),
);

export const friendAnswer = once(() =>
  z.strictObject({
    username: z.string(),
    status: z.enum(["friends", "requested", "incoming", "blocked"]),
    since: timestamp().describe("friends: when the request was accepted; pending: when it was sent; blocked: when blocked"),
  }),
);

export const pickAnswer = once(() =>
  z.strictObject({
    movie: movieAnswer(),
    score: z.number(),
    queuedBy: z.array(z.string()).describe("who of the group has it queued"),
    people: z.array(z.strictObject({ username: z.string(), predicted: rating(), reason: z.string() })),
  }),
);

export const inboxEntryAnswer = once(() =>
  z.strictObject({ movie: movieAnswer(), from: z.string(), note: z.string().nullable(), at: timestamp() }),
);
export const sentSuggestionAnswer = once(() =>
  z.strictObject({ movie: movieAnswer(), to: z.string(), note: z.string().nullable(), at: timestamp() }),
);

export const dismissedAnswer = once(() =>
  z.strictObject({ dismissed: z.number().int().min(1).meta({ description: "how many suggestions left the inbox" }) }),
);

export const healthAnswer = once(() => z.strictObject({ status: z.literal("ok"), database: z.literal("ok") }));

export const commentAnswer = once(() =>
  z.strictObject({ id: z.uuid().describe("for DELETE /comments/:id"), author: z.string(), text: z.string(), at: timestamp() }),
);

export const reviewAnswer = once(() =>
  z.strictObject({
    movie: movieAnswer(),
    author: z.string(),
    text: z.string(),
    spoilers: z.boolean(),
    watchedOn: day().nullable().describe("the day of the viewing reviewed; null: date unknown"),
    tags: z.array(z.string()).describe("the viewing's tags"),
    createdAt: timestamp(),
    updatedAt: timestamp(),
    comments: z.array(commentAnswer()).describe("oldest first"),
  }),
);

export const tagAnswer = once(() => z.strictObject({ tag: z.string().describe("as first written"), viewings: z.number().int() }));

const profileFields = () => ({
  username: z.string(),
  bio: z.string().nullable(),
  avatar: z.string().nullable().describe("one emoji"),
  favourites: z.array(movieAnswer()).describe("up to four, in order"),
  memberSince: timestamp(),
  visibility: z.enum(["private", "friends", "server"]),
  counts: z.strictObject({
    ratings: z.number().int(),
    viewings: z.number().int(),
    queue: z.number().int(),
    lists: z.number().int(),
    reviews: z.number().int(),
  }),
  recent: z.strictObject({ viewings: z.array(historyEntryAnswer()), reviews: z.array(reviewAnswer()) }).describe("the latest five of each"),
});

export const profileAnswer = once(() => z.strictObject(profileFields()));

export const ownProfileAnswer = once(() =>
  z.strictObject({
    ...profileFields(),
    region: z.string().nullable().describe("ISO 3166-1"),
    services: z.array(z.strictObject({ id: z.number().int(), name: z.string().nullable() })).describe("TMDB watch providers"),
    shareTaste: z.boolean(),
  }),
);

const collaborator = () => z.strictObject({ username: z.string(), can: z.enum(["view", "edit"]) });

export const collaboratorAnswer = once(collaborator);

export const listSummaryAnswer = once(() =>
  z.strictObject({
    name: z.string(),
    owner: z.string().describe("the owner's username"),
    description: z.string().nullable(),
    ranked: z.boolean(),
    visibility: z.enum(["private", "friends", "server"]),
    films: z.number().int(),
    collaborators: z.array(collaborator()),
    access: z.enum(["owner", "edit", "view"]).describe("what the caller may do: everything (owner), change entries (edit), look (view)"),
    createdAt: timestamp(),
    updatedAt: timestamp().describe("the last change to the list or its entries"),
  }),
);

export const listEntryAnswer = once(() =>
  z.strictObject({
    position: z.number().int().nullable().describe("1..n in a ranked list; null in an unranked one (newest first)"),
    movie: movieAnswer(),
    imdbId: z.string().nullable(),
    note: z.string().nullable(),
    addedBy: z.string().nullable().describe("who added it; null when that account is gone"),
    addedAt: timestamp(),
  }),
);

export const listAnswer = once(() => listSummaryAnswer().extend({ entries: z.array(listEntryAnswer()) }));
export const putEntryAnswer = once(() => listEntryAnswer().extend({ created: z.boolean() }));
