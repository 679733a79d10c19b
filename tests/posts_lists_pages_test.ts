/**
 * What the server renders around the account's posts lists
 * (docs/dashboard.md#calendar-posts-and-media): Compose's Your posts lists
 * the 50 newest and, below them, an Older posts link to the posts page
 * from the next one; and while a post is Processing, how long that takes
 * is measured from the account's own last published posts (the posts
 * page's line, the composer's notice once sent), TikTok's usual "a few
 * minutes" while none was published.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { visit } from "./_helpers/sandbox_sign_in.ts";
import { postedRecord, writePostCopies } from "./_helpers/post_copies.ts";
import type { PostRecord } from "../lib/posting/post_record.ts";

/** The served page's HTML. */
async function page(me: Poster, server: TestServer, path: string) {
  const res = await visit(me.jar, `${server.url}${path}`);
  assert.equal(res.status, 200, path);
  return await res.text();
}

/** The text of the element with `data-testid`, tags dropped; or null. */
function textOf(html: string, testId: string): string | null {
  const found = new RegExp(
    `<(\\w+)[^>]*data-testid="${testId}"[^>]*>([\\s\\S]*?)</\\1>`,
  ).exec(html);
  return found
    ? found[2].replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim()
    : null;
}

/** Posts one video for real; returns its record, still Processing. */
async function postOnce(me: Poster, server: TestServer, title: string) {
  const post = await postedRecord(me, server, { title });
  assert.equal(post.state, "pending");
  return post;
}

/**
 * Copies of `post`, written to KV as older posts of the account, an hour
 * apart, each `change`d; returns their ids, newest first.
 */
function olderCopies(
  server: TestServer,
  post: PostRecord,
  count: number,
  change?: (k: number) => Partial<PostRecord>,
): Promise<string[]> {
  return writePostCopies(server, post, {
    count,
    at: (k) => post.createdAt - 3_600_000 * (k + 1),
    title: "Earlier",
    change,
  });
}

Deno.test("Compose's Your posts lists the 50 newest and links Older posts to the posts page from the 51st; with 50 or fewer there is no link", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "compose_older");
    const post = await postOnce(me, server, "newest");
    const ids = await olderCopies(server, post, 49);
    assert.equal(
      textOf(await page(me, server, "/dashboard"), "older-posts"),
      null,
      "50 posts: all listed, no link",
    );
    ids.push(
      ...await olderCopies(server, {
        ...post,
        createdAt: post.createdAt - 49 * 3_600_000,
      }, 3),
    );
    const html = await page(me, server, "/dashboard");
    const card =
      /<section[^>]*data-testid="posts-list"[^>]*>([\s\S]*?)<\/section>/
        .exec(html)?.[1] ?? "";
    assert.equal(
      (card.match(/<tr[^>]*data-publish-id/g) ?? []).length,
      50,
      "the 50 newest listed",
    );
    const link = /<a href="([^"]*)" data-testid="older-posts">Older posts<\/a>/
      .exec(card);
    assert.ok(link, "Older posts in the Your posts card");
    // The 51st newest: the 50th of the copies, after the real post.
    assert.equal(link[1], `/dashboard/posts?post=${ids[49]}`);
    const older = await page(me, server, link[1]);
    assert.match(
      textOf(older, "older-posts-note") ?? "",
      /These are older posts, not the newest\./,
    );
    assert.equal(
      (older.match(/class="post-item/g) ?? []).length,
      3,
      "the posts page lists the 3 older ones",
    );
  } finally {
    await server.close();
  }
});

Deno.test("while a post is Processing, the posts page and the composer say how long the account's last 5 published posts took (their median), drafts and failures left out; with none published, TikTok's few minutes", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "measured");
    const post = await postOnce(me, server, "processing now");
    // Not one published yet: TikTok's usual.
    assert.match(
      textOf(await page(me, server, "/dashboard/posts"), "processing-note") ??
        "",
      /^Processing: TikTok has the post and is publishing it, which usually takes a few minutes, longer for a long video\./,
    );
    assert.ok(
      (await page(me, server, "/dashboard")).includes(
        "can take a few minutes",
      ),
      "the composer's notice keeps TikTok's usual",
    );
    // Newest first: minutes each took; a draft and a failure in between,
    // and a 6th published post, none of them counted.
    const minute = 60_000;
    const older: Partial<PostRecord>[] = [
      { state: "done", updatedAt: 3 * minute },
      { state: "done", updatedAt: 50 * minute, postMode: "MEDIA_UPLOAD" },
      { state: "done", updatedAt: 4 * minute },
      { state: "failed", updatedAt: 40 * minute },
      { state: "done", updatedAt: 10 * minute },
      { state: "done", updatedAt: 2 * minute },
      { state: "done", updatedAt: 5 * minute },
      { state: "done", updatedAt: 60 * minute },
    ];
    await olderCopies(server, post, older.length, (k) => ({
      ...older[k],
      updatedAt: post.createdAt - 3_600_000 * (k + 1) + older[k].updatedAt!,
    }));
    assert.match(
      textOf(await page(me, server, "/dashboard/posts"), "processing-note") ??
        "",
      /^Processing: TikTok has the post and is publishing it, which took about 4 minutes for your last 5 posts, longer for a long video\./,
    );
    const compose = await page(me, server, "/dashboard");
    assert.ok(
      compose.includes(
        "can take a few minutes (about 4 minutes for your last 5 posts)",
      ),
      "the composer's notice once sent keeps TikTok's words and adds the measured time",
    );
  } finally {
    await server.close();
  }
});
