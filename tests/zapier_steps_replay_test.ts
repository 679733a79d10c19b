/**
 * The Zap of docs/workflows.md#zapier replayed as Webhooks by Zapier's
 * POST action (Payload Type json) would send it, against a real PM3K over
 * loopback; Zapier is a hosted service these machines cannot reach. A
 * trigger's file reaches the Zap as a link to Zapier's copy, which
 * redirects to the bytes typed application/octet-stream (the source
 * server's /drive/uc answers that way). Each step has its own
 * Idempotency-Key, so Zapier's replay of a step is answered again.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { posterFor, sandboxUser } from "./_helpers/posting_setup.ts";

Deno.test("the Zapier steps, each with its own Idempotency-Key, upload and post once however often Zapier replays them; one key on both steps is refused", async () => {
  const server = await startTestServer({
    env: { TIKTOK_APP_AUDITED: "false" },
  });
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "zapier_replay");
    await me.sandbox({ private_account: true });
    // Webhooks by Zapier › POST: Data written out as JSON, Headers as set.
    const step = async (path: string, key: string, data: object) => {
      const res = await fetch(`${server.url}${path}`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${me.key}`,
          "Content-Type": "application/json",
          "Idempotency-Key": key,
        },
        body: JSON.stringify(data),
      });
      return {
        status: res.status,
        replayed: res.headers.get("idempotent-replayed"),
        body: await res.json() as Record<string, unknown>,
      };
    };
    const fileId = "1AbCdEfGh";
    const trigger = { file: `${source.origin}/drive/uc`, caption: "Day 3" };
    const upload = () =>
      step("/api/uploads/from_url", `upload-${fileId}`, {
        url: trigger.file,
      });
    const first = await upload();
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const post = () =>
      step("/api/tiktok/direct_post", `post-${fileId}`, {
        source_url: first.body.url,
        title: trigger.caption,
        privacy: "SELF_ONLY",
      });
    const posted = await post();
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    // Zapier replays both steps (a run replayed from its history).
    const again = await upload();
    assert.equal(again.replayed, "true");
    assert.equal(again.body.url, first.body.url);
    const reposted = await post();
    assert.equal(reposted.replayed, "true");
    assert.equal(reposted.body.publish_id, posted.body.publish_id);
    assert.equal((await sandboxUser(server, me.openId)).publishes_started, 1);
    // The file's id alone as both steps' key: the post meets the upload's.
    const other = await step("/api/uploads/from_url", "2XyZ", {
      url: trigger.file,
    });
    assert.equal(other.status, 200, JSON.stringify(other.body));
    const clash = await step("/api/tiktok/direct_post", "2XyZ", {
      source_url: other.body.url,
      title: "Day 4",
      privacy: "SELF_ONLY",
    });
    assert.equal(clash.status, 409, JSON.stringify(clash.body));
    assert.equal(clash.body.error, "idempotency_conflict");
  } finally {
    await source.close();
    await server.close();
  }
});
