/**
 * PM3K's own policy pages without who runs the service, said once at
 * start in production (docs/tiktok-audit.md#developer-portal-settings):
 * TikTok's app review reads the Privacy Policy and Terms for the operator
 * and a contact, and PM3K's pages can only name the ones configured.
 * @module
 */
import type { Config } from "../config.ts";
import type { LogLine } from "../runtime/logger.ts";

/** The warning line, or null in the sandbox or when nothing is missing. */
export function policyContactWarning(
  config: Pick<Config, "sandbox" | "site">,
): LogLine | null {
  if (config.sandbox) return null;
  const { site } = config;
  // An operator's own page says what it says: only PM3K's are named.
  const own = [
    ...(site.privacyPolicyUrl === null ? ["Privacy Policy"] : []),
    ...(site.termsUrl === null ? ["Terms"] : []),
  ];
  if (own.length === 0) return null;
  const missing = [
    ...(site.operatorName ? [] : [["OPERATOR_NAME", "no operator"]]),
    ...(site.contactEmail ? [] : [["CONTACT_EMAIL", "no contact"]]),
  ];
  if (missing.length === 0) return null;
  const names = missing.map(([name]) => name).join(" and ");
  return {
    level: "warn",
    message: `${names} not set: PM3K's ${own.join(" and ")} name${
      own.length === 1 ? "s" : ""
    } ${
      missing.map(([, what]) => what).join(" and ")
    }, which TikTok's app review looks for; set ${names} (docs/tiktok-audit.md#developer-portal-settings)`,
  };
}
