/**
 * An unaudited TikTok app (TIKTOK_APP_AUDITED=false,
 * docs/posting.md#unaudited-apps) through the HTTP API against the TikTok
 * simulator, which then plays an unaudited app too: PM3K takes only
 * SELF_ONLY (the account's default privacy included), and TikTok's own
 * refusals (public account, active-user cap) answer their documented codes.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  initsAtTikTok,
  posterFor,
  publishAtTikTok,
} from "./_helpers/posting_setup.ts";
import { updateAccount } from "../lib/accounts/accounts_store.ts";
import { tiktokAppAudited } from "../lib/posting/app_audit.ts";
import { mcpClient, toolError } from "./_helpers/mcp_client.ts";

Deno.test("an unaudited app refuses every privacy but SELF_ONLY with 400 privacy_unaudited_app", async () => {
  const server = await startTestServer({
    env: { TIKTOK_APP_AUDITED: "false" },
  });
  try {
    assert.equal(tiktokAppAudited(server.deps), false);
    const me = await posterFor(server, "unaudited_privacy");
    await me.sandbox({ private_account: true });
    const url = await me.uploadVideo();
    const post = (extra: Record<string, unknown>) =>
      me.json("POST", "/api/tiktok/direct_post", {
        source_url: url,
        title: "private while unaudited",
        ...extra,
      });
    for (
      const privacy of [undefined, "PUBLIC_TO_EVERYONE", "FOLLOWER_OF_CREATOR"]
    ) {
      const res = await post(privacy ? { privacy } : {});
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error, "privacy_unaudited_app");
      assert.deepEqual(res.body.allowed_privacy, ["SELF_ONLY"]);
      assert.match(String(res.body.message), /audit/);
      assert.match(
        String(res.body.message),
        /TikTok account itself to private/,
      );
    }
    // The account's default privacy does not get around it.
    await updateAccount(server.deps, me.openId, (a) => ({
      ...a,
      defaultPrivacy: "MUTUAL_FOLLOW_FRIENDS",
    }));
    const byDefault = await post({});
    assert.equal(byDefault.body.error, "privacy_unaudited_app");
    assert.match(String(byDefault.body.message), /MUTUAL_FOLLOW_FRIENDS/);
    assert.equal(await initsAtTikTok(server, me), 0);

    const ok = await post({ privacy: "SELF_ONLY" });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const atTikTok = await publishAtTikTok(server, ok.body.publish_id);
    assert.equal(atTikTok.privacyLevel, "SELF_ONLY");
  } finally {
    await server.close();
  }
});

Deno.test("TikTok's refusal of an unaudited app posting to a public account answers 403 tiktok_unaudited_private_only", async () => {
  const server = await startTestServer({
    env: { TIKTOK_APP_AUDITED: "false" },
  });
  try {
    const me = await posterFor(server, "unaudited_public");
    const url = await me.uploadVideo();
    const body = {
      source_url: url,
      title: "to a public account",
      privacy: "SELF_ONLY",
    };
    const res = await me.json("POST", "/api/tiktok/direct_post", body);
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.equal(res.body.error, "tiktok_unaudited_private_only");
    assert.equal(
      res.body.tiktok_code,
      "unaudited_client_can_only_post_to_private_accounts",
    );
    assert.match(String(res.body.message), /set the TikTok account to private/);
    assert.match(String(res.body.message), /audited/);
    // Released: once the creator makes the account private, the same post goes.
    await me.sandbox({ private_account: true });
    const again = await me.json("POST", "/api/tiktok/direct_post", body);
    assert.equal(again.status, 200, JSON.stringify(again.body));
  } finally {
    await server.close();
  }
});

Deno.test("TikTok's active user cap answers 403 tiktok_active_user_cap, and the unaudited fault answers its code on an audited app", async () => {
  const server = await startTestServer();
  try {
    assert.equal(tiktokAppAudited(server.deps), true);
    const me = await posterFor(server, "capped_app");
    await me.sandbox({
      faults: [
        { fault: "reached_active_user_cap" },
        { fault: "unaudited_client_can_only_post_to_private_accounts" },
      ],
    });
    const url = await me.uploadVideo();
    const post = () =>
      me.json("POST", "/api/tiktok/direct_post", {
        source_url: url,
        title: "capped",
      });
    const capped = await post();
    assert.equal(capped.status, 403, JSON.stringify(capped.body));
    assert.equal(capped.body.error, "tiktok_active_user_cap");
    assert.equal(capped.body.tiktok_code, "reached_active_user_cap");
    assert.match(String(capped.body.message), /apply for TikTok's audit/);
    const unaudited = await post();
    assert.equal(unaudited.status, 403);
    assert.equal(unaudited.body.error, "tiktok_unaudited_private_only");
    const ok = await post();
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
  } finally {
    await server.close();
  }
});

Deno.test("creator_info answers the creator's nickname, handle and avatar from TikTok", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "face.of_it");
    const res = await me.json("GET", "/api/tiktok/creator_info");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.creator_username, "face.of_it");
    assert.equal(typeof res.body.creator_nickname, "string");
    assert.notEqual(res.body.creator_nickname, "");
    const avatar = String(res.body.creator_avatar_url);
    assert.equal(
      avatar,
      `${server.url}/_sandbox/tiktok/avatars/face.of_it.svg`,
    );
    const image = await fetch(avatar);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get("content-type"), "image/svg+xml");
    await image.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("an unaudited app's creator_info offers only SELF_ONLY, the one privacy it accepts, as the composer does", async () => {
  const unaudited = await startTestServer({
    env: { TIKTOK_APP_AUDITED: "false" },
  });
  const audited = await startTestServer();
  try {
    const wide = await posterFor(audited, "audited_options");
    const all = await wide.json("GET", "/api/tiktok/creator_info");
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.ok(
      (all.body.privacy_level_options as string[]).length > 1,
      "the simulated creator offers more than SELF_ONLY",
    );

    const me = await posterFor(unaudited, "unaudited_options");
    const res = await me.json("GET", "/api/tiktok/creator_info");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.app_audited, false);
    assert.deepEqual(res.body.privacy_level_options, ["SELF_ONLY"]);
    // Every option it lists is one a post is accepted with.
    await me.sandbox({ private_account: true });
    const post = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "one of the options listed",
      privacy: (res.body.privacy_level_options as string[])[0],
    });
    assert.equal(post.status, 200, JSON.stringify(post.body));
  } finally {
    await unaudited.close();
    await audited.close();
  }
});

Deno.test("an unaudited app refuses a job asking any privacy but SELF_ONLY when it is made, over REST and MCP schedule_post", async () => {
  const server = await startTestServer({
    env: { TIKTOK_APP_AUDITED: "false" },
  });
  try {
    const me = await posterFor(server, "unaudited_jobs");
    await me.sandbox({ private_account: true });
    const client = await mcpClient(server, me.key);
    try {
      const runAt = new Date(server.clock.now() + 3 * 3600_000).toISOString();
      // Left out, the account's default applies: PUBLIC_TO_EVERYONE.
      for (
        const privacy of [
          undefined,
          "PUBLIC_TO_EVERYONE",
          "FOLLOWER_OF_CREATOR",
        ]
      ) {
        const body = {
          kind: "tiktok",
          run_at: runAt,
          source_url: await me.uploadVideo(),
          title: `scheduled ${privacy ?? "by default"}`,
          ...(privacy ? { privacy } : {}),
        };
        const res = await me.json("POST", "/api/jobs", body);
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.equal(res.body.error, "privacy_unaudited_app");
        assert.deepEqual(res.body.allowed_privacy, ["SELF_ONLY"]);
        const { kind: _kind, ...args } = body;
        const mcp = await toolError(
          client,
          "schedule_post",
          args,
          "privacy_unaudited_app",
        );
        assert.deepEqual(mcp.allowed_privacy, ["SELF_ONLY"]);
      }
      const listed = await me.json("GET", "/api/jobs");
      assert.deepEqual(listed.body.jobs, [], "no job was made");

      const ok = await me.json("POST", "/api/jobs", {
        kind: "tiktok",
        run_at: runAt,
        source_url: await me.uploadVideo(),
        title: "scheduled private",
        privacy: "SELF_ONLY",
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
});
