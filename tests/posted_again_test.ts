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
import { fixture, uploadBytes } from "./_helpers/api_client.ts";
import { imageVariant } from "./_helpers/image_variant.ts";

type Post = Record<string, unknown> & { post_id: string };

async function postsPage(me: Poster, query = ""): Promise<{
  posts: Post[];
  cursor: string | null;
}> {
  const res = await me.json("GET", `/api/tiktok/posts${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { posts: Post[]; cursor: string | null };
}

/** What a post posts: a video's `source_url`, or a photo post's fields. */
type Media = Record<string, unknown>;

/** A video post's media, or a photo post's of `urls` in that order. */
const videoOf = (url: string): Media => ({ source_url: url });
const photosOf = (urls: string[]): Media => ({
  media_type: "PHOTO",
  photo_images: urls,
});

async function postNow(me: Poster, media: string | Media, title: string) {
  const res = await me.json("POST", "/api/tiktok/direct_post", {
    ...(typeof media === "string" ? videoOf(media) : media),
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
 * Checks that `failed` says Posted again by `newer`, in the API and on the
 * posts page.
 */
async function postedAgainBy(
  me: Poster,
  server: TestServer,
  failed: Post,
  newer: Post,
) {
  assert.deepEqual(failed.posted_again, {
    post_id: newer.post_id,
    job_id: null,
    run_at: null,
  });
  assert.deepEqual(await againLink(me, server), {
    href: `/dashboard/posts?post=${newer.post_id}#post-${newer.post_id}`,
    text: "Posted again",
  });
}

/** Schedules `media` `hours` on: the job's id and when it runs. */
async function scheduled(
  me: Poster,
  server: TestServer,
  media: Media,
  hours = 5,
): Promise<{ jobId: string; runAt: number }> {
  const runAt = server.clock.now() + hours * 3600_000;
  const job = await scheduleJob(me, runAt, {
    ...media,
    title: `scheduled try ${hours}`,
    privacy: "SELF_ONLY",
  });
  assert.equal(job.status, 200, JSON.stringify(job.body));
  return { jobId: String(job.body.job_id), runAt };
}

/**
 * Schedules `media` (a video's URL, or a photo post's fields) five hours
 * on and checks that the newest post, a failed one, says Scheduled again
 * by that job, in the API and on the posts page: the job's id.
 */
async function scheduledAgain(
  me: Poster,
  server: TestServer,
  media: string | Media,
): Promise<string> {
  const { jobId, runAt } = await scheduled(
    me,
    server,
    typeof media === "string" ? videoOf(media) : media,
  );
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
    await postedAgainBy(me, server, failed, newer);
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

/**
 * A new album of `images` (name and bytes) uploaded in that order: its
 * photos' URLs, each a new upload, so a new fingerprint.
 */
async function newAlbum(
  me: Poster,
  images: [string, Uint8Array][],
): Promise<string[]> {
  const album = await me.json("POST", "/api/albums");
  assert.equal(album.status, 200, JSON.stringify(album.body));
  const urls = [];
  for (const [filename, bytes] of images) {
    const r = await uploadBytes(me, bytes, {
      filename,
      contentType: filename.endsWith(".webp") ? "image/webp" : "image/jpeg",
      albumId: String(album.body.album_id),
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    urls.push(String(r.body.url));
  }
  return urls;
}

/**
 * Two photos and a third other by one byte, and a photo post of the first
 * two, in that order, that TikTok failed an hour ago.
 */
async function failedAlbumPost(server: TestServer, username: string) {
  const me = await posterFor(server, username, "monthly");
  const a: [string, Uint8Array] = ["a.jpg", await fixture("photo2.jpg")];
  const b: [string, Uint8Array] = ["b.webp", await fixture("photo3.webp")];
  const other: [string, Uint8Array] = [
    "b.webp",
    await imageVariant("photo3.webp", 1),
  ];
  await me.sandbox({
    faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
  });
  await postNow(me, photosOf(await newAlbum(me, [a, b])), "first try");
  await anHourLater(server);
  const [failed] = (await postsPage(me)).posts;
  assert.equal(failed.state, "failed");
  return { me, a, b, other };
}

Deno.test("a failed photo post posted again from a new album of the same photos in the same order says Posted again; another order or photo does not", async () => {
  const server = await startTestServer();
  try {
    const { me, a, b, other } = await failedAlbumPost(server, "again_album");
    // New uploads, so new links: not video_duplicate, all posted. Other
    // photos to TikTok, or the same in another order: not the same post.
    // An hour apart each, as the posting interval wants.
    await postNow(me, photosOf(await newAlbum(me, [b, a])), "other order");
    await anHourLater(server);
    await postNow(me, photosOf(await newAlbum(me, [a, other])), "one other");
    await anHourLater(server);
    const listed = (await postsPage(me)).posts;
    assert.deepEqual(listed.map((p) => p.title), [
      "one other",
      "other order",
      "first try",
    ]);
    assert.equal(listed[2].posted_again, null);
    assert.equal(await againLink(me, server), null);

    // The same photos in the same order, uploaded again: Posted again.
    await postNow(me, photosOf(await newAlbum(me, [a, b])), "same photos");
    const [newer, , , failed] = (await postsPage(me)).posts;
    assert.equal(newer.title, "same photos");
    assert.equal(failed.title, "first try");
    await postedAgainBy(me, server, failed, newer);
  } finally {
    await server.close();
  }
});

Deno.test("a failed photo post scheduled again from a new album of the same photos in the same order says Scheduled again; another order does not", async () => {
  const server = await startTestServer();
  try {
    const { me, a, b, other } = await failedAlbumPost(
      server,
      "again_album_job",
    );
    await scheduled(me, server, photosOf(await newAlbum(me, [b, a])), 7);
    await scheduled(me, server, photosOf(await newAlbum(me, [a, other])), 9);
    assert.equal((await postsPage(me)).posts[0].posted_again, null);
    assert.equal(await againLink(me, server), null);
    // The calendar keeps the job's photos' bytes beside its fingerprint.
    await scheduledAgain(me, server, photosOf(await newAlbum(me, [a, b])));
  } finally {
    await server.close();
  }
});
