/**
 * Who may call the sandbox's posting endpoints: a live access token with the
 * scope the endpoint needs (video.publish for Direct Post, video.upload for
 * drafts, either for content init and status, video.list for video query),
 * within TikTok's per-token limits per minute.
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
  inbox_video_init: 6,
  content_init: 6,
  status: 30,
  video_query: 600,
} as const;

export type PostingEndpoint = keyof typeof RATE_LIMITS;

/** The scopes that open each endpoint (any one of them). */
const ENDPOINT_SCOPES: Readonly<Record<PostingEndpoint, readonly string[]>> = {
  creator_info: ["video.publish"],
  video_init: ["video.publish"],
  inbox_video_init: ["video.upload"],
  // content init's post_mode decides: checked with the body (grantHasScope).
  content_init: ["video.publish", "video.upload"],
  status: ["video.publish", "video.upload"],
  video_query: ["video.list"],
};

/** Whether the token's grant holds `scope`. */
export function grantHasScope(grant: SandboxToken, scope: string): boolean {
  return grant.scope.split(",").includes(scope);
}

/** TikTok's answer to a token without the scope a call needs. */
export function replyScopeNotAuthorized(c: Context, clock: Clock): Response {
  return replyError(
    c,
    clock,
    401,
    "scope_not_authorized",
    "The user did not authorize the scope required for completing this request.",
  );
}

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
  if (!ENDPOINT_SCOPES[endpoint].some((s) => grantHasScope(grant, s))) {
    return replyScopeNotAuthorized(c, clock);
  }
  const minute = Math.floor(clock.now() / 60_000);
  const window = sandboxKeys.rateWindow(token, endpoint, minute);
  await kv.atomic().sum(window, 1n).commit();
  const count = Number((await getTyped(kv, window)).value?.value ?? 0n);
  if (count > RATE_LIMITS[endpoint]) return replyRateLimited(c, clock);
  return grant;
}
