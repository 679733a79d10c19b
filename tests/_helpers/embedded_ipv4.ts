/**
 * IPv6 forms that carry an IPv4 address (docs/media.md#server-side-fetches),
 * each with a private, loopback or link-local IPv4 address inside (refused)
 * and, where PM3K judges the form by what it carries, a public one (allowed).
 */
export interface EmbeddedIpv4Form {
  form: string;
  /** Carries a non-public IPv4 address: refused. */
  refused: string;
  /** Carries a public IPv4 address (8.8.8.8), or null when the form is refused whatever it carries. */
  allowed: string | null;
}

export const EMBEDDED_IPV4_FORMS: readonly EmbeddedIpv4Form[] = [
  // ::a.b.c.d, deprecated by RFC 4291: refused whatever it carries.
  { form: "IPv4-compatible", refused: "::a00:1", allowed: null },
  {
    form: "IPv4-mapped",
    refused: "::ffff:a9fe:a9fe",
    allowed: "::ffff:808:808",
  },
  {
    form: "IPv4-translated (::ffff:0:0/96)",
    refused: "::ffff:0:a00:1",
    allowed: "::ffff:0:808:808",
  },
  {
    form: "6to4 (2002::/16)",
    refused: "2002:a9fe:a9fe::1",
    allowed: "2002:808:808::1",
  },
  {
    // Server 65.54.227.120; client 10.0.0.1, stored inverted (f5ff:fffe).
    form: "Teredo (2001::/32)",
    refused: "2001:0:4136:e378:8000:63bf:f5ff:fffe",
    allowed: "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
  },
  {
    form: "NAT64 (64:ff9b::/96)",
    refused: "64:ff9b::a00:1",
    allowed: "64:ff9b::808:808",
  },
  // Where the IPv4 address sits depends on the operator's prefix length.
  {
    form: "NAT64 local-use (64:ff9b:1::/48)",
    refused: "64:ff9b:1::808:808",
    allowed: null,
  },
];

/** The host as a URL writes it back (brackets dropped). */
export function hostOf(address: string): string {
  return new URL(`https://[${address}]/`).hostname.slice(1, -1);
}
