// The address a request is counted under by the throttles (login, registration): the one place that
// decides who "one client" is. Today the TCP peer; behind a reverse proxy that is the proxy for everyone.
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown"; // app.request() in tests has no socket
  }
}
