/**
 * Addresses the real TikTok refuses, said once at start
 * (docs/tiktok-audit.md#when-something-does-not-work): TikTok registers
 * only https redirect URIs and webhook callbacks, pulls media only over
 * https, and verifies URL prefixes only on a domain. The simulator takes
 * any of these, so a rehearsal on http://localhost is not warned about.
 * @module
 */
import type { Config } from "../config.ts";
import type { LogLine } from "../runtime/logger.ts";
import { classifyAddress } from "../net/ip_ranges.ts";

/**
 * Names only one machine or network knows (RFC 6761, 6762, 8375, ICANN's
 * .internal): a single label, or one of these last labels.
 */
const LOCAL_NAMES = /(^[^.]+$|\.(localhost|local|internal|home\.arpa|lan)$)/i;

/** Why TikTok cannot verify `host` as a URL prefix, or null. */
function notADomain(host: string): string | null {
  if (classifyAddress(host) !== null) return "is an IP address";
  if (LOCAL_NAMES.test(host)) return "is not a public domain";
  return null;
}

/** TikTok's own hosts end in these names. */
const TIKTOK_HOSTS = /(^|\.)(tiktok\.com|tiktokapis\.com)$/;

/** The warning line, or null when TikTok can take every address. */
export function tiktokAddressWarning(
  config: Pick<Config, "sandbox" | "publicBaseUrl" | "filesBaseUrl" | "tiktok">,
): LogLine | null {
  if (config.sandbox) return null;
  if (!TIKTOK_HOSTS.test(new URL(config.tiktok.authBaseUrl).hostname)) {
    return null;
  }
  const problems: string[] = [];
  const site = new URL(config.publicBaseUrl);
  if (site.protocol !== "https:") {
    problems.push(
      `PUBLIC_BASE_URL (${config.publicBaseUrl}) is not https: TikTok registers only https redirect URIs and webhook callback URLs, so sign-in cannot work`,
    );
  } else if (notADomain(site.hostname)) {
    problems.push(
      `PUBLIC_BASE_URL (${config.publicBaseUrl}) ${
        notADomain(site.hostname)
      }: TikTok verifies URL prefixes only on a domain it reaches, so the redirect URI and website cannot be verified`,
    );
  }
  const files = new URL(config.filesBaseUrl);
  if (files.protocol !== "https:") {
    problems.push(
      `FILES_BASE_URL (${config.filesBaseUrl}) is not https: TikTok pulls media only over https, so photos and pulled videos fail`,
    );
  } else if (notADomain(files.hostname)) {
    problems.push(
      `FILES_BASE_URL (${config.filesBaseUrl}) ${
        notADomain(files.hostname)
      }: TikTok verifies URL prefixes only on a domain it reaches, so photos and pulled videos fail`,
    );
  }
  if (problems.length === 0) return null;
  return {
    level: "warn",
    message: `${
      problems.join("; ")
    } (docs/tiktok-audit.md#when-something-does-not-work)`,
  };
}
