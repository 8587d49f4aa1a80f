import { Hono } from "hono";
import { deleteUser, findUser } from "../../services/users.js";
import type { AppEnv } from "../context.js";
import { notFound } from "../errors.js";

export const meRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const user = await findUser(c.get("deps").db, c.get("userId"));
    if (!user) throw notFound("account");
    return c.json(user);
  })
  .delete("/", async (c) => {
    await deleteUser(c.get("deps").db, c.get("userId"));
    return c.body(null, 204);
  });
