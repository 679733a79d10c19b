/**
 * Follows in-flight publishes until TikTok reports a final state, so
 * `/api/tiktok/status` answers from KV. Each check is claimed atomically
 * (several processes may run the follower), backs off (5 s doubling to
 * 5 min), and stays inside TikTok's 30 status calls a minute per token
 * (tiktok_call_budget.ts): a check with no slot left waits for one, without
 * counting as a check. The cron's rounds wait while due jobs queue for a
 * turn in the process (job_backlog.ts). What a check finds moves the post through
 * publish_outcome.ts, the path TikTok's events take too; a publish past
 * its deadline is checked on, slowly, for a late completion.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { drainDue } from "../runtime/drain_due.ts";
import { claimDue } from "../runtime/claim_due.ts";
import { getAccount } from "../accounts/accounts_store.ts";
import { accessTokenFor } from "./tiktok_session.ts";
import { rejectedTokenError } from "./token_rejection.ts";
import { TikTokApiError } from "../tiktok/tiktok_api_error.ts";
import { takeStatusCallSlot } from "./tiktok_call_budget.ts";
import {
  afterObservation,
  isFollowed,
  movePost,
  publishDeadlineMs,
} from "./publish_outcome.ts";
import type { Observed } from "./publish_outcome.ts";
import { postExpiry } from "./post_reservation.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { errorFields } from "../runtime/logger.ts";
import type { PostRecord } from "./post_record.ts";
import { judgeVideoSource, sendFileInBackground } from "./video_source.ts";
import type { StartedUpload } from "./video_source.ts";
import { yieldToDueJobs } from "../jobs/job_backlog.ts";

export { stateOf } from "./publish_outcome.ts";

/** What following a publish uses: TikTok, its budget, webhooks, the queue. */
export type FollowDeps = Pick<
  AppDeps,
  | "kv"
  | "clock"
  | "log"
  | "config"
  | "tokenKey"
  | "tiktokOAuth"
  | "tiktokContent"
  | "statusCallsPerMinute"
  | "enqueueFollow"
  | "enqueueWebhook"
  | "storage"
  | "allowLoopback"
  | "fileUpload"
>;

/**
 * The default publish deadline (PUBLISH_DEADLINE_HOURS): a publish still
 * not final then becomes failed/publish_timeout (publish_outcome.ts).
 */
export const FOLLOW_FOR_MS = 24 * 3600_000;

/**
 * A claimed check is due again after this long, so a process dying before
 * it records the answer delays the publish's follow-up, never ends it.
 */
export const FOLLOW_LEASE_MS = 2 * 60_000;

/**
 * Checks every publish that is due, in batches until none is left or the
 * tick's time budget is spent; returns how many TikTok was asked about.
 */
export function followDuePublishes(deps: FollowDeps): Promise<number> {
  return drainDue(
    deps.kv,
    keys.postFollowPrefix(),
    () => deps.clock.now(),
    (at, key) => followPost(deps, String(key[2]), at),
    // Due jobs of this process post first (job_backlog.ts).
    () => yieldToDueJobs(deps.kv),
  );
}

/**
 * Claims a due check: whoever moves the follow entry first makes it, under
 * a lease (the entry moves FOLLOW_LEASE_MS ahead). `dueAt` is the follow
 * entry the cron found: removed when stale (post gone, final, or due at
 * another time).
 */
export async function claimFollow(
  deps: Pick<AppDeps, "kv" | "clock">,
  postId: string,
  dueAt?: number,
) {
  const { kv, clock } = deps;
  const now = clock.now();
  const claim = await claimDue(kv, await getTyped(kv, keys.post(postId)), {
    field: "nextCheckAt",
    dueKey: (at) => keys.postFollow(at, postId),
    now,
    leaseMs: FOLLOW_LEASE_MS,
    foundAt: dueAt,
    claimable: isFollowed,
    keep: postExpiry,
  });
  return claim && { post: claim.value, now, leaseAt: claim.leaseAt };
}

/**
 * Checks one publish now if it is due and nobody else claimed it.
 * @returns whether TikTok was asked
 */
export async function followPost(
  deps: FollowDeps,
  postId: string,
  dueAt?: number,
): Promise<boolean> {
  const claim = await claimFollow(deps, postId, dueAt);
  if (!claim) return false;
  const { post, now, leaseAt } = claim;
  const slot = await takeStatusCallSlot(deps, post.openId, now);
  const observed = slot.ok ? await askTikTok(deps, post) : null;
  let next: PostRecord = slot.ok
    ? afterObservation(post, observed, now, publishDeadlineMs(deps), {
      countCheck: true,
    })
    : { ...post, updatedAt: now, nextCheckAt: slot.retryAt };
  // A stopped file upload, or auto's fallback after video_pull_failed.
  let started: StartedUpload | null = null;
  if (slot.ok) {
    ({ next, started } = await judgeVideoSource(deps, post, next, now));
  }
  // A fallback publish made here is the post's one (fallback_claim.ts):
  // it is recorded even if TikTok's event took the claim meanwhile, as
  // long as the post still sits on the failed pull.
  const fellBack = next.source === "FILE_UPLOAD" &&
    (post.source ?? "PULL_FROM_URL") === "PULL_FROM_URL";
  const moved = await movePost(deps, postId, (current) =>
    // Else only while the claim is ours: an event may have settled it.
    isFollowed(current) &&
      (current.nextCheckAt === leaseAt ||
        fellBack && current.publishId === post.publishId)
      ? next
      : null);
  // Its chunks go from here, whoever recorded it on the post (nobody else
  // sends any); never to a post that ended meanwhile (no second post).
  if (started) {
    const holder = moved ??
      (await getTyped(deps.kv, keys.post(postId))).value;
    if (holder?.publishId === started.publishId) {
      sendFileInBackground(deps, post, started);
    }
  }
  return slot.ok;
}

/** One status call to TikTok: what it said, or null when it did not answer. */
async function askTikTok(
  deps: FollowDeps,
  post: PostRecord,
): Promise<Observed | null> {
  try {
    const account = await getAccount(deps, post.openId);
    if (!account) throw new Error("account vanished");
    try {
      const status = await deps.tiktokContent.fetchStatus(
        await accessTokenFor(deps, account),
        post.publishId!,
      );
      return {
        status: status.status,
        failReason: status.failReason,
        raw: status.raw,
      };
    } catch (error) {
      // A token TikTok refused (the creator removed PM3K, no event sent)
      // is renewed at once, as a post's or creator_info's is: a refused
      // renewal disconnects the account now, with account.disconnected,
      // not at the token's refresh up to a day later
      // (docs/tiktok.md#disconnected-accounts). The check is made again.
      if (error instanceof TikTokApiError) {
        await rejectedTokenError(deps, account, error);
      }
      throw error;
    }
  } catch (error) {
    // TikTok down, rate limited, token trouble: the check is made again
    // later, so the publish is never dropped.
    deps.log({
      level: "warn",
      message: "checking a publish's status failed; checking again later",
      open_id: post.openId,
      post_id: post.id,
      ...errorFields(error),
    });
    return null;
  }
}
