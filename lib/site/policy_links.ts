/**
 * Where the Privacy Policy and Terms of Service are: PM3K's own pages, or
 * the operator's, when PRIVACY_POLICY_URL or TERMS_URL names them
 * (docs/accounts.md#privacy-policy-and-terms). Every page's footer links
 * them, and PM3K's own paths send a visitor on to the operator's.
 * @module
 */
import type { SiteConfig } from "../config.ts";

export const PRIVACY_PATH = "/privacy";
export const TERMS_PATH = "/terms";

export interface PolicyLinks {
  privacy: string;
  terms: string;
}

/** The two addresses the footer links. */
export function policyLinks(site: SiteConfig): PolicyLinks {
  return {
    privacy: site.privacyPolicyUrl ?? PRIVACY_PATH,
    terms: site.termsUrl ?? TERMS_PATH,
  };
}
