/**
 * The one way an in-flight publish moves (docs/posting.md#following-publishes):
 * the poller (follow_publishes.ts), TikTok's `post.publish.*` events
 * (lib/tiktok_webhooks/) and the publish deadline all go through
 * `movePost`, a checked read-modify-write of the post. Whoever's commit
 * moves a post to a final state sends its webhook, so `post.published` or
 * `post.failed` goes out once however the poller and an event race.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { afterWebhookStaged, stageWebhook } from "../webhooks/webhooks.ts";
import { failMessage } from "../tiktok/fail_reasons.ts";
import { postExpiry } from "./post_reservation.ts";
import { hasCaptionMark } from "./caption_marks.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { logFailure } from "../runtime/logger.ts";
import type {
  PostQuota,
  PostRecord,
  PostState,
  UsageMark,
} from "./post_record.ts";

export type OutcomeDeps = Pick<
  AppDeps,
  "kv" | "clock" | "log" | "enqueueFollow" | "enqueueWebhook"
>;

/** fail_reason of a publish not final by its deadline. */
export const PUBLISH_TIMEOUT = "publish_timeout";
/**
 * After its deadline a publish is still checked, slowly, this long: TikTok
 * retries its events for 72 h, and a late completion is still reported.
 */
export const LATE_FOLLOW_MS = 72 * 3600_000;
/** The pace of those late checks. */
export const LATE_CHECK_MS = 60 * 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/** What TikTok said about a publish (a status answer or an event). */
export interface Observed {
  status: string;
  failReason: string | null;
  raw: Record<string, unknown> | null;
}

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

/** Still followed: in flight, or past its deadline but maybe completing late. */
export function isFollowed(post: PostRecord): boolean {
  return post.state === "pending" ||
    (post.state === "failed" && post.failReason === PUBLISH_TIMEOUT);
}

function backoff(checks: number): number {
  return Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** Math.min(checks, 10));
}

/**
 * The post after TikTok said `observed` (null: no answer this time). Not
 * final by the deadline → failed/publish_timeout, checked hourly for
 * LATE_FOLLOW_MS more.
 */
export function afterObservation(
  post: PostRecord,
  observed: Observed | null,
  now: number,
  deadlineMs: number,
  options: { countCheck: boolean },
): PostRecord {
  const checks = post.checks + (options.countCheck ? 1 : 0);
  const base: PostRecord = observed
    ? {
      ...post,
      tiktokStatus: observed.status,
      failReason: observed.failReason,
      raw: observed.raw ?? post.raw,
      checks,
      updatedAt: now,
    }
    : { ...post, checks, updatedAt: now };
  const state = observed ? stateOf(observed.status) : "pending";
  if (state !== "pending") return { ...base, state, nextCheckAt: null };
  const deadlineAt = post.createdAt + deadlineMs;
  if (now < deadlineAt) {
    return {
      ...base,
      state: "pending",
      failReason: observed ? observed.failReason : post.failReason,
      nextCheckAt: Math.min(now + backoff(checks), deadlineAt),
    };
  }
  const lateUntil = deadlineAt + LATE_FOLLOW_MS;
  return {
    ...base,
    state: "failed",
    failReason: PUBLISH_TIMEOUT,
    nextCheckAt: now < lateUntil
      ? Math.min(now + LATE_CHECK_MS, lateUntil)
      : null,
  };
}

/** The deadline of a publish in ms, from the configuration. */
export function publishDeadlineMs(deps: Pick<AppDeps, "config">): number {
  return deps.config.publishDeadlineHours * 3600_000;
}

/** The webhook event a move sends, if any: only into a final state, once. */
function eventOf(
  prev: PostRecord,
  next: PostRecord,
): "post.published" | "post.failed" | null {
  if (next.state === "done" && prev.state !== "done") return "post.published";
  if (
    next.state === "failed" && prev.state !== "failed" && prev.state !== "done"
  ) return "post.failed";
  return null;
}

/**
 * Moves a post as `decide` says (null: leave it), with a check on what it
 * read: a post moved meanwhile is read and decided again. Keeps the follow
 * index and the /status snapshot in step, frees the duplicate marks and
 * the posting slot of a post TikTok failed (a timed-out one keeps them:
 * TikTok may still post it), sends the webhook of a move into a final
 * state, and queues the next check. Returns the post as stored, or null
 * when nothing moved.
 */
export async function movePost(
  deps: OutcomeDeps,
  postId: string,
  decide: (post: PostRecord, now: number) => PostRecord | null,
): Promise<PostRecord | null> {
  const { kv, clock } = deps;
  for (let attempt = 0; attempt < 20; attempt++) {
    const entry = await getTyped(kv, keys.post(postId));
    const prev = entry.value;
    if (!prev) return null;
    const now = clock.now();
    const next = decide(prev, now);
    if (!next) return null;
    const kept = postExpiry(prev, now);
    const op = kv.atomic().check(entry).set(entry.key, next, kept);
    if (prev.nextCheckAt !== null) {
      op.delete(keys.postFollow(prev.nextCheckAt, postId));
    }
    if (next.nextCheckAt !== null) {
      op.set(keys.postFollow(next.nextCheckAt, postId), true);
    }
    // Every publish of the post (a file upload after a failed pull has its
    // own) answers /status with where the post is now.
    const publishIds = new Set(
      [prev.publishId, next.publishId, ...(next.earlierPublishIds ?? [])]
        .filter((id): id is string => id !== null),
    );
    for (const id of publishIds) {
      op.set(keys.postByPublishId(id), {
        postId,
        openId: next.openId,
        status: next.tiktokStatus ?? "PROCESSING_DOWNLOAD",
        failReason: next.failReason,
        raw: next.raw,
        source: next.source ?? "PULL_FROM_URL",
        postMode: next.postMode,
        ...(next.state !== stateOf(next.tiktokStatus)
          ? { state: next.state as Exclude<PostState, "reserved"> }
          : {}),
      }, kept);
    }
    if (next.state === "failed" && next.failReason !== PUBLISH_TIMEOUT) {
      // Nothing was posted: the same video and caption may be tried again,
      // and the post's place in the hour and the day is given back, so
      // "Post again" with what TikTok asked changed goes at once.
      const [fingerprint, quota] = await kv.getMany<[UsageMark, PostQuota]>([
        keys.videoFingerprint(prev.openId, prev.fingerprint),
        keys.postQuota(prev.openId),
      ]);
      const marks = [fingerprint];
      // A post without a caption wrote no caption mark.
      if (hasCaptionMark(prev.captionHash)) {
        marks.push(
          await getTyped(
            kv,
            keys.accountCaption(prev.openId, prev.captionHash),
          ),
        );
      }
      for (const mark of marks) {
        if (mark.value?.postId === postId) op.check(mark).delete(mark.key);
      }
      const recent = quota.value?.recent ?? [];
      if (recent.some((e) => e.postId === postId)) {
        op.check(quota).set(quota.key, {
          recent: recent.filter((e) => e.postId !== postId),
        });
      }
    }
    // The webhook of a move into a final state is recorded by the same
    // commit (two sets, no check): a crash right after it loses nothing.
    const event = eventOf(prev, next);
    const delivery = event
      ? await stageWebhook(deps, op, next.openId, event, {
        post_id: next.id,
        publish_id: next.publishId,
        status: next.tiktokStatus,
        fail_reason: next.failReason,
        fail_message: failMessage(next.failReason),
        job_id: next.jobId ?? null,
        post_mode: next.postMode ?? "DIRECT_POST",
        // The caption as sent, so a receiver can say which post it was
        // without calling back (docs/webhooks.md#events).
        title: next.title,
      })
      : null;
    if (!(await op.commit()).ok) continue;
    if (delivery) await afterWebhookStaged(deps, delivery);
    await afterMove(deps, next, now);
    return next;
  }
  throw new Error("Cannot move the post: too much contention");
}

async function afterMove(
  deps: OutcomeDeps,
  next: PostRecord,
  now: number,
): Promise<void> {
  const context = { open_id: next.openId, post_id: next.id };
  if (next.nextCheckAt !== null) {
    // The follow index holds the next check: the cron makes it anyway.
    await deps.enqueueFollow?.(next.id, next.nextCheckAt - now).catch(
      logFailure(deps.log, "enqueueing the next status check", context),
    );
  }
}
