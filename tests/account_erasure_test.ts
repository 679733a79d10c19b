/**
 * Deleting an account from Settings (docs/accounts.md#deleting-an-account):
 * every record and file PM3K kept for it goes, TikTok's grant is revoked,
 * its key stops working, other accounts keep theirs; and nothing goes
 * while one of its posts is being sent.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { albumOf, posterFor, postsOf } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { sandboxAdmin } from "./_helpers/dashboard_seed.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { postForm, visit } from "./_helpers/sandbox_sign_in.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { decryptText } from "../lib/crypto/token_cipher.ts";
import { PAGE_ACCOUNT_FIELD } from "../lib/http/page_account_names.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import {
  entriesNaming,
  objectsOf,
  pathsNaming,
} from "./_helpers/account_traces.ts";

type Signed = Poster;

/** A signed-in account with an API key, as the dashboard issues it. */
const account = (server: TestServer, username: string) =>
  posterFor(server, username, "monthly");

/** A response's status, its body read. */
async function statusOf(response: Promise<Response>): Promise<number> {
  const res = await response;
  await res.body?.cancel();
  return res.status;
}

function deleteFrom(server: TestServer, me: Signed, pageAccount = me.openId) {
  return postForm(server, me.jar, "/dashboard/delete_account", {
    [PAGE_ACCOUNT_FIELD]: pageAccount,
  });
}

Deno.test("deleting an account from Settings removes every record and file kept for it, revokes its TikTok grant, and ends its key", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await account(server, "erase_me");
    const other = await account(server, "keep_me");
    // What an account leaves: a post published, its webhook delivery
    // waiting, a job scheduled, an album, a domain.
    const webhook = await me.json("PUT", "/api/webhook", { url: hook.url });
    assert.equal(webhook.status, 200, JSON.stringify(webhook.body));
    const posted = await me.uploadVideo("posted.mp4");
    const post = await me.call("POST", "/api/tiktok/direct_post", {
      source_url: posted,
      title: "Posted, then deleted",
      privacy: "SELF_ONLY",
    });
    assert.equal(post.status, 200, await post.clone().text());
    const postBody = await post.json();
    await followAMinuteLater(server);
    await followAMinuteLater(server);
    const waiting = await Array.fromAsync(
      server.kv.list({ prefix: keys.webhookDuePrefix() }),
    );
    assert.deepEqual(waiting.map((e) => e.key[2]), [me.openId]);
    const scheduled = await me.uploadVideo("scheduled.mp4");
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(server.clock.now() + 3 * 3600_000).toISOString(),
      source_url: scheduled,
      title: "Scheduled, then deleted",
      privacy: "SELF_ONLY",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    const album = await albumOf(me, "photo2.jpg");
    const domain = await me.json("POST", "/api/domains", {
      domain: "media.example.com",
    });
    assert.equal(domain.status, 200, JSON.stringify(domain.body));
    const otherVideo = await other.uploadVideo("other.mp4");
    // A refusal, kept in the account's refused-requests log.
    const refused = await me.json("POST", "/api/jobs", { kind: "tiktok" });
    assert.equal(refused.status, 400, JSON.stringify(refused.body));

    const ids = [
      me.openId,
      String(postBody.publish_id),
      String(job.body.job_id),
      album.albumId,
    ];
    assert.ok((await entriesNaming(server, ids)).length > 10);
    assert.equal((await objectsOf(server, me.openId)).length, 3);
    assert.ok((await pathsNaming(server, me.openId)).length > 0);
    const grant = (await getTyped(server.kv, keys.account(me.openId))).value!
      .tiktok!;
    const accessToken = await decryptText(
      server.deps.tokenKey,
      grant.accessToken,
    );

    const deleted = await deleteFrom(server, me);
    assert.equal(deleted.status, 303);
    assert.equal(deleted.headers.get("location"), "/");
    await deleted.body?.cancel();

    assert.deepEqual(await entriesNaming(server, ids), []);
    assert.deepEqual(await objectsOf(server, me.openId), []);
    // No folder on the local disk is named after it either.
    assert.deepEqual(await pathsNaming(server, me.openId), []);
    // The key answers 401; the browser is signed out, and told why.
    assert.equal(await statusOf(me.call("GET", "/api/me")), 401);
    const start = await visit(me.jar, `${server.url}/`);
    assert.match(
      await start.text(),
      /PM3K deleted [^<]+ and everything it kept for it\./,
    );
    const dashboard = await visit(me.jar, `${server.url}/dashboard`);
    await dashboard.body?.cancel();
    assert.equal(dashboard.status, 303, "no session opens it");
    // TikTok no longer takes the grant's token.
    const info = await fetch(
      `${server.url}/_sandbox/tiktok/v2/user/info/?fields=open_id`,
      { headers: { Authorization: `Bearer ${accessToken}` } },
    );
    await info.body?.cancel();
    assert.equal(info.status, 401);
    // The other account keeps all it had.
    assert.equal(await statusOf(other.call("GET", "/api/me")), 200);
    const kept = await other.json("GET", "/api/uploads");
    assert.ok(
      JSON.stringify(kept.body).includes(otherVideo),
      "the other account's upload stays",
    );
    assert.equal((await objectsOf(server, other.openId)).length, 1);
  } finally {
    await server.close();
    await hook.close();
  }
});

Deno.test("an account whose post is being sent to TikTok is not deleted: 409 naming the post, nothing removed, and it goes once sent", async () => {
  const server = await startTestServer();
  try {
    const me = await account(server, "erase_busy");
    const url = await me.uploadVideo("busy.mp4");
    // TikTok answers the init late: the post stays reserved meanwhile.
    await sandboxAdmin(server, me.openId, {
      faults: [{ fault: "slow_answer", delay_ms: 3_000 }],
    });
    const sending = me.call("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "Being sent",
      privacy: "SELF_ONLY",
    });
    let postId = "";
    await waitUntil("the post is reserved", async () => {
      for await (
        const e of server.kv.list<string>({
          prefix: keys.postsByAccountPrefix(me.openId),
        })
      ) postId = e.value;
      return postId !== "";
    });

    const refused = await postForm(
      server,
      me.jar,
      "/dashboard/delete_account",
      { [PAGE_ACCOUNT_FIELD]: me.openId },
    );
    assert.equal(refused.status, 409);
    assert.match(
      await refused.text(),
      /A post of this account is being sent to TikTok right now/,
    );
    assert.ok((await getTyped(server.kv, keys.account(me.openId))).value);
    assert.equal(await statusOf(me.call("GET", "/api/me")), 200);

    const sent = await sending;
    assert.equal(sent.status, 200, await sent.text());
    const deleted = await deleteFrom(server, me);
    await deleted.body?.cancel();
    assert.equal(deleted.status, 303);
    assert.deepEqual(await entriesNaming(server, [me.openId, postId]), []);
  } finally {
    await server.close();
  }
});

Deno.test("a delete form from a page of another account deletes nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await account(server, "erase_shown");
    const refused = await deleteFrom(server, me, "someone-else");
    await refused.body?.cancel();
    assert.equal(refused.status, 409);
    assert.ok((await getTyped(server.kv, keys.account(me.openId))).value);
    assert.equal(await statusOf(me.call("GET", "/api/me")), 200);
  } finally {
    await server.close();
  }
});

Deno.test("deleting an account removes its posts' kept counts (post stats) at once", async () => {
  const server = await startTestServer();
  try {
    const me = await account(server, "erase_counts");
    const r = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "Counted, then deleted",
      privacy: "PUBLIC_TO_EVERYONE",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    for (let i = 0; i < 5; i++) await followAMinuteLater(server);
    const [post] = await postsOf(me);
    const postId = String(post.post_id);
    const stats = await me.json("GET", `/api/tiktok/posts/${postId}/stats`);
    assert.equal(stats.status, 200, JSON.stringify(stats.body));
    assert.ok(stats.body.stats, "TikTok showed the public post's counts");
    assert.ok((await getTyped(server.kv, keys.postStats(postId))).value);

    const deleted = await deleteFrom(server, me);
    await deleted.body?.cancel();
    assert.equal(deleted.status, 303);
    assert.equal(
      (await getTyped(server.kv, keys.postStats(postId))).value,
      null,
      "the counts kept for the post go with it",
    );
  } finally {
    await server.close();
  }
});
