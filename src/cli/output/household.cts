// Human renderings of friends, picks and the inbox (loaded by loadHouseholdRenderers, colour ready).
import type { FriendEntry, InboxEntry, Pick } from "../household-types.cjs";
import { RATING_EMOJI } from "../vocabulary.cjs";
import { paint } from "./style.cjs";
import { renderTable } from "./table.cjs";

const day = (iso: string) => iso.slice(0, 10);

const STATUS_LABEL: Record<FriendEntry["status"], string> = {
  friends: "friends",
  requested: "request sent",
  incoming: "wants to be friends",
  blocked: "blocked",
};

export function renderFriends(friends: FriendEntry[]): string {
  if (!friends.length) return paint.dim("No friends yet: send a request with `watchlist friends add <username>`.");
  return renderTable(
    [{ header: "user", flexible: true }, { header: "status" }, { header: "since" }],
    friends.map((friend) => [
      friend.username,
      friend.status === "incoming"
        ? paint.yellow(STATUS_LABEL.incoming)
        : friend.status === "blocked"
          ? paint.dim(STATUS_LABEL.blocked)
          : STATUS_LABEL[friend.status],
      day(friend.since),
    ]),
  );
}

export function renderPicks(picks: Pick[]): string {
  if (!picks.length)
    return paint.dim("Nothing to pick yet: queue a few films, or rate some so that recommendations can find common ground.");
  return renderTable(
    [
      { header: "id", align: "right" },
      { header: "title" },
      { header: "year" },
      { header: "min", align: "right" },
      { header: "score", align: "right" },
      { header: "for each of you", flexible: true },
    ],
    picks.map((pick) => [
      paint.dim(String(pick.movie.tmdbId)),
      pick.movie.title,
      String(pick.movie.year ?? ""),
      pick.movie.runtime ? String(pick.movie.runtime) : "",
      pick.score.toFixed(1),
      pick.people
        .map((person) => {
          const line = `${RATING_EMOJI[person.predicted]} ${person.reason}`;
          return person.predicted === "DISLIKE" ? paint.yellow(line) : line;
        })
        .join("\n"),
    ]),
  );
}

export function renderInbox(entries: InboxEntry[]): string {
  if (!entries.length) return paint.dim("Your inbox is empty: friends suggest films with `watchlist suggest <movie> --to <you>`.");
  return renderTable(
    [
      { header: "id", align: "right" },
      { header: "title" },
      { header: "year" },
      { header: "from" },
      { header: "note", flexible: true },
      { header: "at" },
    ],
    entries.map((entry) => [
      paint.dim(String(entry.movie.tmdbId)),
      entry.movie.title,
      String(entry.movie.year ?? ""),
      entry.from,
      entry.note ?? "",
      day(entry.at),
    ]),
  );
}
