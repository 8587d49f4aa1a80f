import { Hono } from "hono";
import { z } from "zod";
import { markWatched } from "../../services/history.js";
import { listWatchlist, queueMovie, unqueueMovie } from "../../services/watchlist.js";
import type { AppEnv } from "../context.js";
import { limitParam, priorityValue, ratingValue, tmdbIdParam, validate } from "../validation.js";
import { watchDate } from "./history.js";

const listQuery = z.object({
  priority: priorityValue.optional(),
  sort: z.enum(["priority", "added", "title"]).optional(),
  limit: limitParam(10_000),
});

const queueBody = z.object({ priority: priorityValue.optional() });

const watchedBody = z.object({ rating: ratingValue.optional(), watchedOn: watchDate.optional() });

export const watchlistRoutes = new Hono<AppEnv>()
  .get("/", validate("query", listQuery), async (c) => {
    return c.json(await listWatchlist(c.get("deps").db, c.get("userId"), c.req.valid("query")));
  })
  .put("/:tmdbId", validate("param", tmdbIdParam), validate("json", queueBody), async (c) => {
    const { created, ...entry } = await queueMovie(
      c.get("deps"),
      c.get("userId"),
      c.req.valid("param").tmdbId,
      c.req.valid("json").priority,
    );
    return c.json({ ...entry, created }, created ? 201 : 200);
  })
  .delete("/:tmdbId", validate("param", tmdbIdParam), async (c) => {
    await unqueueMovie(c.get("deps").db, c.get("userId"), c.req.valid("param").tmdbId);
    return c.body(null, 204);
  })
  // Mark watched: a viewing recorded, the rating (if given) upserted and the queue entry removed, in one transaction.
  .post("/:tmdbId/watched", validate("param", tmdbIdParam), validate("json", watchedBody), async (c) => {
    return c.json(await markWatched(c.get("deps"), c.get("userId"), c.req.valid("param").tmdbId, c.req.valid("json")));
  });
