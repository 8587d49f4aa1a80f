import { Hono } from "hono";
import { deleteUser, findUser } from "../../services/users.js";
import { userAnswer } from "../answers.js";
import type { AppEnv } from "../context.js";
import { notFound } from "../errors.js";
import { describe } from "../openapi.js";

const accountDoc = describe({ summary: "The caller's account", responses: { 200: { description: "the account", schema: userAnswer } } });
const deleteDoc = describe({ summary: "Delete the caller's account with its ratings, queue and history", responses: { 204: "deleted" } });

export const meRoutes = new Hono<AppEnv>()
  .get("/", accountDoc, async (c) => {
    const user = await findUser(c.get("deps").db, c.get("userId"));
    if (!user) throw notFound("account");
    return c.json(user);
  })
  .delete("/", deleteDoc, async (c) => {
    await deleteUser(c.get("deps").db, c.get("userId"));
    return c.body(null, 204);
  });
