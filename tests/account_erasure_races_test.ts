/**
 * Deleting an account while other work for it runs
 * (docs/accounts.md#deleting-an-account): a due job the runner claims just
 * before the deletion's mark (one tried after it is never claimed:
 * account_erasure_due_jobs_test.ts), a webhook delivery under way, other
 * browsers holding the account, and the same TikTok user signing in again.
 * Whatever the order, either the deletion is refused (409) and nothing is
 * deleted, or nothing names the account afterwards.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  albumOf,
  hookedPoster,
  posterFor,
  publishAtTikTok,
  scheduleJob,
  verifySource,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import {
  apiClientFor,
  fixture,
  stagedUpload,
  uploadBytes,
  uploadPortrait,
} from "./_helpers/api_client.ts";
import { startS3rver } from "./_helpers/s3rver_harness.ts";
import { hookWritesUnder } from "./_helpers/kv_write_hook.ts";
import { paddedMp4 } from "./_helpers/padded_video.ts";
import { fileUploadsSettled } from "../lib/posting/video_source.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import {
  addAccountInJar,
  postForm,
  signIn,
  visit,
} from "./_helpers/sandbox_sign_in.ts";
import { PAGE_ACCOUNT_FIELD } from "../lib/http/page_account_names.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import {
  disconnectedByTikTok,
  revokeAtTikTok,
  sandboxWebhooks,
} from "./_helpers/tiktok_events.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { entriesNaming, objectsOf } from "./_helpers/account_traces.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { eraseAccount } from "../lib/erasure/account_erasure.ts";
import type { EraseDeps } from "../lib/erasure/account_erasure.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";
import { AppError } from "../lib/errors.ts";

const MB = 1024 * 1024;

/**
 * The server's deps whose first write of the deletion's mark waits until
 * `before()` is done: the moment between the deletion's first look at the
 * account's jobs and its mark, made long.
 */
function beforeTheMark(server: TestServer, before: () => Promise<void>) {
  let done = false;
  const deps: EraseDeps = {
    ...server.deps,
    kv: hookWritesUnder(server.kv, ["erasures_pending"], async (real) => {
      if (!done) {
        done = true;
        await before();
      }
      return await real();
    }),
  };
  return deps;
}

/**
 * An account with a job due now that the runner claims between the
 * deletion's first look and its mark, TikTok answering its init late
 * (`faults` queued too), `whileSent` run once it is being sent; the
 * deletion's refusal, and the run still going.
 */
async function refusedByJobSent(
  server: TestServer,
  name: string,
  faults: Record<string, unknown>[] = [],
  whileSent: (me: Poster) => Promise<void> = async () => {},
) {
  const me = await posterFor(server, name);
  const runAt = server.clock.now() + 2 * 3600_000;
  const job = await scheduleJob(me, runAt, {
    title: "Due while the account is deleted",
    privacy: "SELF_ONLY",
  });
  assert.equal(job.status, 200, JSON.stringify(job.body));
  const jobId = String(job.body.job_id);
  server.clock.set(runAt);
  // TikTok answers the job's init late: it is being sent meanwhile.
  await me.sandbox({
    faults: [{ fault: "slow_answer", delay_ms: 1_500 }, ...faults],
  });

  let running: Promise<unknown> = Promise.resolve();
  const deps = beforeTheMark(server, async () => {
    running = runDueJobs(server.deps, { horizonMs: 0 });
    await waitUntil("the job is being sent", async () => {
      const j = (await getTyped(server.kv, keys.job(jobId))).value;
      return j?.state === "publishing";
    });
    await whileSent(me);
  });
  const refused = await eraseAccount(deps, me.openId).then(
    () => null,
    (e) => e,
  );
  return { me, jobId, refused, running };
}

Deno.test("a job the runner claims between the deletion's first look and its mark refuses the deletion (409 job_id) rather than post for a deleted account, and says it finishes by itself when asked again", async () => {
  const server = await startTestServer();
  try {
    const { me, jobId, refused, running } = await refusedByJobSent(
      server,
      "erase_race_job",
    );
    // Asked again while the job is still being sent: the mark left open
    // says so on the first look too, before any revoke of its own.
    assert.equal(
      (await getTyped(server.kv, keys.job(jobId))).value?.state,
      "publishing",
    );
    const again = await eraseAccount(server.deps, me.openId).then(
      () => null,
      (e) => e,
    );
    await running;
    assert.ok(again instanceof AppError, `refused again: ${again}`);
    assert.match(again.message, /the deletion finishes by itself/);
    // Its first look cannot tell whether the run that marked it revoked.
    assert.doesNotMatch(again.message, /revoked/);

    assert.ok(refused instanceof AppError, `refused: ${refused}`);
    assert.equal(refused.code, "conflict");
    assert.match(
      refused.message,
      /TikTok access is revoked already, and the deletion finishes by itself/,
    );
    assert.deepEqual(
      Object.keys(refused.extra ?? {}).filter((k) => /_id$/.test(k)).length,
      1,
      JSON.stringify(refused.extra),
    );
    assert.ok(
      (await getTyped(server.kv, keys.account(me.openId))).value,
      "a refused deletion deletes nothing",
    );
    // TikTok's grant is revoked already: the deletion stays asked, its
    // mark open to the cron (docs/accounts.md#a-deletion-cut-short).
    const mark = (await getTyped(server.kv, keys.erasurePending(me.openId)))
      .value;
    assert.equal(mark?.claimedUntil, 0, "marked pending, held by no run");
    const settled = (await getTyped(server.kv, keys.job(jobId))).value;
    assert.ok(settled, "the job's record stays with its account");
    // Once sent, the account goes with all it had.
    const erased = await eraseAccount(server.deps, me.openId);
    assert.equal(erased.found, true);
    assert.deepEqual(await entriesNaming(server, [me.openId, jobId]), []);
  } finally {
    await server.close();
  }
});

Deno.test("a deletion refused after TikTok failed its revoke says the revoke failed and is asked again, not that the access is revoked", async () => {
  const server = await startTestServer();
  try {
    const { me, refused, running } = await refusedByJobSent(
      server,
      "erase_race_revoke_failed",
      [{ fault: "revoke_server_error" }],
    );
    await running;
    assert.ok(refused instanceof AppError, `refused: ${refused}`);
    assert.equal(refused.code, "conflict");
    assert.match(
      refused.message,
      /TikTok did not revoke its access this time: the deletion finishes by itself once it is sent, in a few minutes, and asks TikTok again\./,
    );
    // Once sent, the deletion finishes and TikTok takes the revoke.
    const erased = await eraseAccount(server.deps, me.openId);
    assert.equal(erased.revoked, true);
  } finally {
    await server.close();
  }
});

Deno.test("a deletion refused late for an account TikTok disconnected meanwhile says it holds no TikTok access to revoke", async () => {
  const server = await startTestServer();
  try {
    // The creator removes the app in TikTok while the job is being sent,
    // after the deletion's first look read the account still connected.
    const { me, refused, running } = await refusedByJobSent(
      server,
      "erase_race_not_connected",
      [],
      (me) => disconnectedByTikTok(server, me.openId),
    );
    await running;
    assert.ok(refused instanceof AppError, `refused: ${refused}`);
    assert.equal(refused.code, "conflict");
    // The job's post is named once reserved, the job before.
    assert.match(
      refused.message,
      /^A (scheduled )?post of this account is being sent to TikTok right now: it holds no TikTok access to revoke, and the deletion finishes by itself once it is sent, in a few minutes\.$/,
    );
    // The mark stays open to the cron, and the deletion, once finished,
    // has revoked nothing either.
    const mark = (await getTyped(server.kv, keys.erasurePending(me.openId)))
      .value;
    assert.equal(mark?.claimedUntil, 0, "marked pending, held by no run");
    const erased = await eraseAccount(server.deps, me.openId);
    assert.deepEqual([erased.found, erased.revoked], [true, false]);
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
  } finally {
    await server.close();
  }
});

/** The sessions (browsers) that still hold `openId`. */
async function sessionsHolding(
  server: TestServer,
  openId: string,
): Promise<string[]> {
  const found: string[] = [];
  for await (const e of server.kv.list({ prefix: keys.sessionsPrefix() })) {
    if (JSON.stringify(e.value).includes(openId)) found.push(String(e.key[1]));
  }
  return found;
}

/** The account a dashboard page is for (its `pm3k-account` meta). */
async function pageAccount(res: Response): Promise<string | null> {
  const html = await res.text();
  return /<meta name="pm3k-account" content="([^"]*)"/.exec(html)?.[1] ?? null;
}

Deno.test("an account deleted in one browser leaves every other browser: one holding it as active shows its next account, and signing in again later does not bring it back there", async () => {
  const server = await startTestServer();
  try {
    // Browser A holds Keep, then Gone (active); browser B holds Gone alone.
    const a = await signIn(server, "erase_sess_keep", "free");
    const gone = await addAccountInJar(server, a.jar, "erase_sess_gone");
    const b = await signIn(server, "erase_sess_gone", "free");
    assert.equal(b.openId, gone.openId);

    const deleted = await postForm(server, b.jar, "/dashboard/delete_account", {
      [PAGE_ACCOUNT_FIELD]: gone.openId,
    });
    await deleted.body?.cancel();
    assert.equal(deleted.status, 303);
    assert.deepEqual(
      await sessionsHolding(server, gone.openId),
      [],
      "no session names the deleted account",
    );
    const shown = await visit(a.jar, `${server.url}/dashboard`);
    assert.equal(shown.status, 200, "browser A still holds its other account");
    assert.equal(await pageAccount(shown), a.openId);

    // The same TikTok user signs in again, in a third browser.
    const again = await signIn(server, "erase_sess_gone", "free");
    assert.equal(again.openId, gone.openId);
    const later = await visit(a.jar, `${server.url}/dashboard`);
    assert.equal(later.status, 200);
    assert.equal(await pageAccount(later), a.openId);
    assert.ok(
      !(await sessionsHolding(server, gone.openId)).includes(
        a.jar.get("pm3k_session")!,
      ),
      "browser A does not hold the account signed in again elsewhere",
    );
  } finally {
    await server.close();
  }
});

Deno.test("a webhook delivery being attempted while the account is deleted writes nothing back after it", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["stall"]);
  try {
    const me = await hookedPoster(server, hook, "erase_race_hook");
    // "Send a test event" attempts it at once; the receiver holds its
    // answer 1.5 s, and the account is deleted meanwhile.
    const testing = me.call("POST", "/api/webhook/test");
    await waitUntil(
      "the delivery reaches the receiver",
      () => hook.got.length === 1,
    );
    const erased = await eraseAccount(server.deps, me.openId);
    assert.equal(erased.found, true);
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
    const tested = await testing;
    await tested.body?.cancel();
    assert.deepEqual(
      await entriesNaming(server, [me.openId]),
      [],
      "the attempt's end writes nothing back",
    );
  } finally {
    await server.close();
    await hook.close();
  }
});

Deno.test("deleting an account TikTok disconnected leaves none of TikTok's events about it", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "erase_disconnected");
    await sandboxWebhooks(server, "on");
    await revokeAtTikTok(server, me.openId);
    await waitUntil(
      "the account shows disconnected",
      async () =>
        (await getTyped(server.kv, keys.account(me.openId))).value
          ?.tiktokReauthRequired === true,
    );
    const erased = await eraseAccount(server.deps, me.openId);
    assert.deepEqual(
      [erased.found, erased.revoked],
      [true, false],
      "nothing left to revoke",
    );
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
  } finally {
    await server.close();
  }
});

/**
 * Deletes the account while `request` (a call with its key) copies its
 * file from a verified domain whose answer is held, then lets the copy
 * finish: the request answers 401 and nothing names the account; `check`
 * looks for the rest.
 */
async function eraseMidCopy(
  username: string,
  request: (
    me: Poster,
    heldUrl: string,
    server: TestServer,
  ) => Promise<Response>,
  check: (server: TestServer, me: Poster) => Promise<void>,
): Promise<void> {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, username);
    await verifySource(me, source);
    source.holding = true;
    const answer = request(me, `${source.origin}/held.mp4`, server);
    await waitUntil(
      "the source is being copied",
      () => source.hits.includes("/held.mp4"),
    );
    // Past the copy's first bytes.
    await new Promise((r) => setTimeout(r, 300));
    const erased = await eraseAccount(server.deps, me.openId);
    assert.equal(erased.found, true);
    source.holding = false;
    const res = await answer;
    await res.body?.cancel();
    assert.equal(res.status, 401, "its key is gone: nothing was made");
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
    await check(server, me);
  } finally {
    await server.close();
    await source.close();
  }
}

Deno.test("a copy from a verified domain finishing after its account was deleted leaves no record and no stored file", async () => {
  await eraseMidCopy(
    "erase_race_copy",
    (me, url) => me.call("POST", "/api/uploads/from_url", { url }),
    async (server, me) => {
      assert.deepEqual(
        await objectsOf(server, me.openId),
        [],
        "no stored file is left",
      );
    },
  );
});

Deno.test("a direct post copying its video from a verified domain when its account is deleted answers 401 and leaves no record and no stored file", async () => {
  await eraseMidCopy(
    "erase_race_ingest",
    (me, url) =>
      me.call("POST", "/api/tiktok/direct_post", {
        source_url: url,
        title: "Copied while deleted",
        privacy: "SELF_ONLY",
      }),
    async (server, me) => {
      assert.deepEqual(
        await objectsOf(server, me.openId),
        [],
        "no stored file is left",
      );
      assert.equal(await me.sandboxPosts(), 0, "nothing reached TikTok");
    },
  );
});

Deno.test("a file upload to TikTok cut short by its account's deletion records nothing after it", async () => {
  const server = await startTestServer({
    env: { TIKTOK_VIDEO_SOURCE: "file", TIKTOK_TIMEOUT_MS: "1000" },
  });
  server.deps.fileUpload = { chunkBytes: 5 * MB, retryBaseMs: 10 };
  try {
    const me = await posterFor(server, "erase_race_file");
    // TikTok takes the first chunk; the second one hangs.
    await me.sandbox({ faults: [{ fault: "upload_chunk_stall", chunk: 2 }] });
    const uploaded = await uploadBytes(me, await paddedMp4(10 * MB + 1), {
      filename: "big.mp4",
      contentType: "video/mp4",
    });
    assert.equal(uploaded.status, 200, JSON.stringify(uploaded.body));
    const res = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: String(uploaded.body.url),
      title: "Sent in chunks, then deleted",
      privacy: "SELF_ONLY",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const publishId = String(res.body.publish_id);
    await waitUntil(
      "the first chunk is in",
      async () =>
        (await publishAtTikTok(server, publishId)).upload?.received === 5 * MB,
    );
    // With TikTok now: its post does not stop the deletion.
    const erased = await eraseAccount(server.deps, me.openId);
    assert.equal(erased.posts, 1);
    await fileUploadsSettled();
    assert.deepEqual(
      await entriesNaming(server, [me.openId, publishId]),
      [],
      "the stopped upload is not recorded for a post that is gone",
    );
  } finally {
    await fileUploadsSettled();
    await server.close();
  }
});

Deno.test("on S3, deleting an account removes its objects: completed, album, and PUT but not completed", async () => {
  const s3 = await startS3rver();
  const server = await startTestServer({ env: s3.env });
  try {
    const me = await posterFor(server, "erase_s3");
    const other = await posterFor(server, "keep_s3");
    const done = await uploadPortrait(me, "done.mp4");
    assert.equal(done.status, 200, JSON.stringify(done.body));
    await albumOf(me, "photo2.jpg");
    // PUT to the bucket, never completed.
    const bytes = await fixture("portrait.mp4");
    await stagedUpload(me, bytes, "put.mp4");
    const kept = await other.uploadVideo();
    const mine = async () =>
      (await s3.keys()).filter((k) => k.includes(me.openId));
    assert.equal((await mine()).length, 3, (await s3.keys()).join("\n"));

    const erased = await eraseAccount(server.deps, me.openId);
    assert.deepEqual([erased.uploads, erased.albums], [3, 1]);
    assert.deepEqual(await mine(), []);
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
    assert.ok(
      (await s3.keys()).some((k) => kept.endsWith(k)),
      "the other account's object stays",
    );
  } finally {
    await server.close();
    await s3.close();
  }
});

Deno.test("two tabs and the admin CLI deleting one account at once all end well and leave nothing", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "erase_twice", "monthly");
    const video = await uploadPortrait(me, "clip.mp4");
    assert.equal(video.status, 200, JSON.stringify(video.body));
    await albumOf(me, "photo2.jpg");
    const tab = () =>
      postForm(server, me.jar, "/dashboard/delete_account", {
        [PAGE_ACCOUNT_FIELD]: me.openId,
      });
    // A run that finds another holding the deletion's mark sweeps
    // nothing: it answers 409 (docs/accounts.md#a-deletion-cut-short).
    const [one, two, cli] = await Promise.all([
      tab(),
      tab(),
      eraseAccount(server.deps, me.openId).catch((e) => e),
    ]);
    const statuses = [one.status, two.status];
    await one.body?.cancel();
    await two.body?.cancel();
    assert.ok(
      statuses.every((s) => s === 303 || s === 401 || s === 409),
      `tabs answered ${statuses}`,
    );
    if (cli instanceof Error) {
      assert.match(String(cli), /being deleted right now/);
    } else assert.ok(cli.uploads <= 2);
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
    const errors = server.logs.filter((l) => l.level === "error");
    assert.deepEqual(errors, [], "nothing failed on the way");
  } finally {
    await server.close();
  }
});

Deno.test("a post scheduled from a verified domain while its account is deleted answers 401 and leaves no job behind", async () => {
  await eraseMidCopy(
    "erase_race_schedule",
    (me, url, server) =>
      me.call("POST", "/api/jobs", {
        kind: "tiktok",
        run_at: new Date(server.clock.now() + 3 * 3600_000).toISOString(),
        source_url: url,
        title: "Scheduled while deleted",
        privacy: "SELF_ONLY",
      }),
    async (server) => {
      assert.deepEqual(
        await Array.fromAsync(
          server.kv.list({ prefix: keys.jobsDuePrefix() }),
        ),
        [],
        "no job is left due",
      );
    },
  );
});

Deno.test("the same TikTok user signing in after its deletion starts as a new account: no plan, no key, and its old caption may be posted again", async () => {
  const server = await startTestServer();
  try {
    const me = await apiClientFor(server, "erase_return", "monthly");
    const url = String(
      (await uploadPortrait(me, "clip.mp4")).body.url,
    );
    const body = { title: "Once more, with feeling", privacy: "SELF_ONLY" };
    const first = await me.call("POST", "/api/tiktok/direct_post", {
      ...body,
      source_url: url,
    });
    assert.equal(first.status, 200, await first.text());
    const erased = await eraseAccount(server.deps, me.openId);
    assert.equal(erased.posts, 1);

    const back = await signIn(server, "erase_return");
    assert.equal(back.openId, me.openId);
    const account = (await getTyped(server.kv, keys.account(me.openId))).value!;
    assert.deepEqual(
      [account.plan, account.apiKeyHash],
      [null, null],
      "a plan is chosen again, a key issued again",
    );
    assert.equal(await statusOf(me.call("GET", "/api/me")), 401);
    const again = await apiClientFor(server, "erase_return", "monthly");
    const reposted = await again.call("POST", "/api/tiktok/direct_post", {
      ...body,
      source_url: String(
        (await uploadPortrait(again, "clip.mp4")).body.url,
      ),
    });
    assert.equal(reposted.status, 200, await reposted.text());
  } finally {
    await server.close();
  }
});

/** A response's status, its body read. */
async function statusOf(response: Promise<Response>): Promise<number> {
  const res = await response;
  await res.body?.cancel();
  return res.status;
}

Deno.test("a post whose reservation commits after its account's deletion answers 401 and leaves no post behind", async () => {
  // The first commit reserving a post (it writes the post quota) waits
  // for the test: the request was authenticated before the deletion.
  let release = () => {};
  const gate = new Promise<void>((r) => release = r);
  let held = false;
  let reached = false;
  const server = await startTestServer({
    wrapKv: (kv) =>
      hookWritesUnder(kv, ["post_quota"], async (real) => {
        if (!held && armed) {
          held = true;
          reached = true;
          await gate;
        }
        return await real();
      }),
  });
  let armed = false;
  try {
    const me = await posterFor(server, "erase_race_reserve");
    const url = await me.uploadVideo();
    armed = true;
    const posting = me.call("POST", "/api/tiktok/direct_post", {
      source_url: url,
      title: "Reserved after the deletion",
      privacy: "SELF_ONLY",
    });
    await waitUntil("the reservation is about to commit", () => reached);
    const erased = await eraseAccount(server.deps, me.openId);
    assert.equal(erased.found, true);
    release();
    const posted = await posting;
    await posted.body?.cancel();
    assert.equal(posted.status, 401);
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
    assert.equal(await me.sandboxPosts(), 0, "nothing reached TikTok");
  } finally {
    release();
    await server.close();
  }
});

Deno.test("a job due once its account's record is deleted is not run: no job.failed goes to the webhook of a deleted account", async () => {
  // The sweep's first KV commit (the uploads' records) waits for the
  // test: the account record is gone, the rest not yet.
  let release = () => {};
  const gate = new Promise<void>((r) => release = r);
  let armed = false;
  let reached = false;
  const server = await startTestServer({
    wrapKv: (kv) =>
      hookWritesUnder(kv, ["uploads"], async (real) => {
        if (armed && !reached) {
          reached = true;
          await gate;
        }
        return await real();
      }),
  });
  const hook = startWebhookReceiver(["ok"]);
  let erasing: Promise<unknown> = Promise.resolve();
  try {
    const me = await posterFor(server, "erase_race_due");
    const set = await me.json("PUT", "/api/webhook", { url: hook.url });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const runAt = server.clock.now() + 2 * 3600_000;
    const job = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(runAt).toISOString(),
      source_url: await me.uploadVideo(),
      title: "Due after the account record went",
      privacy: "SELF_ONLY",
    });
    assert.equal(job.status, 200, JSON.stringify(job.body));
    server.clock.set(runAt);
    armed = true;
    erasing = eraseAccount(server.deps, me.openId);
    await waitUntil("the sweep has begun", () => reached);
    const ran = await runDueJobs(server.deps, { horizonMs: 0 });
    assert.deepEqual(ran, { posted: 0, failed: 0 }, "the job is not run");
    release();
    await erasing;
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(hook.got.map((h) => JSON.parse(h.body).event), []);
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
  } finally {
    release();
    await erasing.catch(() => {});
    await server.close();
    await hook.close();
  }
});
