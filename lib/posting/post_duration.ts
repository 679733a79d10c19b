/**
 * The longest one post can run (docs/posting.md#how-long-a-post-can-take):
 * every step that waits on something outside is bounded — the copies
 * from verified domains by their deadline (lib/media/ingest_limits.ts),
 * TikTok by its timeouts — and the rest is KV and storage work. A request
 * claimed this long ago can no longer be alive: its Idempotency-Key may be
 * taken over (idempotency.ts).
 * @module
 */
import { ingestHoldMs, ingestLimitsOf } from "../media/ingest_limits.ts";
import { OAUTH_TIMEOUT_MS } from "../tiktok/oauth_client.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { PostRecord } from "./post_record.ts";

/** TikTok calls of one post that wait `TIKTOK_TIMEOUT_MS`: creator_info, init. */
const TIKTOK_CALLS_PER_POST = 2;

/**
 * KV reads and commits (each retried for 3 s at most when the file is
 * busy), the reservation's retries, deleting refused copies.
 */
export const POST_KV_AND_STORAGE_SLACK_MS = 60_000;

/**
 * The bound: copies (deadline and probing), a token refresh, creator_info
 * and init, and the slack. With the defaults, 5 + 1 + 0.25 + 0.67 + 1
 * minutes: under 8 minutes.
 */
export function postMaxDurationMs(
  deps: Pick<AppDeps, "config" | "ingestLimits">,
): number {
  return ingestHoldMs(ingestLimitsOf(deps.ingestLimits)) + OAUTH_TIMEOUT_MS +
    TIKTOK_CALLS_PER_POST * deps.config.tiktokTimeoutMs +
    POST_KV_AND_STORAGE_SLACK_MS;
}

/**
 * Whether the request that reserved `post` may still be running: it is
 * reserved (TikTok is being asked, a FILE_UPLOAD reads its chunks) and
 * younger than the bound above.
 */
export function postRequestMayRun(
  deps: Pick<AppDeps, "clock" | "config" | "ingestLimits">,
  post: Pick<PostRecord, "state" | "createdAt">,
): boolean {
  return post.state === "reserved" &&
    post.createdAt > deps.clock.now() - postMaxDurationMs(deps);
}
