/**
 * Classifies IP addresses for SSRF checks: loopback, private, link-local
 * and other special-purpose ranges may not be fetched on a user's behalf.
 * @module
 */

export type AddressClass = "public" | "loopback" | "private";

function v4ToInt(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

const V4_BLOCKED: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

function inV4(n: number, base: string, bits: number): boolean {
  const b = v4ToInt(base)!;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((n & mask) >>> 0) === ((b & mask) >>> 0);
}

function classifyV4(ip: string): AddressClass | null {
  const n = v4ToInt(ip);
  if (n === null) return null;
  if (inV4(n, "127.0.0.0", 8)) return "loopback";
  return V4_BLOCKED.some(([b, bits]) => inV4(n, b, bits))
    ? "private"
    : "public";
}

/** Expands an IPv6 address to 8 groups; null when it is not one. */
function expandV6(ip: string): number[] | null {
  let text = ip.replace(/^\[|\]$/g, "").toLowerCase();
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  let tailV4: number[] = [];
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    const n = v4ToInt(text.slice(lastColon + 1));
    if (n === null) return null;
    tailV4 = [n >>> 16, n & 0xffff];
    text = text.slice(0, lastColon) + ":0:0";
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (
    s: string,
  ) => (s === "" ? [] : s.split(":").map((
    h,
  ) => (/^[0-9a-f]{1,4}$/.test(h) ? parseInt(h, 16) : NaN)));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 && head.length !== 8) return null;
  if (fill < 0) return null;
  const groups = [
    ...head,
    ...new Array(halves.length === 2 ? fill : 0).fill(0),
    ...tail,
  ];
  if (groups.length !== 8 || groups.some((g) => Number.isNaN(g))) return null;
  if (tailV4.length) groups.splice(6, 2, ...tailV4);
  return groups;
}

function classifyV6(ip: string): AddressClass | null {
  const g = expandV6(ip);
  if (!g) return null;
  if (g.every((x, i) => (i < 7 ? x === 0 : x === 1))) return "loopback"; // ::1
  if (g.every((x) => x === 0)) return "private"; // ::
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::/96) carry a v4 address.
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b &&
    g.slice(2, 6).every((x) => x === 0);
  if (mapped || nat64) {
    return classifyV4(`${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`);
  }
  if ((g[0] & 0xfe00) === 0xfc00) return "private"; // fc00::/7 unique local
  if ((g[0] & 0xffc0) === 0xfe80) return "private"; // fe80::/10 link-local
  if ((g[0] & 0xff00) === 0xff00) return "private"; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return "private"; // documentation
  return "public";
}

/** The class of an IP literal, or null when `ip` is not an IP address. */
export function classifyAddress(ip: string): AddressClass | null {
  return classifyV4(ip) ?? classifyV6(ip);
}
