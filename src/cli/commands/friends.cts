import type { ApiClient } from "../api-client.cjs";
import type { FriendEntry } from "../household-types.cjs";
import { sayNextPage } from "../next-page.cjs";
import { notice, print, printJson } from "../output/io.cjs";
import { withSpinner } from "../output/spinner.cjs";
import { loadPaint } from "../output/style.cjs";
import { connect, type GlobalOptions } from "../session.cjs";
import type { QueueEntry } from "../types.cjs";

interface Options extends GlobalOptions {
  json?: boolean;
}

interface ListOptions extends Options {
  limit?: number;
  cursor?: string;
}

const path = (username: string) => `/friends/${encodeURIComponent(username)}`;

async function renderers() {
  await loadPaint();
  return require("../output/household.cjs") as typeof import("../output/household.cjs");
}

/** `watchlist friends`: friends, requests sent, requests waiting for you and members you blocked. */
export async function run(options: ListOptions): Promise<void> {
  const api = await connect(options);
  const { items: friends, next } = await withSpinner("Loading your friends", () =>
    api.page<FriendEntry>("/friends", { limit: options.limit, cursor: options.cursor }),
  );
  if (options.json) printJson(friends);
  else print((await renderers()).renderFriends(friends));
  sayNextPage(next);
}

/** `watchlist friends add <username>`: sends a request, or accepts theirs. */
export async function add(username: string, options: Options): Promise<void> {
  const api = await connect(options);
  const friend = await withSpinner("Asking", () => api.call<FriendEntry>("PUT", path(username)));
  if (options.json) return printJson(friend);
  if (friend.status === "friends")
    notice(`You and ${friend.username} are friends: you see each other's queue and can pick films together.`);
  else notice(`Sent a friend request to ${friend.username}: you become friends when they add you too.`);
}

/** `watchlist friends remove <username>`: removes a friend, withdraws a request or declines one. */
export async function remove(username: string, options: Options): Promise<void> {
  const api = await connect(options);
  const removed = await withSpinner("Removing", () => api.call<FriendEntry>("DELETE", path(username)));
  if (options.json) return printJson(removed);
  const said = {
    friends: `You and ${removed.username} are no longer friends: nothing is shared any more.`,
    requested: `Withdrew your friend request to ${removed.username}.`,
    incoming: `Declined ${removed.username}'s friend request.`,
    blocked: `${removed.username} is blocked.`,
  };
  notice(said[removed.status]);
}

/** `watchlist friends block <username>`: ends any friendship with them; they cannot reach you. */
export async function block(username: string, options: Options): Promise<void> {
  const api = await connect(options);
  const blocked = await withSpinner("Blocking", () => api.call<FriendEntry>("PUT", `${path(username)}/block`));
  if (options.json) return printJson(blocked);
  notice(
    `Blocked ${blocked.username}: any friendship or request between you has ended, and their requests and suggestions will not reach you.`,
  );
}

/** `watchlist friends unblock <username>`. */
export async function unblock(username: string, options: Options): Promise<void> {
  const api = await connect(options);
  const unblocked = await withSpinner("Unblocking", () => api.call<FriendEntry>("DELETE", `${path(username)}/block`));
  if (options.json) return printJson(unblocked);
  notice(`Unblocked ${unblocked.username}: they may send you a friend request again.`);
}

/** `watchlist queue --of <username>`: a friend's queue, as their visibility allows; anyone hidden answers as no such user (exit 1). */
export async function friendQueue(api: ApiClient, username: string, options: ListOptions & { priority?: string; sort?: string }) {
  const { items: entries, next } = await withSpinner(`Loading ${username}'s queue`, () =>
    api.page<QueueEntry>(`${path(username)}/watchlist`, {
      priority: options.priority,
      sort: options.sort,
      limit: options.limit,
      cursor: options.cursor,
    }),
  );
  if (options.json) printJson(entries);
  else if (!entries.length && !options.cursor) return notice(`${username}'s queue is empty.`);
  else {
    const { renderQueue } = await (require("../output/load.cjs") as typeof import("../output/load.cjs")).loadRenderers();
    print(renderQueue(entries));
  }
  sayNextPage(next);
}
