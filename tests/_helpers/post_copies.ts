/**
 * Many posts of an account without posting each: one real post's record,
 * copied straight into KV with the account's index, as the posts lists'
 * tests need dozens to hundreds of them.
 * @module
 */
import assert from "node:assert/strict";
import { ulid } from "ulid";
import type { TestServer } from "./test_server.ts";
import type { Poster } from "./posting_setup.ts";
import { getTyped, keys } from "../../lib/kv_keys.ts";
import type { PostRecord } from "../../lib/posting/post_record.ts";

/** Posts one video "Only me" for real; returns its record. */
export async function postedRecord(
  me: Poster,
  server: TestServer,
  options: { title: string; sourceUrl?: string },
): Promise<PostRecord> {
  const r = await me.json("POST", "/api/tiktok/direct_post", {
    source_url: options.sourceUrl ?? await me.uploadVideo(),
    title: options.title,
    privacy: "SELF_ONLY",
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const listed = await me.json("GET", "/api/tiktok/posts?limit=1");
  const id = String((listed.body.posts as { post_id: string }[])[0].post_id);
  return (await getTyped(server.kv, keys.post(id))).value!;
}

/**
 * `count` copies of `post` written as posts of `openId` (the post's own
 * account unless given), the k-th made at `at(k)` and titled
 * `${title} ${k}`, each `change`d; returns their ids in that order.
 */
export async function writePostCopies(
  server: TestServer,
  post: PostRecord,
  options: {
    count: number;
    at: (k: number) => number;
    openId?: string;
    title?: string;
    change?: (k: number) => Partial<PostRecord>;
  },
): Promise<string[]> {
  const { count, at, openId = post.openId, title = "Copy" } = options;
  const ids: string[] = [];
  for (let i = 0; i < count; i += 20) {
    const batch = server.kv.atomic();
    for (let k = i; k < Math.min(count, i + 20); k++) {
      const id = ulid(at(k));
      ids.push(id);
      batch.set(keys.post(id), {
        ...post,
        id,
        openId,
        title: `${title} ${k}`,
        createdAt: at(k),
        updatedAt: at(k),
        ...options.change?.(k),
      }).set(keys.postByAccount(openId, id), id);
    }
    assert.ok((await batch.commit()).ok);
  }
  return ids;
}
