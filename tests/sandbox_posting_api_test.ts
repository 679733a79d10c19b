/**
 * The sandbox TikTok's posting API called in process, as PM3K's client calls
 * it: TikTok's refusals (token, scope, rate limit, bodies, publish ids), the
 * queued faults, the status progression and the admin endpoints.
 */
import assert from "node:assert/strict";
import { ManualClock } from "../lib/clock.ts";
import { createTikTokSandbox } from "../sandbox/tiktok/sandbox_app.tsx";
import {
  ensureSandboxUser,
  issueTokens,
} from "../sandbox/tiktok/sandbox_store.ts";

const FILES = "http://127.0.0.1:9/files/";

interface Sandbox {
  call(path: string, token: string | null, body?: unknown): Promise<Answer>;
  admin(openId: string, body?: unknown): Promise<Answer>;
  /** POSTs `text` as it is to an admin path (`/users/…`, `/webhooks`…). */
  adminText(path: string, text: string): Promise<Answer>;
  /** A user with a token of `scope`. */
  user(
    name: string,
    scope?: string,
  ): Promise<{ openId: string; token: string }>;
  close(): void;
}

interface Answer {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
  text: string;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), text };
}

async function openSandbox(prefixes = [FILES]): Promise<Sandbox> {
  const kv = await Deno.openKv(":memory:");
  const clock = new ManualClock(Date.UTC(2026, 10, 25, 12));
  const app = createTikTokSandbox({
    kv,
    clock,
    clientKey: "client",
    clientSecret: "secret",
    redirectUris: [],
    verifiedUrlPrefixes: prefixes,
    stallMs: 10,
  });
  return {
    async call(path, token, body) {
      return answer(
        await app.request(path, {
          method: "POST",
          headers: {
            "Content-Type": "application/json; charset=UTF-8",
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          body: body === undefined ? "not json" : JSON.stringify(body),
        }),
      );
    },
    async admin(openId, body) {
      const path = `/_admin/users/${encodeURIComponent(openId)}`;
      return answer(
        await app.request(
          path,
          body === undefined ? {} : {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(body),
          },
        ),
      );
    },
    async adminText(path, text) {
      return answer(
        await app.request(`/_admin${path}`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: text,
        }),
      );
    },
    async user(name, scope = "user.info.basic,video.publish") {
      const user = await ensureSandboxUser(kv, clock, name);
      const tokens = await issueTokens(kv, clock, {
        openId: user.openId,
        clientKey: "client",
        scope,
      });
      return { openId: user.openId, token: tokens.access_token };
    },
    close: () => kv.close(),
  };
}

const VIDEO_INIT = "/v2/post/publish/video/init";
const PHOTO_INIT = "/v2/post/publish/content/init";
const STATUS = "/v2/post/publish/status/fetch";

function videoBody(url = `${FILES}v.mp4`, privacy = "SELF_ONLY") {
  return {
    post_info: { title: "a clip", privacy_level: privacy },
    source_info: { source: "PULL_FROM_URL", video_url: url },
  };
}

function photoBody(change: Record<string, unknown> = {}) {
  return {
    media_type: "PHOTO",
    post_mode: "DIRECT_POST",
    post_info: { title: "photos", privacy_level: "SELF_ONLY" },
    source_info: {
      source: "PULL_FROM_URL",
      photo_images: [`${FILES}a.jpg`, `${FILES}b.jpg`],
      photo_cover_index: 1,
    },
    ...change,
  };
}

function assertError(
  got: Answer,
  status: number,
  code: string,
  message?: string,
) {
  assert.equal(got.status, status, got.text);
  assert.equal(got.body.error.code, code);
  if (message !== undefined) assert.equal(got.body.error.message, message);
  assert.deepEqual(got.body.data, {});
  assert.match(got.body.error.log_id, /^20261125120000[0-9A-F]{20}$/);
}

Deno.test("the sandbox refuses a missing or unknown token and a token without video.publish", async () => {
  const sandbox = await openSandbox();
  try {
    const invalid = "The access token is invalid or not found in the request.";
    assertError(
      await sandbox.call(VIDEO_INIT, null, videoBody()),
      401,
      "access_token_invalid",
      invalid,
    );
    assertError(
      await sandbox.call(STATUS, "act.unknown", {}),
      401,
      "access_token_invalid",
      invalid,
    );
    const reader = await sandbox.user("reader", "user.info.basic");
    assertError(
      await sandbox.call(PHOTO_INIT, reader.token, photoBody()),
      401,
      "scope_not_authorized",
      "The user did not authorize the scope required for completing this request.",
    );
  } finally {
    sandbox.close();
  }
});

Deno.test("the sandbox holds each token to TikTok's per-minute limit of each endpoint", async () => {
  const sandbox = await openSandbox();
  try {
    const me = await sandbox.user("limited");
    for (let i = 0; i < 6; i++) {
      assertError(
        await sandbox.call(VIDEO_INIT, me.token),
        400,
        "invalid_param",
      );
    }
    assertError(
      await sandbox.call(VIDEO_INIT, me.token),
      429,
      "rate_limit_exceeded",
      "API rate limit was exceeded, please retry later.",
    );
    // Another endpoint has its own window.
    assertError(await sandbox.call(PHOTO_INIT, me.token), 400, "invalid_param");
  } finally {
    sandbox.close();
  }
});

Deno.test("the sandbox refuses init bodies TikTok refuses, with invalid_param and TikTok's reason", async () => {
  const sandbox = await openSandbox();
  try {
    const me = await sandbox.user("bodies");
    const video = async (body: unknown, message: string) =>
      assertError(
        await sandbox.call(VIDEO_INIT, me.token, body),
        400,
        "invalid_param",
        message,
      );
    await video(
      undefined,
      "source_info.video_url is required for PULL_FROM_URL.",
    );
    await video(
      {
        ...videoBody(),
        source_info: { source: "FILE_UPLOAD", video_url: `${FILES}v.mp4` },
      },
      // FILE_UPLOAD needs its sizes (docs/sandbox.md#file-upload).
      "video_size, chunk_size and total_chunk_count must be positive integers.",
    );
    await video(
      {
        ...videoBody(),
        post_info: { title: "x".repeat(2201), privacy_level: "SELF_ONLY" },
      },
      "post_info.title is longer than 2200.",
    );
    const me2 = await sandbox.user("photo_bodies");
    const photo = async (body: unknown, message: string) =>
      assertError(
        await sandbox.call(PHOTO_INIT, me2.token, body),
        400,
        "invalid_param",
        message,
      );
    await photo(
      photoBody({ media_type: "VIDEO" }),
      "media_type must be PHOTO and post_mode DIRECT_POST or MEDIA_UPLOAD.",
    );
    await photo(
      photoBody({ post_mode: "DIRECT POST" }),
      "media_type must be PHOTO and post_mode DIRECT_POST or MEDIA_UPLOAD.",
    );
    // A draft is a valid body, but needs video.upload, which me2 lacks.
    assertError(
      await sandbox.call(
        PHOTO_INIT,
        me2.token,
        photoBody({ post_mode: "MEDIA_UPLOAD" }),
      ),
      401,
      "scope_not_authorized",
    );
    await photo(
      photoBody({ source_info: { photo_images: [], photo_cover_index: 0 } }),
      "photo_images must hold 1 to 35 URLs.",
    );
    await photo(
      photoBody({
        source_info: { photo_images: [`${FILES}a.jpg`], photo_cover_index: 1 },
      }),
      "photo_cover_index is out of range.",
    );
    await photo(
      photoBody({
        post_info: { title: "x".repeat(91), privacy_level: "SELF_ONLY" },
      }),
      "title is limited to 90 and description to 4000 characters.",
    );
  } finally {
    sandbox.close();
  }
});

Deno.test("the sandbox refuses a privacy level the creator lacks and URLs it has not verified", async () => {
  const sandbox = await openSandbox();
  try {
    const me = await sandbox.user("checks");
    assertError(
      await sandbox.call(
        VIDEO_INIT,
        me.token,
        videoBody(`${FILES}v.mp4`, "FOLLOWER_OF_CREATOR"),
      ),
      403,
      "privacy_level_option_mismatch",
      "privacy_level is missing or not one of the creator's options.",
    );
    assertError(
      await sandbox.call(
        VIDEO_INIT,
        me.token,
        videoBody("http://elsewhere.example/v.mp4"),
      ),
      403,
      "url_ownership_unverified",
      "Please review our URL ownership verification rules.",
    );
    const admin = await sandbox.admin(me.openId);
    assert.equal(admin.body.publishes_started, 0);
  } finally {
    sandbox.close();
  }
});

Deno.test("queued faults answer the next init calls in order, then init works again", async () => {
  const sandbox = await openSandbox();
  try {
    const me = await sandbox.user("faulty");
    const queued = await sandbox.admin(me.openId, {
      faults: [
        { fault: "server_error" },
        { fault: "spam_risk_too_many_posts" },
        { fault: "url_ownership_unverified" },
        { fault: "timeout" },
      ],
    });
    assert.equal(queued.status, 200);
    assert.equal(queued.body.settings.faults.length, 4);
    // Two more from a second call, each queued `times` times.
    await sandbox.admin(me.openId, {
      faults: [{ fault: "rate_limit", times: 1 }, { fault: "slow_accept" }],
    });
    const init = () => sandbox.call(VIDEO_INIT, me.token, videoBody());
    assertError(
      await init(),
      500,
      "internal_error",
      "Something went wrong. Please try again later.",
    );
    assertError(
      await init(),
      403,
      "spam_risk_too_many_posts",
      "The daily post cap from the API is reached for the current user.",
    );
    assertError(
      await init(),
      403,
      "url_ownership_unverified",
      "Please review our URL ownership verification rules.",
    );
    assertError(await init(), 500, "internal_error", "Timed out.");
    const photo = await sandbox.call(PHOTO_INIT, me.token, photoBody());
    assertError(photo, 429, "rate_limit_exceeded");
    const slow = await init();
    assert.equal(slow.status, 200, slow.text);
    assert.match(slow.body.data.publish_id, /^v_pub_url~v2\.\d{16}$/);
    const after = await sandbox.call(PHOTO_INIT, me.token, photoBody());
    assert.match(after.body.data.publish_id, /^p_pub_url~v2\.\d{16}$/);
    const admin = await sandbox.admin(me.openId);
    assert.deepEqual(admin.body, {
      ok: true,
      open_id: me.openId,
      posts: 0,
      publishes_started: 2,
      settings: {
        privateAccount: false,
        maxVideoPostDurationSec: 300,
        faults: [],
      },
    });
  } finally {
    sandbox.close();
  }
});

Deno.test("the simulated scope_not_authorized refuses a grant holding the scope; slow_answer answers as usual after its delay_ms, which only it takes", async () => {
  const sandbox = await openSandbox();
  try {
    const me = await sandbox.user("simulated");
    const init = () => sandbox.call(VIDEO_INIT, me.token, videoBody());
    for (
      const fault of [{ fault: "slow_answer" }, {
        fault: "server_error",
        delay_ms: 5,
      }]
    ) {
      const refused = await sandbox.admin(me.openId, { faults: [fault] });
      assert.equal(refused.status, 400, refused.text);
      assert.equal(
        refused.body.message,
        "delay_ms is needed by slow_answer and taken by no other fault.",
      );
    }
    await sandbox.admin(me.openId, {
      faults: [
        { fault: "scope_not_authorized" },
        { fault: "slow_answer", delay_ms: 300 },
      ],
    });
    assertError(
      await init(),
      401,
      "scope_not_authorized",
      "The user did not authorize the scope required for completing this request.",
    );
    const started = performance.now();
    const slow = await init();
    assert.ok(performance.now() - started >= 290, "answered after its delay");
    assert.equal(slow.status, 200, slow.text);
    assert.match(slow.body.data.publish_id, /^v_pub_url~v2\.\d{16}$/);
    const admin = await sandbox.admin(me.openId);
    assert.equal(admin.body.publishes_started, 1, "the refused one made none");
    assert.deepEqual(admin.body.settings.faults, []);
  } finally {
    sandbox.close();
  }
});

Deno.test("a publish pulls its media on the first status fetch and settles on the next", async () => {
  const served = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    (req) =>
      new URL(req.url).pathname.endsWith("/missing.mp4")
        ? new Response("no", { status: 404 })
        : new Response(new Uint8Array(1234)),
  );
  const files = `http://127.0.0.1:${served.addr.port}/files/`;
  const sandbox = await openSandbox([files]);
  try {
    const me = await sandbox.user("progress");
    const start = async (name: string, privacy = "SELF_ONLY") =>
      (await sandbox.call(
        VIDEO_INIT,
        me.token,
        videoBody(`${files}${name}`, privacy),
      )).body.data.publish_id as string;
    const status = (publishId: unknown) =>
      sandbox.call(STATUS, me.token, { publish_id: publishId });

    const ok = await start("ok.mp4", "PUBLIC_TO_EVERYONE");
    const first = await status(ok);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.data, {
      status: "PROCESSING_DOWNLOAD",
      publicaly_available_post_id: [],
      downloaded_bytes: 1234,
    });
    assert.equal(first.body.error.code, "ok");
    const done = await status(ok);
    assert.equal(done.body.data.status, "PUBLISH_COMPLETE");
    // The post id goes out as a 19-digit JSON number, as TikTok sends it.
    assert.match(
      done.text,
      /"publicaly_available_post_id":\[7\d{18}\],"downloaded_bytes":1234\}/,
    );
    assert.equal((await status(ok)).body.data.status, "PUBLISH_COMPLETE");

    const missing = await start("missing.mp4");
    assert.equal(
      (await status(missing)).body.data.status,
      "PROCESSING_DOWNLOAD",
    );
    assert.deepEqual((await status(missing)).body.data, {
      status: "FAILED",
      fail_reason: "video_pull_failed",
      publicaly_available_post_id: [],
      downloaded_bytes: 0,
    });

    await sandbox.admin(me.openId, {
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk" }],
    });
    const planned = await start("planned.mp4");
    await status(planned);
    const failed = await status(planned);
    assert.equal(failed.body.data.fail_reason, "spam_risk");
    assert.equal(failed.body.data.downloaded_bytes, 1234);

    const admin = await sandbox.admin(me.openId);
    assert.equal(admin.body.posts, 1);
    assert.equal(admin.body.publishes_started, 3);
  } finally {
    sandbox.close();
    await served.shutdown();
  }
});

Deno.test("status refuses an unknown publish_id, another user's publish, and a body that is not JSON or has other fields", async () => {
  const sandbox = await openSandbox();
  try {
    const me = await sandbox.user("owner");
    const other = await sandbox.user("other");
    const publishId =
      (await sandbox.call(VIDEO_INIT, me.token, videoBody())).body.data
        .publish_id;
    assertError(
      await sandbox.call(STATUS, me.token, { publish_id: "v_pub_url~v2.0" }),
      400,
      "invalid_publish_id",
      "The publish_id does not exist.",
    );
    // The body is read strictly, with TikTok's invalid_param.
    assertError(
      await sandbox.call(STATUS, me.token),
      400,
      "invalid_param",
      `The request body is not valid JSON: at line 1, column 1, "n"; JSON's values are "strings", numbers, true, false, null, objects and arrays.`,
    );
    assertError(
      await sandbox.call(STATUS, me.token, {
        publish_id: publishId,
        publish_ids: [publishId],
      }),
      400,
      "invalid_param",
      "Invalid request: publish_ids: unknown field",
    );
    assertError(
      await sandbox.call(STATUS, me.token, { publish_id: 42 }),
      400,
      "invalid_param",
    );
    assertError(
      await sandbox.call(STATUS, other.token, { publish_id: publishId }),
      400,
      "token_not_authorized_for_specified_publish_id",
      "The token is not authorized for this publish_id.",
    );
  } finally {
    sandbox.close();
  }
});

Deno.test("creator_info and the admin endpoint follow the user's settings; unknown users and faults are refused", async () => {
  const sandbox = await openSandbox();
  try {
    const me = await sandbox.user("private.one");
    const changed = await sandbox.admin(me.openId, {
      private_account: true,
      max_video_post_duration_sec: 60,
      faults: [{ fault: "publish_failed", fail_reason: "x", times: 2 }],
    });
    assert.deepEqual(changed.body, {
      ok: true,
      settings: {
        privateAccount: true,
        maxVideoPostDurationSec: 60,
        faults: [
          { fault: "publish_failed", failReason: "x" },
          { fault: "publish_failed", failReason: "x" },
        ],
      },
    });
    const info = await sandbox.call(
      "/v2/post/publish/creator_info/query",
      me.token,
      {},
    );
    assert.equal(info.status, 200);
    assert.deepEqual(info.body.data, {
      creator_avatar_url: "http://localhost/avatars/private.one.svg",
      creator_username: "private.one",
      creator_nickname: "Private One",
      privacy_level_options: [
        "FOLLOWER_OF_CREATOR",
        "MUTUAL_FOLLOW_FRIENDS",
        "SELF_ONLY",
      ],
      comment_disabled: false,
      duet_disabled: true,
      stitch_disabled: true,
      max_video_post_duration_sec: 60,
    });
    const unknownUser = await sandbox.admin("sbx-nobody", {
      private_account: true,
    });
    assert.equal(unknownUser.status, 404);
    assert.deepEqual(unknownUser.body, {
      ok: false,
      error: "not_found",
      message: "No such sandbox user.",
    });
    const badFault = await sandbox.admin(me.openId, {
      faults: [{ fault: "meteor" }],
    });
    assert.equal(badFault.status, 400);
    assert.deepEqual(badFault.body, {
      ok: false,
      error: "bad_request",
      message:
        'Unknown fault "meteor"; one of rate_limit, server_error, timeout, creator_info_timeout, video_query_timeout, slow_accept, slow_answer, spam_risk_too_many_posts, url_ownership_unverified, publish_failed, unaudited_client_can_only_post_to_private_accounts, reached_active_user_cap, spam_risk_too_many_pending_share, scope_not_authorized, pull_failed, upload_chunk_server_error, upload_chunk_rate_limit, upload_chunk_stall, revoke_server_error.',
    });
    assert.equal(
      (await sandbox.admin(me.openId)).body.settings.faults.length,
      2,
    );
  } finally {
    sandbox.close();
  }
});

Deno.test("the admin endpoints read their bodies strictly: not JSON, an unknown field or a wrong type is a 400 naming it, and nothing changes", async () => {
  const sandbox = await openSandbox();
  try {
    const me = await sandbox.user("strict.admin");
    const users = `/users/${encodeURIComponent(me.openId)}`;
    const refused = (got: Answer, message: string | RegExp) => {
      assert.equal(got.status, 400, got.text);
      assert.equal(got.body.ok, false);
      assert.equal(got.body.error, "bad_request");
      if (typeof message === "string") {
        assert.equal(got.body.message, message);
      } else assert.match(got.body.message, message);
    };
    refused(
      await sandbox.adminText(users, "{private_account: true"),
      'The request body is not valid JSON: at line 1, column 2, "p"; JSON quotes a field\'s name with ".',
    );
    const misspelt = await sandbox.admin(me.openId, { private_acount: true });
    refused(
      misspelt,
      'Invalid request: private_acount: unknown field (did you mean "private_account"?)',
    );
    assert.deepEqual(misspelt.body.issues, [
      {
        path: "private_acount",
        message: 'unknown field (did you mean "private_account"?)',
      },
    ]);
    refused(
      await sandbox.admin(me.openId, { private_account: "yes" }),
      /^Invalid request: private_account: /,
    );
    refused(
      await sandbox.admin(me.openId, {
        faults: [{ fault: "rate_limit", time: 2 }],
      }),
      'Invalid request: faults.0.time: unknown field (did you mean "times"?)',
    );
    const settings = (await sandbox.admin(me.openId)).body.settings;
    assert.equal(settings.privateAccount, false, "nothing changed");
    assert.deepEqual(settings.faults, []);

    refused(
      await sandbox.adminText(`${users}/revoke`, JSON.stringify({ why: 2 })),
      "Invalid request: why: unknown field",
    );
    const info = await sandbox.call(
      "/v2/post/publish/creator_info/query",
      me.token,
      {},
    );
    assert.equal(info.status, 200, "the token still works");
    refused(
      await sandbox.adminText("/webhooks", JSON.stringify({ mod: "on" })),
      'Invalid request: mod: unknown field (did you mean "mode"?)',
    );
    refused(
      await sandbox.adminText(
        "/publishes/v_pub_url~v2.0/settle",
        JSON.stringify({ now: true }),
      ),
      "Invalid request: now: unknown field",
    );
    // No body is still fine where nothing is needed.
    const revoked = await sandbox.adminText(`${users}/revoke`, "");
    assert.equal(revoked.status, 200, revoked.text);
  } finally {
    sandbox.close();
  }
});
