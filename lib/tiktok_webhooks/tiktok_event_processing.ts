/**
 * Applies the events TikTok sent (docs/tiktok.md#tiktoks-webhooks), after
 * the 200: `post.publish.*` move the post through publish_outcome.ts (the
 * poller's path, so our webhooks fire once whoever is first, and the
 * poller stops); `authorization.removed` disconnects the account. Each
 * event is claimed under a lease (several processes, the cron and the
 * intake's own kick, may reach it) and applying one twice changes nothing.
 * An event for a publish PM3K has not recorded yet (its init answer still
 * on the way) is tried again with backoff for EVENT_RETRY_FOR_MS.
 * @module
 */
import { busyWithDueJobs, yieldToDueJobs } from "../jobs/job_backlog.ts";
import { getTyped, keys } from "../kv_keys.ts";
import { drainDue } from "../runtime/drain_due.ts";
import { logFailure } from "../runtime/logger.ts";
import { claimDue } from "../runtime/claim_due.ts";
import {
  afterObservation,
  isFollowed,
  movePost,
  publishDeadlineMs,
} from "../posting/publish_outcome.ts";
import type { Observed, OutcomeDeps } from "../posting/publish_outcome.ts";
import { disconnectAccount, grantPredates } from "../accounts/disconnect.ts";
import type { TikTokGrant } from "../accounts/account_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { PostRecord } from "../posting/post_record.ts";
import { fallsBackToFile } from "../posting/video_source.ts";
import type { TikTokEventRecord } from "./tiktok_event_record.ts";
import { EVENT_KEPT_MS } from "./tiktok_event_intake.ts";
import { isJsonObject } from "../json_object.ts";

export type EventDeps = OutcomeDeps & Pick<AppDeps, "config">;

/** A claimed event is due again after this long (its process may have died). */
export const EVENT_LEASE_MS = 2 * 60_000;
/** How long an event for a publish not (yet) known is tried again. */
export const EVENT_RETRY_FOR_MS = 10 * 60_000;

/** Works through every event due now (the cron's round); how many applied. */
export function processDueTikTokEvents(deps: EventDeps): Promise<number> {
  return drainDue(
    deps.kv,
    keys.tiktokEventsDuePrefix(),
    () => deps.clock.now(),
    (at, key) => processTikTokEvent(deps, String(key[2]), at),
    // Due jobs of this process post first (job_backlog.ts).
    () => yieldToDueJobs(deps.kv),
  );
}

/**
 * Applies an event just recorded, after the intake's answer; the event is
 * in KV, so the cron covers a crash. While due jobs wait for a turn the
 * cron applies it instead (job_backlog.ts).
 */
export function applyEventSoon(deps: EventDeps, id: string): void {
  if (busyWithDueJobs(deps.kv)) return;
  setTimeout(() => {
    processTikTokEvent(deps, id).catch(
      logFailure(deps.log, "applying a TikTok event", { event_id: id }),
    );
  }, 0);
}

/** Applies one event if it is due and unclaimed; whether it was worked on. */
export async function processTikTokEvent(
  deps: EventDeps,
  id: string,
  dueAt?: number,
): Promise<boolean> {
  const { kv, clock } = deps;
  const now = clock.now();
  const claim = await claimDue(kv, await getTyped(kv, keys.tiktokEvent(id)), {
    field: "nextAttemptAt",
    dueKey: (at) => keys.tiktokEventDue(at, id),
    now,
    leaseMs: EVENT_LEASE_MS,
    foundAt: dueAt,
    keep: () => ({ expireIn: EVENT_KEPT_MS }),
  });
  if (!claim) return false;
  const event = claim.value;
  const outcome = await apply(deps, event);
  const at = clock.now();
  const retry = outcome === "post_unknown" &&
    at - event.receivedAt < EVENT_RETRY_FOR_MS;
  const next: TikTokEventRecord = {
    ...event,
    state: retry ? "pending" : "done",
    attempts: event.attempts + 1,
    nextAttemptAt: retry
      ? at + 15_000 * 2 ** Math.min(event.attempts, 4)
      : null,
    updatedAt: at,
    outcome,
  };
  // Checked against the claim, as a webhook delivery's attempt is: the
  // account may have been deleted while the event was applied (its events
  // swept, docs/accounts.md#deleting-an-account), or the lease lapsed and
  // another process took the event over; either way the record is no
  // longer ours to write (docs/tiktok.md#tiktoks-webhooks).
  const op = kv.atomic()
    .check({ key: keys.tiktokEvent(id), versionstamp: claim.versionstamp })
    .set(keys.tiktokEvent(id), next, { expireIn: EVENT_KEPT_MS })
    .delete(keys.tiktokEventDue(claim.leaseAt, id));
  if (next.nextAttemptAt !== null) {
    op.set(keys.tiktokEventDue(next.nextAttemptAt, id), true);
  }
  if (!(await op.commit()).ok) {
    deps.log({
      level: "info",
      message:
        "a TikTok event changed while it was applied (its account deleted, or its lease taken over); its outcome is not written back",
      tiktok_event: event.event,
      outcome,
      event_id: id,
    });
    return true;
  }
  if (outcome !== "applied" && outcome !== "already_final") {
    deps.log({
      level: retry ? "info" : "warn",
      message: retry
        ? "a TikTok event names a publish not recorded yet; trying again"
        : "a TikTok event had nothing to apply",
      tiktok_event: event.event,
      outcome,
      user_openid: event.userOpenId,
      publish_id: event.content.publish_id,
    });
  }
  return true;
}

type Outcome =
  | "applied"
  | "already_final"
  | "post_unknown"
  | "account_unknown"
  | "superseded"
  | "ignored";

async function apply(
  deps: EventDeps,
  event: TikTokEventRecord,
): Promise<Outcome> {
  if (event.event === "authorization.removed") {
    const account = await getTyped(deps.kv, keys.account(event.userOpenId));
    if (!account.value) return "account_unknown";
    // TikTok retries for 72 hours: a removal from before the creator signed
    // in again is about the old grant, and must not end the new one.
    const current = (grant: TikTokGrant | null) =>
      grantPredates(grant, event.createTime);
    if (!current(account.value.tiktok)) return "superseded";
    // Checked again in the disconnecting atomic: a sign-in in between wins.
    await disconnectAccount(
      deps,
      event.userOpenId,
      "authorization_removed",
      { tiktok_reason: event.content.reason ?? null },
      current,
    );
    return "applied";
  }
  const observed = observedOf(event);
  if (!observed) return "ignored";
  const publishId = String(event.content.publish_id ?? "");
  const snapshot = publishId
    ? (await getTyped(deps.kv, keys.postByPublishId(publishId))).value
    : null;
  if (!snapshot || snapshot.openId !== event.userOpenId) return "post_unknown";
  const moved = await movePost(
    deps,
    snapshot.postId,
    (post, now) => decide(deps, post, observed, event, now),
  );
  return moved ? "applied" : "already_final";
}

/**
 * What a publish event says, as a status; null for events we ignore. Its
 * `raw` is filled in by `statusRaw` against the post's last answer.
 */
function observedOf(event: TikTokEventRecord): Observed | null {
  switch (event.event) {
    case "post.publish.complete":
    case "post.publish.publicly_available":
      return { status: "PUBLISH_COMPLETE", failReason: null, raw: null };
    case "post.publish.failed":
      return {
        status: "FAILED",
        failReason: String(event.content.reason ?? "unknown"),
        raw: null,
      };
    case "post.publish.inbox_delivered":
      return { status: "SEND_TO_USER_INBOX", failReason: null, raw: null };
    default:
      // no_longer_publicaly_available, Video Kit's older events, new ones.
      return null;
  }
}

/**
 * `raw` as TikTok's status-fetch answer would give it
 * (docs/posting.md#status): the post's last answer with the event's facts
 * folded into `data` (status, fail_reason, the public post id), so /status
 * keeps one shape whoever saw the end first.
 */
function statusRaw(
  previous: Record<string, unknown> | null,
  facts: { status?: string; failReason?: string | null; postId?: unknown },
): Record<string, unknown> {
  const data = isJsonObject(previous?.data) ? { ...previous.data } : {};
  if (facts.status !== undefined) data.status = facts.status;
  if (facts.failReason) data.fail_reason = facts.failReason;
  else if (facts.status !== undefined) delete data.fail_reason;
  if (facts.postId !== undefined) {
    data.publicaly_available_post_id = [String(facts.postId)];
  } else if (!Array.isArray(data.publicaly_available_post_id)) {
    data.publicaly_available_post_id = [];
  }
  // The event carries no log_id: the last status answer's error, if any.
  const error = isJsonObject(previous?.error)
    ? previous.error
    : { code: "ok", message: "" };
  return { data, error };
}

function decide(
  deps: EventDeps,
  post: PostRecord,
  observed: Observed,
  event: TikTokEventRecord,
  now: number,
): PostRecord | null {
  const postId = event.content.post_id;
  if (post.state === "done") {
    // Final; publicly_available may still bring the public post id.
    const data = post.raw?.data;
    const known = isJsonObject(data) ? data.publicaly_available_post_id : null;
    if (postId === undefined || Array.isArray(known) && known.length > 0) {
      return null;
    }
    return {
      ...post,
      raw: statusRaw(post.raw, { postId }),
      updatedAt: now,
    };
  }
  // An event about a publish the post moved on from (a file upload after
  // a failed pull) says nothing about the post now.
  if (!isFollowed(post) || post.publishId !== event.content.publish_id) {
    return null;
  }
  if (fallsBackToFile(deps.config, post, observed)) {
    // auto's file upload after a failed pull is the poller's to start
    // (lib/posting/video_source.ts), once: the event makes it due now.
    if (post.nextCheckAt !== null && post.nextCheckAt <= now) return null;
    return { ...post, nextCheckAt: now, updatedAt: now };
  }
  const raw = statusRaw(post.raw, {
    status: observed.status,
    failReason: observed.failReason,
    postId,
  });
  const next = afterObservation(
    post,
    { ...observed, raw },
    now,
    publishDeadlineMs(deps),
    { countCheck: false },
  );
  // A step that is not final (e.g. a draft reaching the inbox while a
  // direct post waits) leaves the post to the poller.
  return next.state === "pending" ? null : next;
}
