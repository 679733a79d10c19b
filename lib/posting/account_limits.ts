/**
 * What an account may still do, for tools that plan
 * (docs/posting.md#limits-left): posts and uploads left today, when a post
 * is next accepted, status calls left, the TikTok cooldown. Every figure
 * comes from the records and the functions the checks themselves use
 * (post_reservation.ts, jobs.ts, status_limits.ts, upload_quota.ts), so
 * the answer cannot drift from the enforcement.
 * @module
 */
import { keys } from "../kv_keys.ts";
import { getPlan, POSTING_LIMITS } from "../plans.ts";
import type { Account } from "../accounts/account_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { uploadsToday, uploadsUsed } from "../media/upload_quota.ts";
import { fitCandidates, postTimesTaken, slotFits } from "./posting_calendar.ts";
import type { JobCalendar } from "../jobs/job_record.ts";
import {
  cooldownError,
  postingBlock,
  postsInLastDay,
} from "./post_reservation.ts";
import type { PostQuota, TikTokCooldown } from "./post_record.ts";
import { statusCallsLeft } from "./status_limits.ts";
import type { StatusLimitState } from "./status_limit_record.ts";

/** The figures of `GET /api/limits` (times in epoch milliseconds). */
export interface AccountLimits {
  postsLeftToday: number;
  uploadsLeftToday: number;
  /** The earliest time a post, or a job's run, is accepted (≥ now). */
  nextPostAt: number;
  statusCallsLeftMinute: number;
  statusCallsLeftHour: number;
  /** The end of the TikTok cooldown, or null when none is running. */
  cooldownUntil: number | null;
}

/** What decides when the account may post next. */
export interface PostingRecords {
  quota: PostQuota | null;
  cooldown: TikTokCooldown | null;
  calendar: JobCalendar | null;
}

/**
 * The earliest time at or after `now` when a post is accepted — no TikTok
 * cooldown, within the daily and hourly limits — and a job run then fits
 * the account's calendar (an hour clear of its other jobs). Only the
 * records' own times, an hour or a day on, and the cooldown's end can be
 * the first such moment: each is tried in order with the checks' own
 * functions.
 */
export function nextPostTime(records: PostingRecords, now: number): number {
  const recent = postsInLastDay(records.quota, now);
  const taken = postTimesTaken(records.calendar, records.quota, now);
  const accepted = (at: number) =>
    !cooldownError(records.cooldown, at) && !postingBlock(recent, at) &&
    slotFits(at, taken);
  const candidates = [
    ...fitCandidates(now, taken),
    records.cooldown?.until ?? now,
  ].filter((t) => t >= now).sort((a, b) => a - b);
  const first = candidates.find(accepted);
  // A day after the last record (or the cooldown's end) always passes.
  if (first === undefined) throw new Error("No posting time found");
  return first;
}

/** The account's limits as they stand now. */
export async function accountLimits(
  deps: Pick<AppDeps, "kv" | "clock">,
  account: Account,
): Promise<AccountLimits> {
  const { openId } = account;
  const [[quota, cooldown, calendar, status, lastPost], uploads] = await Promise
    .all([
      deps.kv.getMany<
        [PostQuota, TikTokCooldown, JobCalendar, StatusLimitState, number]
      >([
        keys.postQuota(openId),
        keys.tiktokCooldown(openId),
        keys.jobCalendar(openId),
        keys.statusLimits(openId),
        keys.lastPostSuccess(openId),
      ]),
      uploadsToday(deps, openId),
    ]);
  const now = deps.clock.now();
  const plan = getPlan(account.plan ?? "free");
  const calls = statusCallsLeft(status.value, lastPost.value, now);
  const cooling = cooldownError(cooldown.value, now);
  return {
    postsLeftToday: Math.max(
      0,
      POSTING_LIMITS.postsPerDay - postsInLastDay(quota.value, now).length,
    ),
    uploadsLeftToday: Math.max(0, plan.uploadsPerDay - uploadsUsed(uploads)),
    nextPostAt: nextPostTime({
      quota: quota.value,
      cooldown: cooldown.value,
      calendar: calendar.value,
    }, now),
    statusCallsLeftMinute: calls.minute,
    statusCallsLeftHour: calls.hour,
    cooldownUntil: cooling ? cooldown.value!.until : null,
  };
}
