/** The API's JSON for a custom domain, with the verification instructions. */
import type { DomainRecord } from "../domains/domain_record.ts";
import type { DomainJson } from "./api_responses.ts";
import {
  verificationContent,
  verificationUrl,
  VERIFY_FILE_NAME,
} from "../domains/domains.ts";

export function domainJson(
  d: DomainRecord,
  allowLoopback: boolean,
): DomainJson {
  return {
    domain: d.domain,
    verified: d.verifiedAt !== null,
    verified_at: d.verifiedAt === null
      ? null
      : new Date(d.verifiedAt).toISOString(),
    token: d.token,
    file_name: VERIFY_FILE_NAME,
    file_content: verificationContent(d.token),
    file_url: verificationUrl(d.domain, allowLoopback),
    last_error: d.lastError,
    last_checked_at: d.lastCheckedAt === null
      ? null
      : new Date(d.lastCheckedAt).toISOString(),
  };
}
