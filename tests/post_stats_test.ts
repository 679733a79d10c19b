/**
 * GET /api/tiktok/posts/{id}/stats (docs/posting.md#post-stats): a public
 * post's counts come from TikTok's video query (the simulator, over HTTP;
 * its counts are simulated and grow with time), kept 10 minutes; posts
 * TikTok shows no counts for answer why; a missing video.list scope, a
 * disconnected account and TikTok's 429 are refused clearly, the 429
 * without pausing posting.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  albumOf,
  posterFor,
  postFreshVideo,
  postsOf,
  publishAtTikTok,
  SHORT_TIKTOK_TIMEOUT,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";
import { TikTokContentClient } from "../lib/tiktok/content_client.ts";
import { waitUntil } from "./_helpers/wait_until.ts";

const MINUTE = 60_000;

/**
 * Posts a fresh video with `privacy` (null: none, as a draft has), followed
 * until TikTok settles it.
 */
async function settledPost(
  server: TestServer,
  me: Poster,
  privacy: string | null,
  extra: Record<string, unknown> = {},
): Promise<{ postId: string; publishId: string }> {
  const r = await me.json("POST", "/api/tiktok/direct_post", {
    source_url: await me.uploadVideo(),
    title: `a ${privacy ?? "draft"} post`,
    ...(privacy ? { privacy } : {}),
    ...extra,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  for (let i = 0; i < 5; i++) await followAMinuteLater(server);
  const publishId = String(r.body.publish_id);
  return { postId: await postIdOf(me, publishId), publishId };
}

/** The post id of the account's post `publishId`, as the list gives it. */
async function postIdOf(me: Poster, publishId: string): Promise<string> {
  const post = (await postsOf(me)).find((p) => p.publish_id === publishId);
  assert.ok(post, `${publishId} is listed`);
  return String(post.post_id);
}

function statsOf(me: Poster, postId: string) {
  return me.json("GET", `/api/tiktok/posts/${postId}/stats`);
}

/** The posts page as the creator loads it, and how long it took (ms). */
async function postsPage(server: TestServer, me: Poster) {
  const started = performance.now();
  const page = await fetch(`${server.url}/dashboard/posts`, {
    headers: { Cookie: me.jar.header() },
  });
  const html = await page.text();
  return { page, html, waited: performance.now() - started };
}

Deno.test("a public post's views and likes come from TikTok's video query, kept 10 minutes, then asked again", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "stats_public");
    const { postId } = await settledPost(server, me, "PUBLIC_TO_EVERYONE");
    const listed = await me.json("GET", "/api/tiktok/posts");
    const publicId = (listed.body.posts as Record<string, unknown>[])[0]
      .public_post_id;
    assert.match(String(publicId), /^7\d{18}$/);

    server.clock.advance(30 * MINUTE);
    const first = await statsOf(me, postId);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.post_id, postId);
    assert.equal(first.body.public_post_id, publicId);
    assert.equal(first.body.unavailable, null);
    const stats = first.body.stats as Record<string, number | string>;
    assert.ok(Number(stats.view_count) > 0, JSON.stringify(stats));
    assert.ok(Number(stats.like_count) <= Number(stats.view_count));
    assert.match(
      String(stats.share_url),
      new RegExp(
        `^https://www\\.tiktok\\.com/@stats_public/video/${publicId}$`,
      ),
    );
    assert.equal(
      first.body.fetched_at,
      new Date(server.clock.now()).toISOString(),
    );

    // Within 10 minutes: the same answer, TikTok not asked (the simulated
    // counts would have grown).
    server.clock.advance(5 * MINUTE);
    const kept = await statsOf(me, postId);
    assert.deepEqual(kept.body, first.body);

    server.clock.advance(6 * MINUTE);
    const fresh = await statsOf(me, postId);
    assert.equal(fresh.status, 200);
    assert.ok(
      Number((fresh.body.stats as Record<string, number>).view_count) >
        Number(stats.view_count),
      "asked again: the counts moved on",
    );
    assert.notEqual(fresh.body.fetched_at, first.body.fetched_at);

    // The creator deleted it or made it private on TikTok: TikTok leaves
    // it out of the query, and the answer says so.
    const publish = await publishAtTikTok(
      server,
      (listed.body.posts as Record<string, unknown>[])[0].publish_id,
    );
    await server.kv.set(sandboxKeys.publish(publish.publishId), {
      ...publish,
      privacyLevel: "SELF_ONLY",
    });
    server.clock.advance(11 * MINUTE);
    const gone = await statsOf(me, postId);
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
    assert.equal(gone.body.stats, null);
    assert.equal(gone.body.public_post_id, publicId, "as the list gives it");
    assert.match(
      String(gone.body.unavailable),
      /^TikTok does not show this video's counts now: it was deleted or made private on TikTok\.$/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("a private post, a draft, a post still processing and one TikTok never answered have no counts and say why; another account's post is 404", async () => {
  const server = await startTestServer({ env: SHORT_TIKTOK_TIMEOUT });
  try {
    const me = await posterFor(server, "stats_none");
    const hidden = await settledPost(server, me, "SELF_ONLY");
    const r = await statsOf(me, hidden.postId);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, {
      ok: true,
      post_id: hidden.postId,
      public_post_id: null,
      stats: null,
      unavailable:
        "TikTok shows counts of public posts only (who can view it: everyone); this post is not public.",
      fetched_at: null,
    });

    server.clock.advance(61 * MINUTE);
    const draft = await settledPost(server, me, null, {
      post_mode: "MEDIA_UPLOAD",
    });
    const d = await statsOf(me, draft.postId);
    assert.equal(d.status, 200, JSON.stringify(d.body));
    assert.equal(d.body.stats, null);
    assert.match(String(d.body.unavailable), /^A draft has no counts/);

    server.clock.advance(61 * MINUTE);
    // No privacy named: the account's default, public.
    const pending = await postFreshVideo(me, "still processing");
    const p = await statsOf(me, await postIdOf(me, pending));
    assert.equal(p.status, 200, JSON.stringify(p.body));
    assert.equal(
      p.body.unavailable,
      "TikTok shows counts of published posts only; this post is pending.",
    );

    // TikTok never answered its init: whether it exists is not known.
    server.clock.advance(61 * MINUTE);
    await me.sandbox({ faults: [{ fault: "timeout" }] });
    const lost = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "never answered",
      privacy: "PUBLIC_TO_EVERYONE",
    });
    assert.equal(lost.status, 502, JSON.stringify(lost.body));
    const u = await statsOf(me, String(lost.body.post_id));
    assert.equal(u.status, 200, JSON.stringify(u.body));
    assert.equal(u.body.stats, null);
    assert.match(
      String(u.body.unavailable),
      /^TikTok shows counts of published posts only, and TikTok never answered whether it took this post/,
    );

    const other = await posterFor(server, "stats_other");
    const theirs = await statsOf(other, hidden.postId);
    assert.equal(theirs.status, 404);
    assert.equal(theirs.body.error, "not_found");
    const unknownQuery = await me.json(
      "GET",
      `/api/tiktok/posts/${hidden.postId}/stats?fields=views`,
    );
    assert.equal(unknownQuery.status, 400);
    assert.equal(unknownQuery.body.error, "bad_request");
  } finally {
    await server.close();
  }
});

Deno.test("an account without video.list is told to reconnect before TikTok is asked; a disconnected one to sign in again", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "stats_no_scope", "monthly", [
      "video.list",
    ]);
    const { postId } = await settledPost(server, me, "PUBLIC_TO_EVERYONE");
    const r = await statsOf(me, postId);
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.equal(r.body.error, "tiktok_scope_missing");
    assert.equal(r.body.missing_scope, "video.list");
    assert.match(String(r.body.message), /Reconnect TikTok/);

    const gone = await posterFor(server, "stats_revoked");
    const post = await settledPost(server, gone, "PUBLIC_TO_EVERYONE");
    const revoke = await fetch(
      `${server.url}/_sandbox/tiktok/_admin/users/${gone.openId}/revoke`,
      { method: "POST" },
    );
    await revoke.body?.cancel();
    assert.equal(revoke.status, 200);
    // TikTok's authorization.removed reaches PM3K, which disconnects.
    for (let i = 0; i < 3; i++) await followAMinuteLater(server);
    const refused = await statsOf(gone, post.postId);
    assert.equal(refused.status, 401, JSON.stringify(refused.body));
    assert.equal(refused.body.error, "tiktok_reauth_required");
  } finally {
    await server.close();
  }
});

Deno.test("TikTok's own scope_not_authorized on the video query is 403 naming video.list, on the API and the posts page", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "stats_tiktok_scope");
    const { postId } = await settledPost(server, me, "PUBLIC_TO_EVERYONE");
    // PM3K holds video.list as granted; TikTok's token no longer has it
    // (turned off on TikTok's side): TikTok answers scope_not_authorized.
    for await (
      const entry of server.kv.list<{ openId: string; scope: string }>({
        prefix: sandboxKeys.accessTokensPrefix(),
      })
    ) {
      if (entry.value.openId !== me.openId) continue;
      await server.kv.set(entry.key, {
        ...entry.value,
        scope: entry.value.scope.split(",").filter((s) => s !== "video.list")
          .join(","),
      });
    }
    const r = await statsOf(me, postId);
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.equal(r.body.error, "tiktok_scope_missing");
    assert.equal(r.body.missing_scope, "video.list");
    assert.equal(r.body.tiktok_code, "scope_not_authorized");
    assert.match(String(r.body.message), /video\.list.*Reconnect TikTok/);
    assert.doesNotMatch(String(r.body.message), /this post needs/);
    const { page, html } = await postsPage(server, me);
    assert.equal(page.status, 200);
    assert.match(html, /counts-note[^<]*video\.list/);
  } finally {
    await server.close();
  }
});

Deno.test("TikTok's 429 on the video query is a 429 with a minute's Retry-After, and posting is not paused", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "stats_limited");
    const { postId } = await settledPost(server, me, "PUBLIC_TO_EVERYONE");
    // TikTok's counter for this token is at its 600 calls this minute.
    let token: string | null = null;
    for await (
      const entry of server.kv.list<{ openId: string }>({
        prefix: sandboxKeys.accessTokensPrefix(),
      })
    ) {
      if (entry.value.openId === me.openId) token = String(entry.key.at(-1));
    }
    assert.ok(token, "the sandbox holds the account's token");
    const minute = Math.floor(server.clock.now() / MINUTE);
    await server.kv.set(
      sandboxKeys.rateWindow(token, "video_query", minute),
      new Deno.KvU64(600n),
    );
    const r = await me.call("GET", `/api/tiktok/posts/${postId}/stats`);
    const body = await r.json();
    assert.equal(r.status, 429, JSON.stringify(body));
    assert.equal(body.error, "tiktok_rate_limit");
    assert.equal(r.headers.get("retry-after"), "60");
    assert.match(body.message, /Posting is not affected\.$/);
    const cooldown = await getTyped(
      server.kv,
      ["tiktok_cooldowns", me.openId],
    );
    assert.equal(cooldown.value, null, "no posting cooldown");

    server.clock.advance(61 * MINUTE);
    await postFreshVideo(me, "posting goes on");
    // The next minute, TikTok answers again.
    const again = await statsOf(me, postId);
    assert.equal(again.status, 200, JSON.stringify(again.body));
  } finally {
    await server.close();
  }
});

Deno.test("TIKTOK_POST_STATS=off: sign-in asks for no video.list, stats are refused saying the operator turned them off, and the posts page shows none", async () => {
  const server = await startTestServer({ env: { TIKTOK_POST_STATS: "off" } });
  try {
    assert.deepEqual(server.deps.config.tiktok.scopes, [
      "user.info.basic",
      "video.publish",
      "video.upload",
    ]);
    const me = await posterFor(server, "stats_off");
    const { postId } = await settledPost(server, me, "PUBLIC_TO_EVERYONE");
    const r = await statsOf(me, postId);
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.equal(r.body.error, "tiktok_scope_missing");
    assert.match(String(r.body.message), /TIKTOK_POST_STATS=off/);
    const { page, html } = await postsPage(server, me);
    assert.equal(page.status, 200);
    assert.doesNotMatch(html, /data-testid="post-counts"|counts-note/);
    assert.match(html, /a PUBLIC_TO_EVERYONE post/);
  } finally {
    await server.close();
  }
});

Deno.test("a TikTok too slow to answer the video query: the posts page comes without counts within seconds, saying so; the API answers 502 tiktok_error in words about counts", async () => {
  // The client's usual 20 s: the page must not wait for it.
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "stats_slow_page");
    await settledPost(server, me, "PUBLIC_TO_EVERYONE");
    await me.sandbox({ faults: [{ fault: "video_query_timeout" }] });
    const { page, html, waited } = await postsPage(server, me);
    assert.equal(page.status, 200);
    assert.ok(waited < 15_000, `the page waited ${waited} ms`);
    assert.match(
      html,
      /Views and likes cannot be shown now: TikTok did not answer the query for views and likes in time/,
    );
    assert.match(html, /a PUBLIC_TO_EVERYONE post/, "the posts are listed");
    // The fault was taken: the next load has the counts.
    assert.match(
      (await postsPage(server, me)).html,
      /data-testid="post-counts"/,
    );
  } finally {
    await server.close();
  }
  const short = await startTestServer({ env: SHORT_TIKTOK_TIMEOUT });
  try {
    const me = await posterFor(short, "stats_slow_api");
    const { postId } = await settledPost(short, me, "PUBLIC_TO_EVERYONE");
    await me.sandbox({ faults: [{ fault: "video_query_timeout" }] });
    const r = await statsOf(me, postId);
    assert.equal(r.status, 502, JSON.stringify(r.body));
    assert.equal(r.body.error, "tiktok_error");
    assert.match(
      String(r.body.message),
      /^TikTok did not answer the query for views and likes in time: try again in a moment\.$/,
    );
  } finally {
    await short.close();
  }
});

Deno.test("a photo post TikTok leaves out of the video query says that the query may not cover photo posts, not only that it was deleted", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "stats_photos");
    const { urls } = await albumOf(me, "photo2.jpg", "photo3.webp");
    const r = await me.json("POST", "/api/tiktok/direct_post", {
      media_type: "PHOTO",
      photo_images: urls,
      title: "a carousel",
      privacy: "PUBLIC_TO_EVERYONE",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    for (let i = 0; i < 5; i++) await followAMinuteLater(server);
    const postId = await postIdOf(me, String(r.body.publish_id));
    // Counted as the simulator answers photo posts…
    const counted = await statsOf(me, postId);
    assert.equal(counted.status, 200, JSON.stringify(counted.body));
    assert.notEqual(counted.body.stats, null);
    // …and, once TikTok leaves it out, the sentence names both reasons.
    const publish = await publishAtTikTok(server, r.body.publish_id);
    await server.kv.set(sandboxKeys.publish(publish.publishId), {
      ...publish,
      privacyLevel: "SELF_ONLY",
    });
    server.clock.advance(11 * MINUTE);
    const left = await statsOf(me, postId);
    assert.equal(left.body.stats, null);
    assert.match(
      String(left.body.unavailable),
      /^TikTok does not show this photo post's counts now: .*or TikTok's video query does not cover photo posts\.$/,
    );
  } finally {
    await server.close();
  }
});

Deno.test("a video query answering counts that are not counts (text, negative, fractional, an object), a share_url that is not https, or videos that are not video objects: 502 tiktok_error on the API, and the posts page shows without counts, saying so", async () => {
  const server = await startTestServer();
  /** Alters the data of TikTok's video query answers while set. */
  let alter: ((data: { videos: unknown[] }) => void) | null = null;
  // The sandbox TikTok, its video query answers altered on the way.
  (server.deps as { tiktokContent: TikTokContentClient }).tiktokContent =
    new TikTokContentClient(server.deps.config.tiktok.apiBaseUrl, {
      timeoutMs: server.deps.config.tiktokTimeoutMs,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (!alter || !String(input).includes("/v2/video/query/")) return res;
        const body = await res.json();
        alter(body.data);
        return Response.json(body);
      },
    });
  try {
    const me = await posterFor(server, "stats_odd_counts");
    const { postId } = await settledPost(server, me, "PUBLIC_TO_EVERYONE");
    /** Changes each video of the answer. */
    const each =
      (change: (video: Record<string, unknown>) => void) =>
      (data: { videos: unknown[] }) =>
        data.videos.forEach((v) => change(v as Record<string, unknown>));
    const odd: [string, (data: { videos: unknown[] }) => void][] = [
      ["text", each((v) => v.view_count = "1.2K")],
      ["negative", each((v) => v.like_count = -5)],
      ["fractional", each((v) => v.comment_count = 1.5)],
      ["beyond exact", each((v) => v.view_count = 1e300)],
      ["an object", each((v) => v.share_count = { n: 1 })],
      ["a script URL", each((v) => v.share_url = "javascript:alert(1)")],
      ["a null video", (data) => data.videos = [null]],
      [
        "videos not a list",
        (data) => (data as { videos: unknown }).videos = "x",
      ],
    ];
    for (const [what, change] of odd) {
      alter = change;
      server.clock.advance(11 * MINUTE);
      const r = await statsOf(me, postId);
      assert.equal(r.status, 502, `${what}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error, "tiktok_error");
      assert.match(
        String(r.body.message),
        /^TikTok's answer to the query for views and likes could not be read \(/,
      );
      const { page, html } = await postsPage(server, me);
      assert.equal(page.status, 200, `${what}: the page shows`);
      assert.match(html, /counts-note[^<]*cannot be shown now/);
      assert.doesNotMatch(html, /data-testid="post-counts"/);
    }
    // Counts TikTok leaves out are none yet, as before.
    alter = each((v) => delete v.comment_count);
    server.clock.advance(11 * MINUTE);
    const missing = await statsOf(me, postId);
    assert.equal(missing.status, 200, JSON.stringify(missing.body));
    assert.equal(
      (missing.body.stats as Record<string, unknown>).comment_count,
      0,
    );
  } finally {
    await server.close();
  }
});

Deno.test("a token that ended and that TikTok fails to renew (its 5xx): 502 tiktok_error saying so on the API, and the posts page shows without counts", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "stats_refresh_fails");
    const { postId } = await settledPost(server, me, "PUBLIC_TO_EVERYONE");
    await me.sandbox({
      refresh_faults: ["server_error", "server_error", "server_error"],
    });
    // Past the access token's 24 hours: it is renewed before TikTok is asked.
    server.clock.advance(25 * 60 * MINUTE);
    const r = await statsOf(me, postId);
    assert.equal(r.status, 502, JSON.stringify(r.body));
    assert.equal(r.body.error, "tiktok_error");
    assert.match(
      String(r.body.message),
      /^TikTok did not renew this account's access just now, so views and likes cannot be read: try again in a few minutes\./,
    );
    const { page, html } = await postsPage(server, me);
    assert.equal(page.status, 200);
    assert.match(
      html,
      /counts-note[^<]*cannot be shown now: TikTok did not renew/,
    );
    assert.match(html, /a PUBLIC_TO_EVERYONE post/, "the posts are listed");
  } finally {
    await server.close();
  }
});

Deno.test("a token renewal TikTok is slow to answer holds the posts page no more than seconds: the page says why there are no counts, and the renewal goes on", async () => {
  const server = await startTestServer();
  const oauth = server.deps.tiktokOAuth;
  const refresh = oauth.refresh.bind(oauth);
  let renewals = 0;
  // TikTok's token endpoint answering after 6 s, within PM3K's 15 s.
  oauth.refresh = async (token) => {
    await new Promise((r) => setTimeout(r, 6_000));
    const tokens = await refresh(token);
    renewals++;
    return tokens;
  };
  try {
    const me = await posterFor(server, "stats_slow_renewal");
    await settledPost(server, me, "PUBLIC_TO_EVERYONE");
    // Past the access token's 24 hours: it is renewed before TikTok is asked.
    server.clock.advance(25 * 60 * MINUTE);
    const { page, html, waited } = await postsPage(server, me);
    assert.equal(page.status, 200);
    assert.ok(waited < 5_000, `the page waited ${waited} ms`);
    assert.match(
      html,
      /counts-note[^>]*>Views and likes cannot be shown now: TikTok is slow to renew this account's access: reload the page in a moment\.</,
    );
    assert.match(html, /a PUBLIC_TO_EVERYONE post/, "the posts are listed");
    // The renewal the page stopped waiting for is not given up.
    await waitUntil("the token is renewed", async () => {
      const account = await getTyped(server.kv, keys.account(me.openId));
      return renewals === 1 &&
        account.value!.tiktok!.accessExpiresAt > server.clock.now();
    });
    assert.match(
      (await postsPage(server, me)).html,
      /data-testid="post-counts"/,
    );
  } finally {
    await server.close();
  }
});
