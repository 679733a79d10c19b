/**
 * Follows in-flight publishes until TikTok reports a final state, so
 * `/api/tiktok/status` answers from KV. Each check is claimed atomically
 * (several processes may run the follower), backs off (5 s doubling to
 * 5 min), and stays inside TikTok's 30 status calls a minute per token
 * (tiktok_call_budget.ts): a check with no slot left waits for one, without
 * counting as a check.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { drainDue } from "../runtime/drain_due.ts";
import { claimDue } from "../runtime/claim_due.ts";
import { getAccount } from "../accounts/accounts_store.ts";
import { accessTokenFor } from "./tiktok_session.ts";
import { emitWebhook } from "../webhooks/webhooks.ts";
import { takeStatusCallSlot } from "./tiktok_call_budget.ts";
import { postExpiry } from "./post_reservation.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { errorFields, logFailure } from "../runtime/logger.ts";
import type { PostRecord, PostState, UsageMark } from "./post_record.ts";
import { judgeVideoSource, sendFileInBackground } from "./video_source.ts";
import type { StartedUpload } from "./video_source.ts";

/** What following a publish uses: TikTok, its budget, webhooks, the queue. */
export type FollowDeps = Pick<
  AppDeps,
  | "kv"
  | "clock"
  | "log"
  | "tokenKey"
  | "tiktokOAuth"
  | "tiktokContent"
  | "statusCallsPerMinute"
  | "enqueueFollow"
  | "enqueueWebhook"
  | "config"
  | "storage"
  | "fileUpload"
>;

const MAX_BACKOFF_MS = 5 * 60_000;
/** After this long a publish still not final is no longer followed. */
export const FOLLOW_FOR_MS = 24 * 3600_000;

/**
 * pending | done | failed, from TikTok's status. SEND_TO_USER_INBOX is only
 * ever a draft's: it is in the creator's inbox, PM3K's part is done
 * (docs/posting.md#drafts).
 */
export function stateOf(
  tiktokStatus: string | null,
): Exclude<PostState, "reserved"> {
  if (tiktokStatus === "PUBLISH_COMPLETE") return "done";
  if (tiktokStatus === "SEND_TO_USER_INBOX") return "done";
  if (tiktokStatus === "FAILED") return "failed";
  return "pending";
}

function backoff(checks: number): number {
  return Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** Math.min(checks, 10));
}

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
  const { kv } = deps;
  const claim = await claimFollow(deps, postId, dueAt);
  if (!claim) return false;
  const { post, now, leaseAt } = claim;
  const slot = await takeStatusCallSlot(deps, post.openId, now);
  let next: PostRecord = slot.ok
    ? await askTikTok(deps, post, now)
    : { ...post, updatedAt: now, nextCheckAt: slot.retryAt };
  // A stopped file upload, or auto's fallback after video_pull_failed.
  let started: StartedUpload | null = null;
  if (slot.ok) {
    ({ next, started } = await judgeVideoSource(deps, post, next, now));
  }
  const kept = postExpiry(post, now);
  const op = kv.atomic().set(keys.post(postId), next, kept)
    .delete(keys.postFollow(leaseAt, postId));
  // Every publish of the post answers /status with where the post is now.
  for (
    const id of new Set([
      post.publishId!,
      next.publishId!,
      ...(next.earlierPublishIds ?? []),
    ])
  ) {
    op.set(keys.postByPublishId(id), {
      postId,
      openId: post.openId,
      status: next.tiktokStatus ?? "PROCESSING_DOWNLOAD",
      failReason: next.failReason,
      raw: next.raw,
      source: next.source ?? "PULL_FROM_URL",
      postMode: post.postMode,
    }, kept);
  }
  if (next.nextCheckAt !== null) {
    op.set(keys.postFollow(next.nextCheckAt, postId), true);
  }
  if (next.state === "failed") {
    // Nothing was posted: the same video and caption may be tried again.
    const marks = await kv.getMany<[UsageMark, UsageMark]>([
      keys.videoFingerprint(post.openId, post.fingerprint),
      keys.accountCaption(post.openId, post.captionHash),
    ]);
    for (const mark of marks) {
      if (mark.value?.postId === postId) op.delete(mark.key);
    }
  }
  await op.commit();
  if (started) sendFileInBackground(deps, next, started);
  if (next.state !== "pending") {
    await emitWebhook(
      deps,
      post.openId,
      next.state === "done" ? "post.published" : "post.failed",
      {
        post_id: postId,
        publish_id: post.publishId,
        status: next.tiktokStatus,
        fail_reason: next.failReason,
        job_id: post.jobId ?? null,
        post_mode: post.postMode ?? "DIRECT_POST",
      },
    ).catch(
      logFailure(deps.log, "emitting the publish's webhook event", {
        open_id: post.openId,
        post_id: postId,
      }),
    );
  }
  if (next.nextCheckAt !== null) {
    // The follow index holds the next check: the cron makes it anyway.
    await deps.enqueueFollow?.(postId, next.nextCheckAt - now).catch(
      logFailure(deps.log, "enqueueing the next status check", {
        open_id: post.openId,
        post_id: postId,
      }),
    );
  }
  return slot.ok;
}

/** One status call to TikTok; the post as it should be stored after it. */
async function askTikTok(
  deps: FollowDeps,
  post: PostRecord,
  now: number,
): Promise<PostRecord> {
  try {
    const account = await getAccount(deps, post.openId);
    if (!account) throw new Error("account vanished");
    const status = await deps.tiktokContent.fetchStatus(
      await accessTokenFor(deps, account),
      post.publishId!,
    );
    const state = stateOf(status.status);
    const giveUp = state === "pending" && now - post.createdAt > FOLLOW_FOR_MS;
    return {
      ...post,
      state,
      tiktokStatus: status.status,
      failReason: status.failReason,
      raw: status.raw,
      checks: post.checks + 1,
      updatedAt: now,
      nextCheckAt: state === "pending" && !giveUp
        ? now + backoff(post.checks + 1)
        : null,
    };
  } catch (error) {
    // TikTok down, rate limited, token trouble: the claim is given back with
    // a later check, so the publish is never dropped.
    deps.log({
      level: "warn",
      message: "checking a publish's status failed; checking again later",
      open_id: post.openId,
      post_id: post.id,
      ...errorFields(error),
    });
    return {
      ...post,
      checks: post.checks + 1,
      updatedAt: now,
      nextCheckAt: now + backoff(post.checks + 1),
    };
  }
}
