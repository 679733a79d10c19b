/**
 * A post whose outcome is unknown (TikTok never answered its init) and
 * which the creator found missing from the TikTok profile:
 * `POST /api/tiktok/posts/{id}/not_posted` makes it `failed` with
 * `not_posted` and gives back its video, caption and slot, not before an
 * hour, once, and only for such a post (docs/posting.md#outcome-unknown).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  hookedPoster,
  jobTikTokNeverAnswered,
  posterFor,
  SHORT_TIKTOK_TIMEOUT,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { assertJsonError } from "./_helpers/http_asserts.ts";
import { NOT_POSTED_AFTER_MS } from "../lib/posting/not_posted.ts";
import { deliverDueWebhooks } from "../lib/webhooks/webhooks.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";

/** A post TikTok never answered, as the posts list shows it. */
async function unknownPost(me: Poster, title: string) {
  await me.sandbox({ faults: [{ fault: "timeout" }] });
  const video = await me.uploadVideo();
  const r = await me.json("POST", "/api/tiktok/direct_post", {
    source_url: video,
    title,
    privacy: "SELF_ONLY",
  });
  assert.equal(r.status, 502, JSON.stringify(r.body));
  const post = await listed(me, title);
  assert.equal(post.state, "unknown");
  return { video, postId: String(post.post_id), createdAt: post.created_at };
}

async function listed(me: Poster, title: string) {
  const r = await me.json("GET", "/api/tiktok/posts");
  const post = (r.body.posts as Record<string, unknown>[]).find((p) =>
    p.title === title
  );
  assert.ok(post, `${title} is listed`);
  return post;
}

function notPosted(me: Poster, postId: string, body?: unknown) {
  return me.call("POST", `/api/tiktok/posts/${postId}/not_posted`, body);
}

function startServer(): Promise<TestServer> {
  return startTestServer({ env: SHORT_TIKTOK_TIMEOUT });
}

Deno.test("a post TikTok never answered can be marked not posted after an hour, and its video and caption post again", async () => {
  const server = await startServer();
  try {
    const me = await posterFor(server, "not_posted");
    const { video, postId, createdAt } = await unknownPost(me, "lost");
    // Held meanwhile: the same video is its own duplicate.
    assert.equal(
      (await me.json("POST", "/api/tiktok/direct_post", {
        source_url: video,
        title: "lost",
        privacy: "SELF_ONLY",
      })).body.error,
      "video_duplicate",
    );

    // TikTok may still be processing it: not yet.
    const tooEarly = await notPosted(me, postId);
    // Nothing should retry it unasked: the creator looks at TikTok first.
    assert.equal(tooEarly.headers.get("retry-after"), null);
    const early = await assertJsonError(tooEarly, 409, "conflict");
    const from = new Date(Date.parse(String(createdAt)) + NOT_POSTED_AFTER_MS)
      .toISOString();
    assert.equal(early.not_posted_from, from);
    // The list said so beforehand.
    assert.equal((await listed(me, "lost")).not_posted_from, from);
    assert.match(String(early.message), /may still be processing/);

    server.clock.set(Date.parse(from));
    const res = await notPosted(me, postId);
    assert.equal(res.status, 200);
    const { post } = await res.json();
    assert.deepEqual(
      [post.post_id, post.state, post.fail_reason, post.publish_id],
      [postId, "failed", "not_posted", null],
    );
    const after = await listed(me, "lost");
    assert.deepEqual([after.state, after.not_posted_from], ["failed", null]);

    // Once: it is no longer a post whose outcome is unknown.
    const again = await assertJsonError(
      await notPosted(me, postId),
      409,
      "conflict",
    );
    assert.match(String(again.message), /this one is failed/);

    // Its video, caption and slot are back: the same post goes now.
    const retry = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: video,
      title: "lost",
      privacy: "SELF_ONLY",
    });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
  } finally {
    await server.close();
  }
});

Deno.test("not_posted is refused for a post whose outcome is known, another account's post, an unknown id and a body with fields", async () => {
  const server = await startServer();
  try {
    const me = await posterFor(server, "not_posted_refusals");
    const made = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "made",
      privacy: "SELF_ONLY",
    });
    assert.equal(made.status, 200);
    const pending = await listed(me, "made");
    server.clock.advance(NOT_POSTED_AFTER_MS);
    const known = await assertJsonError(
      await notPosted(me, String(pending.post_id)),
      409,
      "conflict",
    );
    assert.match(String(known.message), /outcome is unknown/);

    const other = await posterFor(server, "not_posted_other");
    server.clock.advance(NOT_POSTED_AFTER_MS);
    const { postId } = await unknownPost(other, "theirs");
    server.clock.advance(NOT_POSTED_AFTER_MS);
    await assertJsonError(await notPosted(me, postId), 404, "not_found");
    await assertJsonError(
      await notPosted(me, "01ARZ3NDEKTSV4RRFFQ69G5FAV"),
      404,
      "not_found",
    );
    const withFields = await assertJsonError(
      await notPosted(other, postId, { confirm: true }),
      400,
      "bad_request",
    );
    assert.match(JSON.stringify(withFields.issues), /confirm/);
    assert.equal((await listed(other, "theirs")).state, "unknown");
  } finally {
    await server.close();
  }
});

Deno.test("two not_posted calls at once mark the post once", async () => {
  const server = await startServer();
  try {
    const me = await posterFor(server, "not_posted_race");
    const { postId } = await unknownPost(me, "raced");
    server.clock.advance(NOT_POSTED_AFTER_MS);
    const answers = await Promise.all(
      [1, 2, 3].map(async () => {
        const res = await notPosted(me, postId);
        return { status: res.status, body: await res.json() };
      }),
    );
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [200, 409, 409], JSON.stringify(answers));
    assert.equal((await listed(me, "raced")).fail_reason, "not_posted");
  } finally {
    await server.close();
  }
});

Deno.test("after not_posted, the lost request's Idempotency-Key still replays its 502; a new key posts the same video", async () => {
  const server = await startServer();
  try {
    const me = await posterFor(server, "not_posted_key");
    await me.sandbox({ faults: [{ fault: "timeout" }] });
    const body = {
      source_url: await me.uploadVideo(),
      title: "lost with a key",
      privacy: "SELF_ONLY",
    };
    const send = (key: string) =>
      fetch(`${server.url}/api/tiktok/direct_post`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "application/json",
          "Idempotency-Key": key,
        },
        body: JSON.stringify(body),
      });
    const lost = await assertJsonError(await send("lost"), 502, "tiktok_error");
    server.clock.advance(NOT_POSTED_AFTER_MS);
    const marked = await notPosted(me, String(lost.post_id));
    assert.equal(marked.status, 200);
    await marked.body?.cancel();

    const replay = await send("lost");
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    const replayed = await assertJsonError(replay, 502, "tiktok_error");
    assert.deepEqual(replayed, lost);
    const fresh = await send("another");
    assert.equal(fresh.status, 200, await fresh.clone().text());
    await fresh.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("a scheduled post TikTok never answered fails naming its post and the unknown outcome, in the job and its job.failed", async () => {
  const server = await startServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await hookedPoster(server, hook, "job_unknown");
    const jobId = await jobTikTokNeverAnswered(
      server,
      me,
      "scheduled, never answered",
    );

    const post = await listed(me, "scheduled, never answered");
    assert.equal(post.state, "unknown");
    const failed = await me.json("GET", `/api/jobs/${jobId}`);
    assert.equal(failed.body.state, "failed");
    const error = failed.body.error as Record<string, unknown>;
    assert.equal(error.code, "tiktok_error");
    assert.equal(error.outcome, "unknown");
    assert.equal(error.post_id, post.post_id);

    assert.equal(await deliverDueWebhooks(server.deps), 1);
    const event = JSON.parse(hook.got[0].body);
    assert.equal(event.type, "job.failed");
    assert.deepEqual(event.data.error, error);
  } finally {
    await hook.close();
    await server.close();
  }
});
