/**
 * Classifies IP addresses for SSRF checks (docs/media.md#server-side-fetches):
 * loopback, private, link-local and other special-purpose ranges may not be
 * fetched on a user's behalf. The ranges are ipaddr.js's (IANA's
 * special-purpose registries); an IPv6 address that carries an IPv4 address
 * is judged by what it carries, or refused.
 * @module
 */
import ipaddr from "ipaddr.js";

export type AddressClass = "public" | "loopback" | "private";

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

function classifyV4(address: IPv4): AddressClass {
  const range = address.range();
  if (range === "loopback") return "loopback";
  // Anything ipaddr.js names (private, link-local, CGNAT, reserved, …, and
  // any range a later version adds) is refused: only plain unicast passes.
  return range === "unicast" ? "public" : "private";
}

/** The IPv4 address in two 16-bit groups. */
function v4(high: number, low: number): IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * Public only when every IPv4 address carried is: such a packet goes out
 * through a relay or translator, and a non-public address behind one is
 * never ours to reach, loopback included.
 */
function carried(...addresses: IPv4[]): AddressClass {
  return addresses.every((a) => classifyV4(a) === "public")
    ? "public"
    : "private";
}

const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR("64:ff9b::/96");

function classifyV6(address: IPv6): AddressClass {
  const p = address.parts;
  switch (address.range()) {
    case "loopback":
      return "loopback";
    case "unicast":
      // IPv4-compatible ::a.b.c.d (deprecated by RFC 4291), which ipaddr.js
      // has no range for: refused whatever it carries.
      return p.slice(0, 6).every((x) => x === 0) ? "private" : "public";
    case "ipv4Mapped":
      // ::ffff:a.b.c.d: the socket reaches the IPv4 address itself.
      return classifyV4(v4(p[6], p[7]));
    case "rfc6145": // IPv4-translated ::ffff:0:a.b.c.d
      return carried(v4(p[6], p[7]));
    case "rfc6052":
      // NAT64: the well-known prefix carries the address in its last 32
      // bits; in the local-use 64:ff9b:1::/48 where it sits depends on the
      // operator's prefix length, so that one is refused.
      return address.match(NAT64_WELL_KNOWN)
        ? carried(v4(p[6], p[7]))
        : "private";
    case "6to4": // 2002:AABB:CCDD::/48
      return carried(v4(p[1], p[2]));
    case "teredo": // 2001:0:server:flags:port:client, the client inverted
      return carried(v4(p[2], p[3]), v4(p[6] ^ 0xffff, p[7] ^ 0xffff));
    default:
      // Link-local, unique local, multicast, site-local, documentation,
      // discard, ORCHID, … and any range a later ipaddr.js adds.
      return "private";
  }
}

/** ipaddr.js reads "::a.b.c.d" as IPv4-mapped; it is IPv4-compatible. */
const DOTTED_COMPATIBLE = /^::(\d+\.\d+\.\d+\.\d+)$/;

/**
 * The class of an IP literal, or null when `ip` is not one. Only canonical
 * forms count (dotted decimal for IPv4, also after an IPv6 prefix), what
 * resolvers and the URL parser give: ipaddr.js would also read "0x7f.1"
 * or "010.0.0.1", where another reader might see something else.
 */
export function classifyAddress(ip: string): AddressClass | null {
  let text = ip.replace(/^\[|\]$/g, "");
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return classifyV4(ipaddr.IPv4.parse(text));
  }
  const dottedTail = text.includes(".")
    ? text.slice(text.lastIndexOf(":") + 1)
    : null;
  if (dottedTail !== null && !ipaddr.IPv4.isValidFourPartDecimal(dottedTail)) {
    return null;
  }
  if (!ipaddr.IPv6.isValid(text)) return null;
  const compatible = text.match(DOTTED_COMPATIBLE);
  return classifyV6(
    ipaddr.IPv6.parse(compatible ? `0:0:0:0:0:0:${compatible[1]}` : text),
  );
}
