/**
 * The daily upload count (docs/media.md#uploads): one counter per account
 * and UTC day, checked against the plan's uploads per day by uploads and
 * albums alike (an album counts as one), and read by the limits answer.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { utcDay } from "./utc_day.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

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
