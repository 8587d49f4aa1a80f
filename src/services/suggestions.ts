// A film suggested by one friend to another: the recipient's inbox, and a nudge in their
// recommendations (candidates.ts suggestedCandidates). Only between accepted friends.
import type { Db } from "../db/client.js";
import { NotFoundError } from "./errors.js";
import { isBlockedEitherWay, lockPair, notAFriend, pairKey, requireFriends } from "./friends.js";
import { type MovieJson, toMovieJson } from "./movie-json.js";
import { getMovie, type MovieDeps } from "./movies.js";
import { decodeCursor, type Page, type PageRequest, toPage } from "./paging.js";
import { TRANSACTION_OPTIONS } from "./user-movie-lock.js";

/** Notes are printed in other people's terminals: one short line. */
export const MAX_NOTE_LENGTH = 280;

export interface InboxEntryJson {
  movie: MovieJson;
  from: string;
  note: string | null;
  at: Date;
}

export interface SentSuggestionJson {
  movie: MovieJson;
  to: string;
  note: string | null;
  at: Date;
}

export async function suggestMovie(
  deps: MovieDeps,
  userId: string,
  input: { tmdbId: number; to: string; note?: string | null },
): Promise<SentSuggestionJson> {
  // The friendship first: a stranger learns nothing, and TMDB is not asked on their behalf.
  const [friend] = await requireFriends(deps.db, userId, [input.to]);
  const { movie } = await getMovie(deps, input.tmdbId);
  const note = input.note?.trim() || null;
  // TMDB may take seconds, and either side may end the friendship meanwhile: the friendship is asked
  // again under the pair's lock (the one `friends remove|block` take), in the transaction that writes,
  // so a suggestion is never stored for a pair that is not friends at commit (issue 17, item 2).
  const row = await deps.db.$transaction(async (tx) => {
    await lockPair(tx, userId, friend.id);
    const friendship = await tx.friendship.findUnique({ where: { pairKey: pairKey(userId, friend.id) }, select: { status: true } });
    if (friendship?.status !== "ACCEPTED" || (await isBlockedEitherWay(tx, userId, friend.id))) throw notAFriend(input.to);
    return tx.suggestion.upsert({
      where: { fromId_toId_movieId: { fromId: userId, toId: friend.id, movieId: movie.id } },
      create: { fromId: userId, toId: friend.id, movieId: movie.id, note },
      update: { note, createdAt: new Date() },
    });
  }, TRANSACTION_OPTIONS);
  return { movie: toMovieJson(movie), to: friend.username, note: row.note, at: row.createdAt };
}

/**
 * `inbox dismiss`: the caller's suggestions of one film leave the inbox, and with them the nudge in
 * `recommend` (which reads the same rows); from one friend, or from everyone. A suggestion is the
 * sender's message, not the caller's data: dismissing is not an activity `undo` takes back. Returns
 * how many were dismissed; none is a 404.
 */
export async function dismissSuggestions(db: Db, userId: string, input: { tmdbId: number; from?: string }): Promise<number> {
  const { count } = await db.suggestion.deleteMany({
    where: { toId: userId, movie: { tmdbId: input.tmdbId }, ...(input.from === undefined ? {} : { from: { username: input.from } }) },
  });
  if (count === 0)
    throw new NotFoundError(
      input.from === undefined
        ? `no suggestion of tmdb:${input.tmdbId} in your inbox`
        : `no suggestion of tmdb:${input.tmdbId} from ${input.from} in your inbox`,
    );
  return count;
}

/** What friends suggested to the caller, newest first. */
/** The caller's inbox, newest first, a page at a time. */
export async function listInbox(db: Db, userId: string, page: PageRequest = {}): Promise<Page<InboxEntryJson>> {
  const after = page.cursor ? decodeCursor(page.cursor, ["instant", "string"] as const) : null;
  const rows = await db.suggestion.findMany({
    where: {
      toId: userId,
      ...(after && { OR: [{ createdAt: { lt: new Date(after[0]) } }, { createdAt: new Date(after[0]), id: { gt: after[1] } }] }),
    },
    include: { movie: true, from: { select: { username: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: page.limit === undefined ? undefined : page.limit + 1,
  });
  return toPage(
    rows,
    page.limit,
    (row) => [row.createdAt.toISOString(), row.id],
    (row) => ({ movie: toMovieJson(row.movie), from: row.from.username, note: row.note, at: row.createdAt }),
  );
}
