/**
 * The daily upload count (docs/media.md#uploads): one counter per account
 * and UTC day, checked against the plan's uploads per day by uploads and
 * albums alike (an album counts as one), and read by the limits answer.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import { utcDay } from "./utc_day.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/** A day's upload count outlives its UTC day by a day, then KV collects it. */
export const UPLOAD_DAY_COUNT_KEPT_MS = 2 * 24 * 3600_000;

/** Today's (UTC) upload counter entry of the account, to check and bump. */
export function uploadsToday(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
): Promise<Deno.KvEntryMaybe<Deno.KvU64>> {
  return getTyped(
    deps.kv,
    keys.uploadDayCount(openId, utcDay(deps.clock.now())),
  );
}

/** How many uploads a counter entry holds (none yet: 0). */
export function uploadsUsed(count: Deno.KvEntryMaybe<Deno.KvU64>): number {
  return Number(count.value?.value ?? 0n);
}

/** The next 00:00 UTC after `time`: when the day's upload count resets. */
export function nextUtcMidnight(time: number): number {
  const d = new Date(time);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/**
 * The plan's daily uploads are used up (`upload_limit`). The reset is an
 * ISO instant, in the message and as `retry_after` (as the posting limits
 * carry it, so `Retry-After` is sent too): the dashboard shows it in the
 * browser's time zone (docs/media.md#uploads).
 */
export function uploadLimitError(
  perDay: number,
  now: number,
  what = "",
): AppError {
  const reset = new Date(nextUtcMidnight(now)).toISOString();
  return new AppError(
    "upload_limit",
    `Daily upload limit of your plan reached (${perDay} uploads per day${what}). It resets at ${reset}.`,
    { extra: { retry_after: reset } },
  );
}
