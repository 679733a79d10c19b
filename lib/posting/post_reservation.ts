/**
 * Race-free posting limits (docs/posting.md#reservation-and-concurrency):
 * the post slot, the video fingerprint and the caption are reserved in ONE
 * atomic KV operation (checked on the versionstamps of what was read)
 * before TikTok is called, confirmed when TikTok accepts the post, released
 * when it does not. Checks, in the order of docs/posting.md#order-of-checks:
 * video_duplicate, caption_duplicate_account, caption_global_spam,
 * tiktok_cooldown, daily_limit, interval_limit, then the same two limits
 * against the account's scheduled posts (posting_calendar.ts), whose
 * calendar is checked too. The same operation checks the account's
 * deletion mark, so the post never keeps media deleted since it was
 * resolved (media_hold.ts). Eight checks per operation: within self-hosted
 * denokv's limit of ten.
 * @module
 */
import { CONTENDED_ATTEMPTS, pauseAfterLostCommit } from "../kv_contention.ts";
import { getTyped, keys } from "../kv_keys.ts";
import { DAY_MS, HOUR_MS } from "../time_units.ts";
import { expireInUntil } from "../kv_expiry.ts";
import { AppError } from "../errors.ts";
import { spokenDuration } from "../site/spoken_duration.ts";
import { POSTING_LIMITS } from "../plans.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { confirmMediaLive } from "./media_hold.ts";
import { hasCaptionMark } from "./caption_marks.ts";
import {
  fitCandidates,
  postTimesTaken,
  scheduledPostConflict,
  slotFits,
} from "./posting_calendar.ts";
import { postingLimitError } from "./posting_limit_errors.ts";
import type { PostingBlock } from "./posting_limit_errors.ts";
import type { JobCalendar } from "../jobs/job_record.ts";
import type { Account } from "../accounts/account_record.ts";
import { accountDeleted } from "../accounts/accounts_store.ts";
import type { MediaHold } from "./media_hold.ts";
import type {
  GlobalCaptionUses,
  PostQuota,
  PostRecord,
  QuotaEntry,
  TikTokCooldown,
  UsageMark,
  VideoSource,
} from "./post_record.ts";

export { DAY_MS, HOUR_MS };
/** Duplicate windows: 12 months per account. */
export const DUPLICATE_WINDOW_MS = 365 * DAY_MS;
/**
 * A post (its record, list entry and publish snapshot) is kept this long
 * after it is made, then KV collects it (docs/posting.md#creator-info-and-posts).
 */
export const POST_KEPT_MS = 30 * DAY_MS;
/** One caption on more than this many accounts within 24 h is spam. */
export const GLOBAL_CAPTION_ACCOUNTS = 5;
/** TikTok's HTTP 429 pauses posting for the account this long. */
export const TIKTOK_COOLDOWN_MS = 3 * HOUR_MS;

/**
 * How long KV keeps each entry the reservation writes (a margin past the
 * window it guards, which the value's time decides on read).
 */
export const KEEP = {
  /** A fingerprint or caption mark: its 12-month window. */
  mark: { expireIn: DUPLICATE_WINDOW_MS + DAY_MS },
  /** A caption's uses across accounts: the last 24 hours. */
  globalCaption: { expireIn: DAY_MS + HOUR_MS },
  /** A cooldown: until it ends. */
  cooldown: { expireIn: TIKTOK_COOLDOWN_MS + HOUR_MS },
} as const;

/** `expireIn` for a post's record, list entry and snapshot, written at `now`. */
export function postExpiry(
  post: Pick<PostRecord, "createdAt">,
  now: number,
): { expireIn: number } {
  return { expireIn: expireInUntil(post.createdAt + POST_KEPT_MS, now) };
}

/** Whether `mark` still refuses a duplicate: used within the window. */
export function liveMark(
  mark: UsageMark | null,
  now: number,
): mark is UsageMark {
  return mark !== null && mark.at > now - DUPLICATE_WINDOW_MS;
}

/**
 * A duplicate refusal's `next_step` (docs/posting.md#duplicates): which post
 * holds this `what` (`it`, said again), until when, how to post before then
 * (`now`), and how a post whose outcome is unknown gives it back.
 */
function heldByPost(
  mark: UsageMark,
  [what, it]: [string, string],
  now: string,
): string {
  const window = spokenDuration(DUPLICATE_WINDOW_MS);
  const clears = new Date(mark.at + DUPLICATE_WINDOW_MS).toISOString();
  return `Post ${mark.postId} of this account already has this ${what}, and the same ${it} is refused for ${window} after it: until ${clears}. ${now} If that post's outcome is unknown and it is not on TikTok, mark it not posted (REST POST /api/tiktok/posts/${mark.postId}/not_posted, MCP mark_not_posted) to free the ${it}.`;
}

/**
 * The refusal of a video this account posted in the duplicate window,
 * naming the post that has it (`post_id`: listed by GET /api/tiktok/posts;
 * one whose outcome is unknown can be marked not posted) and, in
 * `next_step`, when the link is taken again and what to do until then:
 * the message stays the contract's word for word (docs/posting.md#duplicates).
 */
export function videoDuplicateError(mark: UsageMark): AppError {
  return new AppError(
    "video_duplicate",
    "This video URL was already used for this TikTok account recently.",
    {
      extra: {
        post_id: mark.postId,
        next_step: heldByPost(
          mark,
          ["video link", "link"],
          "To post the video before then, upload the file again (REST POST /api/uploads): a new upload is a new link.",
        ),
      },
    },
  );
}

/**
 * The refusal of a caption this account posted, as videoDuplicateError:
 * `next_step` says when the caption is accepted again and to change it.
 */
export function captionDuplicateError(mark: UsageMark): AppError {
  return new AppError(
    "caption_duplicate_account",
    "This caption was already used on this TikTok account recently.",
    {
      extra: {
        post_id: mark.postId,
        next_step: heldByPost(
          mark,
          ["caption", "caption"],
          "To post before then, change the caption (title).",
        ),
      },
    },
  );
}

/** The error for an account in TikTok cooldown, or null. */
export function cooldownError(
  cooldown: TikTokCooldown | null,
  now: number,
): AppError | null {
  if (!cooldown || cooldown.until <= now) return null;
  return new AppError(
    "tiktok_cooldown",
    "TikTok recently returned HTTP 429 for this account; posting is temporarily paused.",
    {
      extra: {
        retry_after_seconds: Math.ceil((cooldown.until - now) / 1000),
        retry_after: new Date(cooldown.until).toISOString(),
      },
    },
  );
}

/** The account's posts counted at `now`: those of the last 24 hours. */
export function postsInLastDay(
  quota: PostQuota | null,
  now: number,
): QuotaEntry[] {
  return (quota?.recent ?? []).filter((e) => e.at > now - DAY_MS);
}

/**
 * The posting limit (docs/posting.md#posting-limits) a post at `at` breaks,
 * daily first, or null. `recent` holds the account's posts, oldest first.
 */
export function postingBlock(
  recent: QuotaEntry[],
  at: number,
): PostingBlock | null {
  const lastDay = recent.filter((e) => e.at > at - DAY_MS);
  if (lastDay.length >= POSTING_LIMITS.postsPerDay) {
    return {
      code: "daily_limit",
      freeAt: lastDay[lastDay.length - POSTING_LIMITS.postsPerDay].at + DAY_MS,
    };
  }
  const lastHour = lastDay.filter((e) => e.at > at - HOUR_MS);
  if (lastHour.length >= POSTING_LIMITS.postsPerHour) {
    return {
      code: "interval_limit",
      freeAt: lastHour[lastHour.length - POSTING_LIMITS.postsPerHour].at +
        HOUR_MS,
    };
  }
  return null;
}

/**
 * When a post now, refused by the posts made (`blocked`), is accepted
 * again: the first time from `blocked.freeAt` that the posts made and the
 * account's scheduled posts both take, as `GET /api/limits`' next_post_at
 * (docs/posting.md#posting-limits).
 */
function acceptedAgainAt(
  blocked: PostingBlock,
  recent: QuotaEntry[],
  calendar: JobCalendar | null,
  quota: PostQuota | null,
  now: number,
): number {
  const taken = postTimesTaken(calendar, quota, now);
  return fitCandidates(blocked.freeAt, taken).find((t) =>
    !postingBlock(recent, t) && slotFits(t, taken)
  ) ?? blocked.freeAt;
}

/** The keys one post reserves. */
function reservationKeys(post: PostRecord) {
  return {
    quota: keys.postQuota(post.openId),
    fingerprint: keys.videoFingerprint(post.openId, post.fingerprint),
    cooldown: keys.tiktokCooldown(post.openId),
    calendar: keys.jobCalendar(post.openId),
  };
}

/**
 * The post's caption mark and its uses across accounts, as read now; none
 * for a post without a caption, which neither caption rule concerns
 * (docs/posting.md#duplicates).
 */
async function readCaptionMarks(
  kv: Deno.Kv,
  post: PostRecord,
): Promise<
  | [Deno.KvEntryMaybe<UsageMark>, Deno.KvEntryMaybe<GlobalCaptionUses>]
  | [null, null]
> {
  if (!hasCaptionMark(post.captionHash)) return [null, null];
  return await kv.getMany<[UsageMark, GlobalCaptionUses]>([
    keys.accountCaption(post.openId, post.captionHash),
    keys.globalCaption(post.captionHash),
  ]);
}

/**
 * Reserves everything the post needs and writes the post as `reserved`,
 * checked against the deletion of its media (`hold`: its resolution's).
 * @throws {AppError} the first limit or duplicate rule the post breaks;
 *   `bad_request` when one of its uploads was deleted since it was resolved
 */
export async function reservePost(
  deps: Pick<AppDeps, "kv" | "clock">,
  post: PostRecord,
  hold: MediaHold,
): Promise<void> {
  const { kv, clock } = deps;
  const k = reservationKeys(post);
  for (let attempt = 0; attempt < CONTENDED_ATTEMPTS; attempt++) {
    const [
      [quota, fingerprint, cooldown, calendar, deletion, account],
      [caption, global],
    ] = await Promise.all([
      kv.getMany<
        [PostQuota, UsageMark, TikTokCooldown, JobCalendar, number, Account]
      >([
        k.quota,
        k.fingerprint,
        k.cooldown,
        k.calendar,
        keys.mediaDeletedAt(post.openId),
        keys.account(post.openId),
      ]),
      readCaptionMarks(kv, post),
    ]);
    // The account is checked in the commit: a deletion committed since the
    // request began (docs/accounts.md#deleting-an-account) leaves nothing
    // to post for, and no post is written behind its sweep.
    if (!account.value) throw accountDeleted();
    const now = clock.now();
    if (liveMark(fingerprint.value, now)) {
      throw videoDuplicateError(fingerprint.value);
    }
    if (caption && liveMark(caption.value, now)) {
      throw captionDuplicateError(caption.value);
    }
    const uses = (global?.value?.uses ?? []).filter((u) => u.at > now - DAY_MS);
    const otherAccounts = new Set(
      uses.filter((u) => u.openId !== post.openId).map((u) => u.openId),
    );
    if (otherAccounts.size >= GLOBAL_CAPTION_ACCOUNTS) {
      throw new AppError(
        "caption_global_spam",
        "This caption is being reused across too many accounts in a short time.",
      );
    }
    const cooling = cooldownError(cooldown.value, now);
    if (cooling) throw cooling;
    const recent = postsInLastDay(quota.value, now);
    const blocked = postingBlock(recent, now);
    if (blocked) {
      // Counted to when a post is accepted again: a scheduled post may
      // hold the hour the posts made let go of (not a job's own post,
      // which took its time when it was made). Still the posts made's
      // refusal: no next_free_at, which says scheduled posts refused it.
      const freeAt = post.jobId
        ? blocked.freeAt
        : acceptedAgainAt(blocked, recent, calendar.value, quota.value, now);
      throw postingLimitError({ ...blocked, freeAt }, now);
    }
    // A job's own post is not held against the calendar it is in: the job
    // took its time when it was made.
    const scheduled = post.jobId
      ? null
      : scheduledPostConflict(calendar.value, quota.value, now);
    if (scheduled) throw scheduled;
    const mark: UsageMark = { postId: post.id, at: now };
    const kept = postExpiry({ createdAt: now }, now);
    const mediaLive = await confirmMediaLive(deps, hold, deletion);
    const op = kv.atomic()
      .check(quota, fingerprint, cooldown, calendar)
      .check(mediaLive, account)
      .check({ key: keys.post(post.id), versionstamp: null });
    if (caption && global) {
      op.check(caption, global)
        .set(caption.key, mark, KEEP.mark)
        .set(global.key, {
          uses: [...uses, { openId: post.openId, postId: post.id, at: now }],
        }, KEEP.globalCaption);
    }
    const res = await op
      .set(k.quota, {
        recent: [...recent, post.jobId ? { ...mark, jobId: post.jobId } : mark],
      })
      .set(k.fingerprint, mark, KEEP.mark)
      .set(keys.post(post.id), {
        ...post,
        state: "reserved",
        createdAt: now,
        updatedAt: now,
      }, kept)
      .set(keys.postByAccount(post.openId, post.id), post.id, kept)
      .commit();
    if (res.ok) return;
    // Contention, not a rejection: re-read and decide again.
    await pauseAfterLostCommit(attempt + 1);
  }
  throw new AppError(
    "conflict",
    "Too many posts for this account at the same moment; try again.",
  );
}

/** TikTok accepted the post: it becomes `pending` and is followed. */
export async function confirmPost(
  deps: Pick<AppDeps, "kv" | "clock">,
  postId: string,
  publishId: string,
  firstCheckAt: number,
  upload: { source: VideoSource; uploadUntil?: number } = {
    source: "PULL_FROM_URL",
  },
): Promise<PostRecord> {
  const { kv, clock } = deps;
  // TikTok's first status: downloading a pull, receiving a file upload.
  const status = upload.source === "FILE_UPLOAD"
    ? "PROCESSING_UPLOAD"
    : "PROCESSING_DOWNLOAD";
  // Bounded as the reservation is: past the tries, 409 `conflict`, the
  // post left reserved as after any failed commit once TikTok took it
  // (docs/posting.md#outcome-unknown).
  for (let attempt = 0; attempt < CONTENDED_ATTEMPTS; attempt++) {
    if (attempt > 0) await pauseAfterLostCommit(attempt);
    const entry = await getTyped(kv, keys.post(postId));
    if (!entry.value) {
      throw new Error(`Post ${postId} vanished before confirmation`);
    }
    const now = clock.now();
    const post: PostRecord = {
      ...entry.value,
      state: "pending",
      publishId,
      tiktokStatus: status,
      updatedAt: now,
      nextCheckAt: firstCheckAt,
      source: upload.source,
      ...(upload.uploadUntil ? { uploadUntil: upload.uploadUntil } : {}),
    };
    const kept = postExpiry(post, now);
    const res = await kv.atomic().check(entry)
      .set(entry.key, post, kept)
      .set(keys.postByPublishId(publishId), {
        postId,
        openId: post.openId,
        status,
        failReason: null,
        raw: null,
        source: upload.source,
        postMode: post.postMode,
      }, kept)
      .set(keys.postFollow(firstCheckAt, postId), true)
      .set(keys.lastPostSuccess(post.openId), now)
      .commit();
    if (res.ok) return post;
  }
  throw new AppError(
    "conflict",
    "TikTok took this post, but its record kept changing while it was saved. Check the account's posts on TikTok before posting it again.",
  );
}

/**
 * TikTok did not answer the post's init in time: the post stays reserved
 * (TikTok may have made it) and is marked so, for the lists to show it.
 * A post no longer reserved (a late confirmation) is left as it is.
 */
export async function markOutcomeUnknown(
  deps: Pick<AppDeps, "kv" | "clock">,
  postId: string,
): Promise<void> {
  const { kv, clock } = deps;
  // Safe to give up under contention: once the longest post has run its
  // course, the lists show an unmarked reserved post as unknown too.
  for (let attempt = 0; attempt < 10; attempt++) {
    const entry = await getTyped(kv, keys.post(postId));
    if (entry.value?.state !== "reserved") return;
    const now = clock.now();
    const res = await kv.atomic().check(entry)
      .set(entry.key, {
        ...entry.value,
        outcomeUnknownAt: now,
        updatedAt: now,
      }, postExpiry(entry.value, now))
      .commit();
    if (res.ok) return;
  }
}

/**
 * TikTok did not take the post: gives back the slot, the fingerprint and
 * the caption, deletes the reserved post, and starts the 3-hour cooldown
 * when TikTok answered HTTP 429.
 */
export async function releasePost(
  deps: Pick<AppDeps, "kv" | "clock">,
  post: PostRecord,
  options: { cooldown: boolean },
): Promise<void> {
  const { kv, clock } = deps;
  const k = reservationKeys(post);
  for (let attempt = 0; attempt < CONTENDED_ATTEMPTS; attempt++) {
    if (attempt > 0) await pauseAfterLostCommit(attempt);
    const [[quota, fingerprint], [caption, global]] = await Promise.all([
      kv.getMany<[PostQuota, UsageMark]>([k.quota, k.fingerprint]),
      readCaptionMarks(kv, post),
    ]);
    const op = kv.atomic().check(quota, fingerprint)
      .delete(keys.post(post.id))
      .delete(keys.postByAccount(post.openId, post.id));
    if (quota.value) {
      op.set(k.quota, {
        recent: quota.value.recent.filter((e) => e.postId !== post.id),
      });
    }
    if (fingerprint.value?.postId === post.id) op.delete(k.fingerprint);
    if (caption) op.check(caption);
    if (caption?.value?.postId === post.id) op.delete(caption.key);
    if (global) op.check(global);
    if (global?.value) {
      op.set(global.key, {
        uses: global.value.uses.filter((u) => u.postId !== post.id),
      }, KEEP.globalCaption);
    }
    if (options.cooldown) {
      const now = clock.now();
      op.set(keys.tiktokCooldown(post.openId), {
        startedAt: now,
        until: now + TIKTOK_COOLDOWN_MS,
      }, KEEP.cooldown);
    }
    if ((await op.commit()).ok) return;
  }
  throw new Error(`Cannot release post ${post.id}: too much contention`);
}
