// The address of the client a request comes from, as the throttles count it. Behind a reverse proxy
// the socket's peer is the proxy: X-Forwarded-For is believed only when that peer is a trusted proxy
// (TRUSTED_PROXIES: addresses, CIDR ranges, or proxy-addr's names loopback, linklocal, uniquelocal),
// and then only up to the first hop that is not trusted — a client cannot forge its way past it.
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import proxyaddr from "proxy-addr";

export type TrustedProxies = ReturnType<typeof proxyaddr.compile>;

/** TRUSTED_PROXIES compiled once (throws on an entry that is neither an address, a range nor a name); none: undefined. */
export const trustProxies = (entries: string[]): TrustedProxies | undefined =>
  entries.length > 0 ? proxyaddr.compile(entries) : undefined;

export function clientAddress(c: Context, trusted?: TrustedProxies): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const peer = incoming?.socket?.remoteAddress;
  // app.request() in tests has no socket.
  if (!peer) return "unknown";
  return trusted ? proxyaddr(incoming, trusted) : peer;
}
