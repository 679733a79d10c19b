/**
 * Whether a failed creator_info call may pass when asked again
 * (docs/dashboard.md#compose): TikTok or PM3K did not answer in time, or
 * at all, which says nothing of the account. A refusal (a banned or
 * disconnected account, a missing scope, TikTok's 429 and its cooldown)
 * stands until something else changes, so it is not offered again.
 * @module
 */
import { ApiCallError } from "../api_client.ts";

/** PM3K's own codes for an answer that did not come or could not be made. */
const UNANSWERED = new Set([
  "network_error",
  "database_busy",
  "internal_error",
]);

export function mayPassOnRetry(error: unknown): boolean {
  if (!(error instanceof ApiCallError)) return false;
  const { code, extra } = error;
  if (UNANSWERED.has(code) || /^http_5/.test(code)) return true;
  // tiktok_error names TikTok's answer: none in time ("timeout"), none at
  // all (no HTTP status), or TikTok's own server error.
  const status = extra.tiktok_http_status;
  return code === "tiktok_error" &&
    (extra.tiktok_code === "timeout" || typeof status !== "number" ||
      status >= 500);
}
