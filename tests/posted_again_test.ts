/**
 * A failed post whose media was posted again, or is scheduled to be, says
 * by which post or scheduled post (`posted_again`,
 * docs/dashboard.md#post-again): worked out by the server from all the
 * account's posts and its calendar, so a page of the list that does not
 * hold the newer post still says it, and the dashboard's "Posted again"
 * and "Scheduled again" links are the server's too.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, scheduleJob } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { anHourLater } from "./_helpers/follow_while.ts";
import { visit } from "./_helpers/sandbox_sign_in.ts";
import type { TestServer } from "./_helpers/test_server.ts";

type Post = Record<string, unknown> & { post_id: string };

async function postsPage(me: Poster, query = ""): Promise<{
  posts: Post[];
  cursor: string | null;
}> {
  const res = await me.json("GET", `/api/tiktok/posts${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { posts: Post[]; cursor: string | null };
}

async function postNow(me: Poster, sourceUrl: string, title: string) {
  const res = await me.json("POST", "/api/tiktok/direct_post", {
    source_url: sourceUrl,
    title,
    privacy: "SELF_ONLY",
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** The posts page's "Posted again" or "Scheduled again" link, as rendered. */
async function againLink(me: Poster, server: TestServer) {
  const html = await (await visit(me.jar, `${server.url}/dashboard/posts`))
    .text();
  const found =
    /<a[^>]*href="([^"]*)"[^>]*data-testid="posted-again"[^>]*>([^<]*)/
      .exec(html);
  return found
    ? { href: found[1].replaceAll("&amp;", "&"), text: found[2].trim() }
    : null;
}

/**
 * Schedules `sourceUrl` five hours on and checks that the newest post, a
 * failed one, says Scheduled again by that job, in the API and on the
 * posts page: the job's id.
 */
async function scheduledAgain(
  me: Poster,
  server: TestServer,
  sourceUrl: string,
): Promise<string> {
  const runAt = server.clock.now() + 5 * 3600_000;
  const job = await scheduleJob(me, runAt, {
    source_url: sourceUrl,
    title: "scheduled try",
    privacy: "SELF_ONLY",
  });
  assert.equal(job.status, 200, JSON.stringify(job.body));
  const jobId = String(job.body.job_id);
  const [failed] = (await postsPage(me)).posts;
  assert.equal(failed.state, "failed");
  assert.deepEqual(failed.posted_again, {
    post_id: null,
    job_id: jobId,
    run_at: new Date(runAt).toISOString(),
  });
  assert.deepEqual(await againLink(me, server), {
    href: `/dashboard/calendar?job=${jobId}`,
    text: "Scheduled again",
  });
  return jobId;
}

Deno.test("a failed post says what posted its media again: a scheduled post, then a post on another page of the list", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "again_user", "monthly");
    const video = await me.uploadVideo("again.mp4");
    await me.sandbox({
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    await postNow(me, video, "first try");
    await anHourLater(server);
    const [failed] = (await postsPage(me)).posts;
    assert.equal(failed.state, "failed");
    assert.equal(failed.posted_again, null, "nothing posted it again yet");

    // Scheduled again (the composer's Schedule): not posted yet, but
    // TikTok will have it, so the failed post says so.
    const jobId = await scheduledAgain(me, server, video);

    // Cancelled: Post again is back.
    const cancel = await me.json("DELETE", `/api/jobs/${jobId}`);
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    assert.equal((await postsPage(me)).posts[0].posted_again, null);
    assert.equal(await againLink(me, server), null);

    // Posted again now: the newer post, even read a page at a time, the
    // failed post on a page of its own that does not hold the new one.
    await postNow(me, video, "second try");
    const first = await postsPage(me, "?limit=1");
    const newer = first.posts[0];
    assert.equal(newer.title, "second try");
    assert.ok(first.cursor, "a second page");
    const second = await postsPage(me, `?limit=1&cursor=${first.cursor}`);
    assert.equal(second.posts[0].post_id, failed.post_id);
    assert.deepEqual(second.posts[0].posted_again, {
      post_id: newer.post_id,
      job_id: null,
      run_at: null,
    });
    assert.equal(newer.posted_again, null, "only a failed post says it");
    assert.deepEqual(await againLink(me, server), {
      href: `/dashboard/posts?post=${newer.post_id}#post-${newer.post_id}`,
      text: "Posted again",
    });
  } finally {
    await server.close();
  }
});

/** A post of same.mp4 that TikTok failed, an hour ago: Post again is free. */
async function failedFirstTry(server: TestServer, username: string) {
  const me = await posterFor(server, username, "monthly");
  await me.sandbox({
    faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
  });
  await postNow(me, await me.uploadVideo("same.mp4"), "first try");
  await anHourLater(server);
  return me;
}

Deno.test("a failed post posted again from a new upload of the same file says Posted again, though the API took it", async () => {
  const server = await startTestServer();
  try {
    const me = await failedFirstTry(server, "again_new_upload");
    // Another upload, the same bytes: not video_duplicate (the contract's
    // fingerprint is the URL's), so the post is made...
    await postNow(me, await me.uploadVideo("same.mp4"), "second try");
    const [newer, failed] = (await postsPage(me)).posts;
    assert.equal(failed.state, "failed");
    // ...and the failed one says its file was posted again.
    assert.deepEqual(failed.posted_again, {
      post_id: newer.post_id,
      job_id: null,
      run_at: null,
    });
    assert.deepEqual(await againLink(me, server), {
      href: `/dashboard/posts?post=${newer.post_id}#post-${newer.post_id}`,
      text: "Posted again",
    });
  } finally {
    await server.close();
  }
});

Deno.test("a failed post scheduled again from a new upload of the same file says Scheduled again", async () => {
  const server = await startTestServer();
  try {
    const me = await failedFirstTry(server, "again_new_job");
    // Another upload, the same bytes, scheduled: the calendar keeps the
    // job's bytes beside its fingerprint (lib/posting/same_media.ts).
    await scheduledAgain(me, server, await me.uploadVideo("same.mp4"));
  } finally {
    await server.close();
  }
});
