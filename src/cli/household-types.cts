// The JSON of the household routes (contract "Household and activity").
import type { Movie } from "./types.cjs";
import type { Rating } from "./vocabulary.cjs";

export type FriendStatus = "friends" | "requested" | "incoming" | "blocked";

export interface FriendEntry {
  username: string;
  status: FriendStatus;
  since: string;
}

export interface Pick {
  movie: Movie;
  score: number;
  queuedBy: string[];
  people: { username: string; predicted: Rating; reason: string }[];
}

export interface InboxEntry {
  movie: Movie;
  from: string;
  note: string | null;
  at: string;
}

export interface SentSuggestion {
  movie: Movie;
  to: string;
  note: string | null;
  at: string;
}
