/**
 * Faults the admin endpoint queues for a sandbox user, and how each one
 * plays out: an init call answers as a failing or slow TikTok would,
 * or late but in time (slow_answer), publish_failed (any publish) and
 * pull_failed (a video pull) make the next
 * publish fail when TikTok processes it, and the upload_chunk faults make
 * the next chunk PUT fail, and revoke_server_error the next revoke of
 * one of the user's tokens.
 * @module
 */
import type { Context } from "hono";
import type { Clock } from "../../lib/clock.ts";
import type { CreatorInfoRefusal, SandboxFault } from "./sandbox_records.ts";
import { takeFault } from "./sandbox_settings.ts";
import { replyError, replyRateLimited } from "./sandbox_reply.ts";
import { replyScopeNotAuthorized } from "./sandbox_authorize.ts";

/** Every fault the admin endpoint accepts. */
export const SANDBOX_FAULTS: readonly SandboxFault[] = [
  "rate_limit",
  "server_error",
  "timeout",
  "creator_info_timeout",
  "video_query_timeout",
  "slow_accept",
  "slow_answer",
  "spam_risk_too_many_posts",
  "url_ownership_unverified",
  "publish_failed",
  "unaudited_client_can_only_post_to_private_accounts",
  "reached_active_user_cap",
  "spam_risk_too_many_pending_share",
  "scope_not_authorized",
  "pull_failed",
  "upload_chunk_server_error",
  "upload_chunk_rate_limit",
  "upload_chunk_stall",
  "revoke_server_error",
];

/**
 * Faults taken by another call than the init: the publish, a chunk PUT,
 * creator_info before the init, or a token's revoke.
 */
const LATER_FAULTS: readonly SandboxFault[] = [
  "creator_info_timeout",
  "video_query_timeout",
  "publish_failed",
  "pull_failed",
  "upload_chunk_server_error",
  "upload_chunk_rate_limit",
  "upload_chunk_stall",
  "revoke_server_error",
];

/**
 * Faults taken by a token refresh, not by an init call (queued through the
 * admin body's `refresh_faults`, without the `refresh_` prefix).
 */
export const REFRESH_FAULTS: readonly SandboxFault[] = [
  "refresh_invalid_grant",
  "refresh_server_error",
];

/**
 * TikTok's messages for its "cannot post now" codes: 403 on an init, HTTP
 * 200 on creator_info (sandbox_publish_routes.ts).
 */
export const CANNOT_POST_MESSAGES: Record<CreatorInfoRefusal, string> = {
  spam_risk_too_many_posts:
    "The daily post cap from the API is reached for the current user.",
  spam_risk_user_banned_from_posting:
    "The user is banned from making new posts.",
  reached_active_user_cap:
    "The daily quota of active publishing users for this client is reached.",
};

export function isSandboxFault(name: string): name is SandboxFault {
  return (SANDBOX_FAULTS as readonly string[]).includes(name);
}

export interface FaultOptions {
  kv: Deno.Kv;
  clock: Clock;
  /** How long the timeout fault stalls (longer than PM3K's client timeout). */
  stallMs?: number;
}

/**
 * Takes the user's next init fault and answers like TikTok would; null when
 * the call goes on (no fault queued, or slow_accept once it has stalled).
 */
export async function answerInitFault(
  c: Context,
  options: FaultOptions,
  openId: string,
): Promise<Response | null> {
  const { kv, clock } = options;
  const f = await takeFault(
    kv,
    openId,
    (x) => !LATER_FAULTS.includes(x) && !REFRESH_FAULTS.includes(x),
  );
  if (!f) return null;
  switch (f.fault) {
    case "rate_limit":
      return replyRateLimited(c, clock);
    case "server_error":
      return replyError(
        c,
        clock,
        500,
        "internal_error",
        "Something went wrong. Please try again later.",
      );
    case "spam_risk_too_many_posts":
      return replyError(
        c,
        clock,
        403,
        "spam_risk_too_many_posts",
        CANNOT_POST_MESSAGES.spam_risk_too_many_posts,
      );
    case "url_ownership_unverified":
      return replyError(
        c,
        clock,
        403,
        "url_ownership_unverified",
        "Please review our URL ownership verification rules.",
      );
    case "unaudited_client_can_only_post_to_private_accounts":
      return replyUnaudited(c, clock);
    case "reached_active_user_cap":
      return replyError(
        c,
        clock,
        403,
        "reached_active_user_cap",
        CANNOT_POST_MESSAGES.reached_active_user_cap,
      );
    case "spam_risk_too_many_pending_share":
      return replyInboxFull(c, clock);
    case "scope_not_authorized":
      return replyScopeNotAuthorized(c, clock);
    case "timeout": {
      await stall(c, options.stallMs);
      return replyError(c, clock, 500, "internal_error", "Timed out.");
    }
    case "slow_accept":
      // As a busy TikTok may: the client gives up, the publish is made.
      await stall(c, options.stallMs);
      return null;
    case "slow_answer":
      // Within the client's patience: it gets the usual answer, late.
      await stall(c, f.delayMs ?? 0);
      return null;
    default:
      return null;
  }
}

/** TikTok's refusal of an unaudited app posting to a public account. */
export function replyUnaudited(c: Context, clock: Clock): Response {
  return replyError(
    c,
    clock,
    403,
    "unaudited_client_can_only_post_to_private_accounts",
    "Unaudited clients can only post to private accounts.",
  );
}

/** TikTok's refusal of a sixth pending draft within 24 hours. */
export function replyInboxFull(c: Context, clock: Clock): Response {
  return replyError(
    c,
    clock,
    403,
    "spam_risk_too_many_pending_share",
    "The user has too many pending shares in the last 24 hours.",
  );
}

/** The fail reason of a queued publish_failed fault, taken now, or null. */
export async function takePlannedFailure(
  kv: Deno.Kv,
  openId: string,
): Promise<string | null> {
  const planned = await takeFault(kv, openId, (x) => x === "publish_failed");
  return planned ? planned.failReason ?? "internal" : null;
}

/** video_pull_failed when a pull_failed fault is queued (taken now), or null. */
export async function takePullFailure(
  kv: Deno.Kv,
  openId: string,
): Promise<string | null> {
  const planned = await takeFault(kv, openId, (x) => x === "pull_failed");
  return planned ? "video_pull_failed" : null;
}

/**
 * The answer of a queued chunk fault for chunk `chunk` (1-based), taken
 * now, or null; a stall answers 500 once the client has hung up.
 */
export async function answerChunkFault(
  c: Context,
  options: FaultOptions,
  openId: string,
  chunk: number,
): Promise<Response | null> {
  const { kv, clock } = options;
  const f = await takeFault(
    kv,
    openId,
    (x, entry) =>
      x.startsWith("upload_chunk_") &&
      (entry.chunk === undefined || entry.chunk === chunk),
  );
  if (!f) return null;
  if (f.fault === "upload_chunk_rate_limit") return replyRateLimited(c, clock);
  if (f.fault === "upload_chunk_stall") await stall(c, options.stallMs);
  return replyError(c, clock, 500, "internal_error", "Chunk not stored.");
}

/**
 * Takes the user's next `fault` (creator_info's or the video query's
 * timeout) and stalls past the client's timeout, then answers 500; null
 * when none is queued.
 */
export async function answerStallFault(
  c: Context,
  options: FaultOptions,
  openId: string,
  fault: "creator_info_timeout" | "video_query_timeout",
): Promise<Response | null> {
  const { kv, clock } = options;
  const f = await takeFault(kv, openId, (x) => x === fault);
  if (!f) return null;
  await stall(c, options.stallMs);
  return replyError(c, clock, 500, "internal_error", "Timed out.");
}

/** Stalls past the client's timeout; stops early if the client hangs up. */
function stall(c: Context, stallMs = 30_000): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(resolve, stallMs);
    c.req.raw.signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}
