// A film suggested by one friend to another: the recipient's inbox, and a nudge in their
// recommendations (candidates.ts suggestedCandidates). Only between accepted friends.
import type { Db } from "../db/client.js";
import { requireFriends } from "./friends.js";
import { type MovieJson, toMovieJson } from "./movie-json.js";
import { getMovie, type MovieDeps } from "./movies.js";

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
  const row = await deps.db.suggestion.upsert({
    where: { fromId_toId_movieId: { fromId: userId, toId: friend.id, movieId: movie.id } },
    create: { fromId: userId, toId: friend.id, movieId: movie.id, note },
    update: { note, createdAt: new Date() },
  });
  return { movie: toMovieJson(movie), to: friend.username, note: row.note, at: row.createdAt };
}

/** What friends suggested to the caller, newest first. */
export async function listInbox(db: Db, userId: string, options: { limit?: number } = {}): Promise<InboxEntryJson[]> {
  const rows = await db.suggestion.findMany({
    where: { toId: userId },
    include: { movie: true, from: { select: { username: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: options.limit,
  });
  return rows.map((row) => ({ movie: toMovieJson(row.movie), from: row.from.username, note: row.note, at: row.createdAt }));
}
