/**
 * Who runs this service and how to write to them, as both policy pages name
 * them (OPERATOR_NAME, CONTACT_EMAIL; docs/accounts.md#privacy-policy-and-terms).
 * @module
 */
import type { SiteConfig } from "../../lib/config.ts";

/**
 * "Maya Studio", or a description when OPERATOR_NAME is not set: it
 * follows the service's name in every sentence, so it does not repeat it.
 */
export function operatorOf(site: SiteConfig): string {
  return site.operatorName ?? "the operator of this server";
}

/** Where to write without CONTACT_EMAIL: the way the visitor came. */
export const NO_CONTACT_ADDRESS =
  "through the address where you found this service";

/** How to reach the operator: a mailto link, or where to look for one. */
export function PolicyContact({ site }: { site: SiteConfig }) {
  return site.contactEmail
    ? (
      <a href={`mailto:${site.contactEmail}`} data-testid="policy-contact">
        {site.contactEmail}
      </a>
    )
    : (
      <span data-testid="policy-contact">
        {operatorOf(site)}, {NO_CONTACT_ADDRESS}
      </span>
    );
}
