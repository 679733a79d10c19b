/**
 * Moves an account's posting history back in time, in the KV file a server
 * process uses. For a server on the real clock (the screenshots task) it
 * stands in for what moving a test's clock an hour on does for the hourly
 * limit (docs/posting.md#posting-limits): one more post is taken. The posts
 * made so far move with it, so the pages show them as far apart as the
 * limit requires, and so do the simulated TikTok's records of them, whose
 * view counts grow from when they were made (docs/sandbox.md).
 * @module
 */
import { getTyped, keys } from "../../lib/kv_keys.ts";
import { withBusyRetry } from "../../lib/kv_busy_retry.ts";
import { sandboxKeys } from "../../sandbox/tiktok/sandbox_keys.ts";

/** Shifts `openId`'s posting limit history and posts `ms` into the past. */
export async function movePostingHistoryBack(
  kvPath: string,
  openId: string,
  ms: number,
): Promise<void> {
  // The server process has the file open too: retry while SQLite is busy.
  const kv = withBusyRetry(await Deno.openKv(kvPath));
  try {
    await moveQuotaBack(kv, openId, ms);
    await movePostsBack(kv, openId, ms);
  } finally {
    kv.close();
  }
}

/** Shifts the posts counted against `openId`'s limits `ms` into the past. */
async function moveQuotaBack(
  kv: Deno.Kv,
  openId: string,
  ms: number,
): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const quota = await getTyped(kv, keys.postQuota(openId));
    if (!quota.value) return;
    const recent = quota.value.recent.map((e) => ({ ...e, at: e.at - ms }));
    const res = await kv.atomic().check(quota)
      .set(keys.postQuota(openId), { recent }).commit();
    if (res.ok) return;
  }
  throw new Error(`Cannot move ${openId}'s posting history: contention`);
}

/** Shifts the times of `openId`'s posts `ms` into the past. */
async function movePostsBack(
  kv: Deno.Kv,
  openId: string,
  ms: number,
): Promise<void> {
  for await (
    const ref of kv.list<string>({
      prefix: keys.postsByAccountPrefix(openId),
    })
  ) {
    for (let attempt = 0;; attempt++) {
      const post = await getTyped(kv, keys.post(ref.value));
      if (!post.value) break;
      const moved = {
        ...post.value,
        createdAt: post.value.createdAt - ms,
        updatedAt: post.value.updatedAt - ms,
      };
      const res = await kv.atomic().check(post).set(post.key, moved).commit();
      if (res.ok) {
        if (post.value.publishId) {
          await movePublishBack(kv, post.value.publishId, ms);
        }
        break;
      }
      if (attempt === 10) throw new Error(`Cannot move post ${ref.value}`);
    }
  }
}

/** Shifts when the simulated TikTok took publish `publishId` `ms` back. */
async function movePublishBack(
  kv: Deno.Kv,
  publishId: string,
  ms: number,
): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const publish = await getTyped(kv, sandboxKeys.publish(publishId));
    if (!publish.value) return;
    const moved = { ...publish.value, createdAt: publish.value.createdAt - ms };
    const res = await kv.atomic().check(publish).set(publish.key, moved)
      .commit();
    if (res.ok) return;
  }
  throw new Error(`Cannot move publish ${publishId}: contention`);
}
