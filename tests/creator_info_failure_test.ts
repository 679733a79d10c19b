/**
 * Which failed creator_info calls the composer offers to ask again
 * (docs/dashboard.md#compose): no answer, not a refusal.
 */
import assert from "node:assert/strict";
import { ApiCallError } from "../components/api_client.ts";
import { mayPassOnRetry } from "../components/compose/creator_info_failure.ts";

const failure = (code: string, extra: Record<string, unknown> = {}) =>
  new ApiCallError(code, "message", extra);

Deno.test("creator_info with no answer in time, none at all, or a server error may pass when asked again", () => {
  for (
    const error of [
      failure("network_error"),
      failure("database_busy"),
      failure("internal_error"),
      failure("http_502"),
      failure("tiktok_error", { tiktok_code: "timeout" }),
      failure("tiktok_error", { tiktok_code: "x", tiktok_http_status: null }),
      failure("tiktok_error", { tiktok_code: "x", tiktok_http_status: 503 }),
    ]
  ) assert.equal(mayPassOnRetry(error), true, error.code);
});

Deno.test("a refusal of creator_info is not offered again", () => {
  for (
    const error of [
      failure("tiktok_reauth_required"),
      failure("tiktok_scope_missing"),
      failure("tiktok_rate_limit"),
      failure("tiktok_active_user_cap"),
      // TikTok's "cannot post now", answered with HTTP 200.
      failure("tiktok_error", {
        tiktok_code: "spam_risk_user_banned_from_posting",
        tiktok_http_status: 200,
      }),
      failure("http_404"),
      failure("tiktok_error", {
        tiktok_code: "invalid_params",
        tiktok_http_status: 400,
      }),
      new Error("not an API answer"),
    ]
  ) assert.equal(mayPassOnRetry(error), false, String(error));
});
