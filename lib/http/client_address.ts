/**
 * The address a request comes from, as PM3K's per-address limits count it
 * (docs/deploy.md#behind-a-reverse-proxy): the connecting address, or,
 * behind TRUSTED_PROXIES reverse proxies, the address the outermost of
 * them saw. Each proxy appends the address it was connected from to
 * X-Forwarded-For, so with N proxies the N-th entry from the right is the
 * one the client could not write; anything left of it is the client's own
 * say, and is never read.
 * @module
 */
import { getConnInfo } from "hono/deno";
import ipaddr from "ipaddr.js";
import type { AppContext } from "./app_types.ts";

export function clientAddress(c: AppContext): string {
  const connected = getConnInfo(c).remote.address ?? "unknown";
  const proxies = c.get("deps").config.trustedProxies;
  if (proxies === 0) return connected;
  const forwarded = (c.req.header("x-forwarded-for") ?? "").split(",")
    .map((a) => a.trim());
  const seen = forwarded.length >= proxies
    ? forwarded[forwarded.length - proxies]
    : "";
  // A proxy that sent no address (or not one) leaves the connecting one:
  // a miscounted TRUSTED_PROXIES must not let one string stand for all.
  return ipaddr.isValid(seen) ? ipaddr.parse(seen).toString() : connected;
}
