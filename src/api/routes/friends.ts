import { Hono } from "hono";
import { z } from "zod";
import { addFriend, blockMember, listFriends, removeFriend, unblockMember } from "../../services/friends.js";
import { requireVisibleOwner } from "../../services/visibility.js";
import { listWatchlist } from "../../services/watchlist.js";
import { friendAnswer, queueEntryAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { describe } from "../openapi.js";
import { PAGE_HEADERS, pageJson, pageQuery } from "../paging.js";
import { priorityValue, usernameValue, validate } from "../validation.js";

const usernameParam = z.object({ username: usernameValue });

const friendQueueQuery = z.object({
  priority: priorityValue.optional(),
  sort: z.enum(["priority", "added", "title"]).optional(),
  ...pageQuery(10_000),
});

const listQuery = z.object(pageQuery(1_000, 200));

const listDoc = describe({
  summary:
    "The caller's friends, pending requests and the members they blocked (incoming first, then friends, requested, blocked), a page at a time",
  responses: {
    200: { description: "the friendships, requests and blocks", schema: () => z.array(friendAnswer()), headers: PAGE_HEADERS },
  },
});
const blockDoc = describe({
  summary: "Block a member: ends any friendship or request with them; their requests and suggestions never reach the caller",
  responses: {
    200: { description: "already blocked: nothing changed", schema: friendAnswer },
    201: { description: "blocked (status blocked)", schema: friendAnswer },
  },
  errors: { 404: "no user has this username", 409: "the username is the caller's own (self_block)" },
});
const unblockDoc = describe({
  summary: "Unblock a member: they may send a request again (nothing blocking ended comes back)",
  responses: { 200: { description: "the block removed, as it was", schema: friendAnswer } },
  errors: { 404: "the caller has not blocked this user" },
});
const addDoc = describe({
  summary: "Send a friend request, or accept the one pending from that user",
  responses: {
    200: { description: "a request accepted (status friends), or nothing changed", schema: friendAnswer },
    201: { description: "a request sent (status requested)", schema: friendAnswer },
  },
  errors: {
    404: "no user has this username (the same answer when that member blocked the caller)",
    409: "the username is the caller's own (self_friendship), the caller blocked them (blocked), or they have too many requests waiting (requests_full)",
  },
});
const removeDoc = describe({
  summary: "Remove a friend, withdraw a request sent or decline one received (suggestions between the two go too)",
  responses: { 200: { description: "what was removed, as it was", schema: friendAnswer } },
  errors: { 404: "no friendship or request with this user" },
});
const friendQueueDoc = describe({
  summary:
    "A friend's queue, as GET /watchlist answers it, a page at a time (friends only, and not when the owner's visibility is private)",
  responses: { 200: { description: "the friend's queue", schema: () => z.array(queueEntryAnswer()), headers: PAGE_HEADERS } },
  errors: { 404: "no friend of this name whose queue the caller may see (the same answer as for no such member)" },
});

export const friendRoutes = new Hono<AppEnv>()
  .get("/", listDoc, validate("query", listQuery), async (c) =>
    pageJson(c, await listFriends(c.get("deps").db, c.get("userId"), c.req.valid("query"))),
  )
  // Sends a request (201), or accepts the one pending from that user (200), or changes nothing (200).
  .put("/:username", addDoc, validate("param", usernameParam), async (c) => {
    const { changed, ...friend } = await addFriend(c.get("deps").db, c.get("userId"), c.req.valid("param").username);
    return c.json(friend, changed && friend.status === "requested" ? 201 : 200);
  })
  // Answers what was removed: a friendship, a request sent (withdrawn) or one received (declined).
  .delete("/:username", removeDoc, validate("param", usernameParam), async (c) => {
    return c.json(await removeFriend(c.get("deps").db, c.get("userId"), c.req.valid("param").username));
  })
  .put("/:username/block", blockDoc, validate("param", usernameParam), async (c) => {
    const { changed, ...blocked } = await blockMember(c.get("deps").db, c.get("userId"), c.req.valid("param").username);
    return c.json(blocked, changed ? 201 : 200);
  })
  .delete("/:username/block", unblockDoc, validate("param", usernameParam), async (c) =>
    c.json(await unblockMember(c.get("deps").db, c.get("userId"), c.req.valid("param").username)),
  )
  // A friend's queue, in GET /watchlist's shape: a queue is shared with friends at most, and the owner's
  // visibility narrows it further; the same 404 for anyone hidden and for no such member.
  .get("/:username/watchlist", friendQueueDoc, validate("param", usernameParam), validate("query", friendQueueQuery), async (c) => {
    const { db } = c.get("deps");
    const owner = await requireVisibleOwner(db, c.get("userId"), c.req.valid("param").username, { atMost: "friends" });
    return pageJson(c, await listWatchlist(db, owner.id, c.req.valid("query")));
  });
