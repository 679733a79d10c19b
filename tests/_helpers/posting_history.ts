/**
 * Moves an account's posting history back in time, in the KV file a server
 * process uses. For a server on the real clock (the screenshots task) it
 * stands in for what moving a test's clock an hour on does for the hourly
 * limit (docs/posting.md#posting-limits): one more post is taken. Nothing
 * else is moved; the posts keep their times.
 * @module
 */
import { getTyped, keys } from "../../lib/kv_keys.ts";
import { withBusyRetry } from "../../lib/kv_busy_retry.ts";

/** Shifts each post counted against `openId`'s limits `ms` into the past. */
export async function movePostingHistoryBack(
  kvPath: string,
  openId: string,
  ms: number,
): Promise<void> {
  // The server process has the file open too: retry while SQLite is busy.
  const kv = withBusyRetry(await Deno.openKv(kvPath));
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      const quota = await getTyped(kv, keys.postQuota(openId));
      if (!quota.value) return;
      const recent = quota.value.recent.map((e) => ({ ...e, at: e.at - ms }));
      const res = await kv.atomic().check(quota)
        .set(keys.postQuota(openId), { recent }).commit();
      if (res.ok) return;
    }
    throw new Error(`Cannot move ${openId}'s posting history: contention`);
  } finally {
    kv.close();
  }
}
