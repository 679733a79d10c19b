/**
 * Who may call the sandbox's posting endpoints: a live access token with the
 * video.publish scope, within TikTok's per-token limits per minute.
 * @module
 */
import type { Context } from "hono";
import { getTyped } from "../../lib/kv_keys.ts";
import type { Clock } from "../../lib/clock.ts";
import { sandboxKeys } from "./sandbox_keys.ts";
import { lookupAccessToken } from "./sandbox_store.ts";
import type { SandboxToken } from "./sandbox_records.ts";
import { replyError, replyRateLimited } from "./sandbox_reply.ts";

/** TikTok's per-token limits per minute, by endpoint. */
export const RATE_LIMITS = {
  creator_info: 20,
  video_init: 6,
  content_init: 6,
  status: 30,
} as const;

export type PostingEndpoint = keyof typeof RATE_LIMITS;

/** The caller's grant, or the refusal TikTok would send. */
export async function authorizePosting(
  c: Context,
  options: { kv: Deno.Kv; clock: Clock },
  endpoint: PostingEndpoint,
): Promise<SandboxToken | Response> {
  const { kv, clock } = options;
  const token = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")
    ?.[1];
  const grant = token ? await lookupAccessToken(kv, clock, token) : null;
  if (!token || !grant) {
    return replyError(
      c,
      clock,
      401,
      "access_token_invalid",
      "The access token is invalid or not found in the request.",
    );
  }
  if (!grant.scope.split(",").includes("video.publish")) {
    return replyError(
      c,
      clock,
      401,
      "scope_not_authorized",
      "The user did not authorize the scope required for completing this request.",
    );
  }
  const minute = Math.floor(clock.now() / 60_000);
  const window = sandboxKeys.rateWindow(token, endpoint, minute);
  await kv.atomic().sum(window, 1n).commit();
  const count = Number((await getTyped(kv, window)).value?.value ?? 0n);
  if (count > RATE_LIMITS[endpoint]) return replyRateLimited(c, clock);
  return grant;
}
