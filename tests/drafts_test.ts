/**
 * Drafts (post_mode MEDIA_UPLOAD, docs/posting.md#drafts) through the HTTP
 * API against the TikTok simulator: a video draft through TikTok's inbox
 * init, a photo draft through content init, SEND_TO_USER_INBOX as done,
 * PM3K's own checks, TikTok's pending-draft cap, missing scopes (by PM3K's
 * record or by TikTok's own scope_not_authorized), and jobs keeping their
 * post_mode until they run.
 */
import assert from "node:assert/strict";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  albumOf,
  hookedPoster,
  initsAtTikTok,
  limitsOf,
  posterFor,
  postsOf,
  publishAtTikTok,
} from "./_helpers/posting_setup.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";
import { deliverDueWebhooks } from "../lib/webhooks/webhooks.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { consentCallback, visit } from "./_helpers/sandbox_sign_in.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { getTyped } from "../lib/kv_keys.ts";
import { hasScope } from "../lib/posting/post_modes.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";
import { uploadBytes } from "./_helpers/api_client.ts";
import { paddedMp4 } from "./_helpers/padded_video.ts";

const HOUR = 3600_000;

Deno.test("a video draft goes to TikTok's inbox without a caption and is done once in the inbox", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "draft_video");
    const url = await me.uploadVideo();
    const res = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "Finish me in TikTok #draft",
      post_mode: "MEDIA_UPLOAD",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(String(res.body.publish_id), /^v_inbox_url~v2\.\d+$/);
    const atTikTok = await publishAtTikTok(server, res.body.publish_id);
    assert.equal(atTikTok.mode, "MEDIA_UPLOAD");
    assert.deepEqual(atTikTok.postInfo, {}, "inbox init takes no post_info");
    assert.equal(atTikTok.urls.length, 1);

    const first = await me.json("POST", "/api/tiktok/status", {
      publish_id: res.body.publish_id,
    });
    const [made] = await postsOf(me);
    assert.deepEqual(first.body, {
      ok: true,
      post_id: made.post_id,
      status: "PROCESSING_DOWNLOAD",
      state: "pending",
      fail_reason: null,
      fail_message: null,
      raw: {},
      post_mode: "MEDIA_UPLOAD",
      source: "PULL_FROM_URL",
    });
    assert.equal(await followAMinuteLater(server), 1); // TikTok downloads
    server.clock.advance(10 * 60_000);
    assert.equal(await followAMinuteLater(server), 1); // in the inbox
    const done = await me.json("POST", "/api/tiktok/status", {
      publish_id: res.body.publish_id,
    });
    assert.equal(done.body.status, "SEND_TO_USER_INBOX");
    assert.equal(done.body.state, "done");
    assert.equal(done.body.post_mode, "MEDIA_UPLOAD");
    // Done: the follower asks TikTok no more.
    server.clock.advance(10 * 60_000);
    assert.equal(await followAMinuteLater(server), 0);

    const [listed] = await postsOf(me);
    assert.equal(listed.post_mode, "MEDIA_UPLOAD");
    assert.equal(listed.state, "done");
    assert.equal(listed.status, "SEND_TO_USER_INBOX");
    assert.equal(await me.sandboxPosts(), 0, "nothing published by itself");
  } finally {
    await server.close();
  }
});

Deno.test("a photo draft goes to content init as MEDIA_UPLOAD with only its title and description", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "draft_photo");
    const { urls } = await albumOf(me, "photo2.jpg", "photo3.webp");
    const res = await me.json("POST", "/api/tiktok/direct_post", {
      media_type: "PHOTO",
      photo_images: urls,
      photo_cover_index: 1,
      title: "Two photos to finish in TikTok",
      post_mode: "MEDIA_UPLOAD",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(String(res.body.publish_id), /^p_inbox_url~v2\./);
    const atTikTok = await publishAtTikTok(server, res.body.publish_id);
    assert.equal(atTikTok.mode, "MEDIA_UPLOAD");
    assert.equal(atTikTok.photoCoverIndex, 1);
    assert.deepEqual(atTikTok.postInfo, {
      title: "Two photos to finish in TikTok",
      description: "Two photos to finish in TikTok",
    });
    await followAMinuteLater(server);
    server.clock.advance(10 * 60_000);
    await followAMinuteLater(server);
    const [listed] = await postsOf(me);
    assert.equal(listed.kind, "photo");
    assert.equal(listed.post_mode, "MEDIA_UPLOAD");
    assert.equal(listed.state, "done");
  } finally {
    await server.close();
  }
});

Deno.test("a draft is held to PM3K's own checks and refuses what TikTok would ignore", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "draft_checks");
    const url = await me.uploadVideo();
    const draft = (extra: Record<string, unknown>) =>
      me.json("POST", "/api/tiktok/direct_post", {
        source_url: url,
        title: "checked draft",
        post_mode: "MEDIA_UPLOAD",
        ...extra,
      });
    const ignored = await draft({
      privacy: "SELF_ONLY",
      disable_comment: true,
    });
    assert.equal(ignored.status, 400);
    assert.equal(ignored.body.error, "bad_request");
    assert.deepEqual(ignored.body.fields, ["privacy", "disable_comment"]);
    assert.match(String(ignored.body.message), /TikTok app/);
    const link = await draft({ title: "see https://example.com" });
    assert.equal(link.body.error, "links_forbidden");
    const bad = await draft({ post_mode: "DRAFT" });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, "bad_request");
    assert.equal(await initsAtTikTok(server, me), 0);

    const ok = await draft({});
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const again = await draft({ title: "another caption" });
    assert.equal(again.body.error, "video_duplicate");
    const other = await draft({
      source_url: await me.uploadVideo("other.mp4"),
      title: "another caption",
    });
    assert.equal(other.status, 429);
    assert.equal(other.body.error, "interval_limit");
    assert.equal(await initsAtTikTok(server, me), 1);
  } finally {
    await server.close();
  }
});

Deno.test("TikTok's refusal of a sixth pending draft answers 429 tiktok_inbox_full and frees the slot", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "draft_full");
    await me.sandbox({
      faults: [{ fault: "spam_risk_too_many_pending_share" }],
    });
    const url = await me.uploadVideo();
    const res = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "one draft too many",
      post_mode: "MEDIA_UPLOAD",
    });
    assert.equal(res.status, 429, JSON.stringify(res.body));
    assert.equal(res.body.error, "tiktok_inbox_full");
    assert.equal(res.body.tiktok_code, "spam_risk_too_many_pending_share");
    assert.match(String(res.body.message), /at most 5 pending drafts/);
    assert.match(String(res.body.message), /24 hours/);
    // Not a TikTok 429: no cooldown, and the slot, video and caption are free.
    const limits = await limitsOf(me);
    assert.equal(limits.cooldown_until, null);
    assert.equal(limits.posts_left_today, 10);
    const retry = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "one draft too many",
      post_mode: "MEDIA_UPLOAD",
    });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
  } finally {
    await server.close();
  }
});

Deno.test("an account without the scope a mode needs gets 403 tiktok_scope_missing and nothing reaches TikTok", async () => {
  const server = await startTestServer();
  try {
    const noUpload = await posterFor(server, "no_upload", "monthly", [
      "video.upload",
    ]);
    const url = await noUpload.uploadVideo();
    const refused = await noUpload.json("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "a draft without video.upload",
      post_mode: "MEDIA_UPLOAD",
    });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.error, "tiktok_scope_missing");
    assert.equal(refused.body.missing_scope, "video.upload");
    assert.match(String(refused.body.message), /[Rr]econnect/);
    assert.equal(await initsAtTikTok(server, noUpload), 0);
    const direct = await noUpload.json("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "a direct post still works",
      privacy: "SELF_ONLY",
    });
    assert.equal(direct.status, 200, JSON.stringify(direct.body));

    const noPublish = await posterFor(server, "no_publish", "monthly", [
      "video.publish",
    ]);
    const url2 = await noPublish.uploadVideo();
    const refused2 = await noPublish.json("POST", "/api/tiktok/direct_post", {
      source_url: url2,
      title: "a direct post without video.publish",
    });
    assert.equal(refused2.status, 403, JSON.stringify(refused2.body));
    assert.equal(refused2.body.error, "tiktok_scope_missing");
    assert.equal(refused2.body.missing_scope, "video.publish");
    // Drafts need no creator_info (which needs video.publish): they go through.
    const draft = await noPublish.json("POST", "/api/tiktok/direct_post", {
      source_url: url2,
      title: "a draft with video.upload only",
      post_mode: "MEDIA_UPLOAD",
    });
    assert.equal(draft.status, 200, JSON.stringify(draft.body));
    // The dashboard's creator_info call answers the missing scope too.
    const info = await noPublish.json("GET", "/api/tiktok/creator_info");
    assert.equal(info.status, 403);
    assert.equal(info.body.error, "tiktok_scope_missing");
  } finally {
    await server.close();
  }
});

Deno.test("TikTok's own scope_not_authorized, on an account PM3K holds the scope for, answers 403 tiktok_scope_missing to reconnect and leaves nothing reserved", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "scope_dropped");
    const account = await getAccount(server.deps, me.openId);
    assert.ok(account, "signed in");
    assert.ok(
      hasScope(account, "video.publish") && hasScope(account, "video.upload"),
      "PM3K's record holds both posting scopes",
    );
    // TikTok answers scope_not_authorized all the same, to either init.
    await me.sandbox({ faults: [{ fault: "scope_not_authorized", times: 2 }] });
    const url = await me.uploadVideo();
    const refusals = [
      await me.json("POST", "/api/tiktok/direct_post", {
        source_url: url,
        title: "scope gone at TikTok",
      }),
      await me.json("POST", "/api/tiktok/direct_post", {
        source_url: await me.uploadVideo("draft.mp4"),
        title: "a draft, scope gone at TikTok",
        post_mode: "MEDIA_UPLOAD",
      }),
    ];
    for (const refused of refusals) {
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.error, "tiktok_scope_missing");
      assert.equal(refused.body.tiktok_code, "scope_not_authorized");
      assert.equal(refused.body.tiktok_http_status, 401);
      assert.match(String(refused.body.log_id), /\S/);
      assert.match(
        String(refused.body.message),
        /Reconnect TikTok \(sign in to the PM3K dashboard again\)/,
      );
    }
    assert.equal(await initsAtTikTok(server, me), 0);
    // Nothing half-written: no post, the slot, video and caption given
    // back, no cooldown, and the account still connected on its token.
    assert.deepEqual(await postsOf(me), []);
    const limits = await limitsOf(me);
    assert.equal(limits.posts_left_today, 10);
    assert.equal(limits.cooldown_until, null);
    const after = await getAccount(server.deps, me.openId);
    assert.equal(after?.disconnectedAt, undefined);
    assert.equal(after?.tiktok?.accessToken, account.tiktok?.accessToken);
    const again = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "scope gone at TikTok",
    });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(await initsAtTikTok(server, me), 1);
    assert.equal((await postsOf(me)).length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("a scheduled draft keeps its post_mode and runs as a draft", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "draft_job");
    const runAt = server.clock.now() + 2 * HOUR;
    const created = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(runAt).toISOString(),
      source_url: await me.uploadVideo(),
      title: "a draft later",
      post_mode: "MEDIA_UPLOAD",
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const view = await me.json("GET", `/api/jobs/${created.body.job_id}`);
    assert.equal(view.body.post_mode, "MEDIA_UPLOAD");
    const refused = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(runAt + 3 * HOUR).toISOString(),
      source_url: await me.uploadVideo("b.mp4"),
      title: "a private draft?",
      post_mode: "MEDIA_UPLOAD",
      privacy: "SELF_ONLY",
    });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.fields, ["privacy"]);

    server.clock.set(runAt);
    assert.deepEqual(await runDueJobs(server.deps, { horizonMs: 0 }), {
      posted: 1,
      failed: 0,
    });
    const ran = await me.json("GET", `/api/jobs/${created.body.job_id}`);
    assert.equal(ran.body.state, "posted");
    assert.equal(ran.body.post_mode, "MEDIA_UPLOAD");
    assert.match(String(ran.body.publish_id), /^v_inbox_url~v2\./);
    const atTikTok = await publishAtTikTok(server, ran.body.publish_id);
    assert.equal(atTikTok.mode, "MEDIA_UPLOAD");
    const status = await me.json("POST", "/api/tiktok/status", {
      publish_id: ran.body.publish_id,
    });
    assert.equal(status.body.post_mode, "MEDIA_UPLOAD");
    const [listed] = await postsOf(me);
    assert.equal(listed.post_mode, "MEDIA_UPLOAD");
  } finally {
    await server.close();
  }
});

Deno.test("a draft reaching the inbox sends post.published with SEND_TO_USER_INBOX and its post_mode", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await hookedPoster(server, hook, "draft_hook");
    const r = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "a hooked draft",
      post_mode: "MEDIA_UPLOAD",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await followAMinuteLater(server);
    await followAMinuteLater(server);
    assert.equal(await deliverDueWebhooks(server.deps), 1);
    const event = JSON.parse(hook.got[0].body);
    assert.equal(event.type, "post.published");
    assert.equal(event.data.publish_id, r.body.publish_id);
    assert.equal(event.data.status, "SEND_TO_USER_INBOX");
    assert.equal(event.data.post_mode, "MEDIA_UPLOAD");
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("sign-in asks for video.upload; withholding one posting scope signs in, withholding both does not", async () => {
  const server = await startTestServer();
  try {
    const one = await consentCallback(server, "authorize", "keeps_publish", [
      "video.upload",
    ]);
    assert.equal(
      new URL(one.callback).searchParams.get("scopes"),
      "user.info.basic,video.publish,video.list",
    );
    const signedIn = await visit(one.jar, one.callback);
    await signedIn.body?.cancel();
    assert.equal(signedIn.status, 303);
    const openId = (await getTyped(
      server.kv,
      sandboxKeys.userByName("keeps_publish"),
    )).value!;
    const account = await getAccount(server.deps, openId);
    assert.equal(
      account?.tiktok?.scope,
      "user.info.basic,video.publish,video.list",
    );

    const none = await consentCallback(server, "authorize", "keeps_none", [
      "video.upload",
      "video.publish",
    ]);
    const refused = await visit(none.jar, none.callback);
    assert.equal(refused.status, 400);
    const html = await refused.text();
    assert.match(html, /data-reason="missing_scope"/);
    assert.match(
      html,
      /to post for you \(video\.publish\) or to send posts to your TikTok drafts \(video\.upload\)/,
    );

    // Without user.info.basic TikTok refuses the profile call: the scope
    // is named all the same, before that call is made.
    const noProfile = await consentCallback(
      server,
      "authorize",
      "keeps_no_profile",
      ["user.info.basic"],
    );
    const unnamed = await visit(noProfile.jar, noProfile.callback);
    assert.equal(unnamed.status, 400);
    const page = await unnamed.text();
    assert.match(page, /data-reason="missing_scope"/);
    assert.match(
      page,
      /PM3K needs your permission to read your basic profile \(user\.info\.basic\):/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("creator_info for an account without video.publish is refused locally: 403 tiktok_scope_missing naming creator info", async () => {
  const server = await startTestServer();
  try {
    const noPublish = await posterFor(server, "no_publish_ci", "monthly", [
      "video.publish",
    ]);
    const info = await noPublish.json("GET", "/api/tiktok/creator_info");
    assert.equal(info.status, 403, JSON.stringify(info.body));
    assert.equal(info.body.error, "tiktok_scope_missing");
    assert.equal(info.body.missing_scope, "video.publish");
    assert.match(String(info.body.message), /creator info/);
    assert.doesNotMatch(String(info.body.message), /this post|post_mode/);
    // Decided before any TikTok call: nothing of TikTok's answer in it.
    assert.equal(info.body.tiktok_code, undefined);
    assert.equal(info.body.log_id, undefined);
  } finally {
    await server.close();
  }
});

Deno.test("the demo's draft after its post: refused within the hour as docs/tiktok-audit.md warns, taken an hour later with its own video", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "demo_order");
    const upload = async (bytes: number) => {
      const r = await uploadBytes(me, await paddedMp4(bytes), {
        filename: `demo-${bytes}.mp4`,
        contentType: "video/mp4",
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return String(r.body.url);
    };
    // Step 9: the post; step 11: the draft, with a video and caption of
    // its own.
    const posted = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await upload(60_000),
      title: "Demo post, only for me",
      privacy: "SELF_ONLY",
    });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    const draft = {
      source_url: await upload(61_000),
      title: "Demo draft, finished in TikTok",
      post_mode: "MEDIA_UPLOAD",
    };
    const refused = await me.json("POST", "/api/tiktok/direct_post", draft);
    assert.equal(refused.status, 429, JSON.stringify(refused.body));
    assert.equal(refused.body.error, "interval_limit");
    server.clock.advance(HOUR);
    const later = await me.json("POST", "/api/tiktok/direct_post", draft);
    assert.equal(later.status, 200, JSON.stringify(later.body));

    // The demo script says so before its steps.
    const demo = (await Deno.readTextFile(
      new URL("../docs/tiktok-audit.md", import.meta.url),
    )).match(/### A demo recording, step by step[^]*?\n1\. /)?.[0]
      .replace(/\s+/g, " ");
    assert.ok(demo, "the demo's introduction");
    assert.match(demo, /one post an hour per TikTok account, drafts included/);
    assert.match(demo, /a draft \(step 11\) sent then is refused/);
    assert.match(
      demo,
      /an hour later, each with a video or photos and a caption of its own/,
    );
  } finally {
    await server.close();
  }
});
