import { Hono } from "hono";
import { z } from "zod";
import { addFriend, listFriends, removeFriend, requireFriends } from "../../services/friends.js";
import { listWatchlist } from "../../services/watchlist.js";
import type { AppEnv } from "../context.js";
import { limitParam, priorityValue, validate } from "../validation.js";

/** A username in a path or a list; whether it exists is the service's business (same 404 for all). */
export const usernameValue = z.string().trim().min(1).max(64);
const usernameParam = z.object({ username: usernameValue });

const friendQueueQuery = z.object({
  priority: priorityValue.optional(),
  sort: z.enum(["priority", "added", "title"]).optional(),
  limit: limitParam(10_000),
});

export const friendRoutes = new Hono<AppEnv>()
  .get("/", async (c) => c.json(await listFriends(c.get("deps").db, c.get("userId"))))
  // Sends a request (201), or accepts the one pending from that user (200), or changes nothing (200).
  .put("/:username", validate("param", usernameParam), async (c) => {
    const { changed, ...friend } = await addFriend(c.get("deps").db, c.get("userId"), c.req.valid("param").username);
    return c.json(friend, changed && friend.status === "requested" ? 201 : 200);
  })
  // Answers what was removed: a friendship, a request sent (withdrawn) or one received (declined).
  .delete("/:username", validate("param", usernameParam), async (c) => {
    return c.json(await removeFriend(c.get("deps").db, c.get("userId"), c.req.valid("param").username));
  })
  // A friend's queue, in GET /watchlist's shape; the same 404 for anyone who is not a friend.
  .get("/:username/watchlist", validate("param", usernameParam), validate("query", friendQueueQuery), async (c) => {
    const { db } = c.get("deps");
    const [friend] = await requireFriends(db, c.get("userId"), [c.req.valid("param").username]);
    return c.json(await listWatchlist(db, friend.id, c.req.valid("query")));
  });
