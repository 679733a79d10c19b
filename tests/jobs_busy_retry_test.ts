/**
 * A scheduled job whose post meets a busy database (past the KV retries),
 * or TikTok failing in passing (HTTP 500),
 * after the job was claimed, before the post was reserved, goes back to be
 * run by the next round, within JOB_RETRY_WINDOW_MS of its run time, and
 * posts once; past the window it fails with `database_busy` and
 * `job.failed`. Once the post's reservation is held (TikTok accepted it,
 * its record's commit failed), the job fails and is never run again
 * (docs/scheduling.md#how-jobs-run).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  hookedPoster,
  initsAtTikTok,
  SHORT_TIKTOK_TIMEOUT,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { writesBusyUnder } from "./_helpers/busy_kv.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { emitted } from "./_helpers/tiktok_events.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { withBusyRetry } from "../lib/kv_busy_retry.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";
import { runJob } from "../lib/jobs/job_run.ts";
import { JOB_RETRY_WINDOW_MS } from "../lib/jobs/job_timing.ts";
import type { JobRunDeps } from "../lib/jobs/job_run.ts";
import { keys } from "../lib/kv_keys.ts";

/** The server's deps with commits writing under `prefix` busy while `busy()`. */
function busyWrites(
  server: TestServer,
  prefix: Deno.KvKey,
  busy: () => boolean,
) {
  const kv = withBusyRetry(writesBusyUnder(server.kv, prefix, busy), {
    deadlineMs: 50,
    firstBackoffMs: 5,
    maxBackoffMs: 10,
    retryAfterSeconds: 1,
  });
  return { ...server.deps, kv } as JobRunDeps;
}

/** Posts' reservations (the post record's first write) busy while `busy()`. */
const busyReservations = (server: TestServer, busy: () => boolean) =>
  busyWrites(server, keys.post("x").slice(0, 1), busy);

async function dueJob(server: TestServer, me: Poster, title: string) {
  const runAt = server.clock.now() + 3 * 60_000;
  const res = await me.json("POST", "/api/jobs", {
    kind: "tiktok",
    run_at: new Date(runAt).toISOString(),
    source_url: await me.uploadVideo(),
    title,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  server.clock.set(runAt);
  return String(res.body.job_id);
}

const jobOf = async (me: Poster, id: string) =>
  (await me.json("GET", `/api/jobs/${id}`)).body;

/**
 * A server, a poster whose webhook is set (so job.failed is recorded) and
 * a job of theirs due now, for `body`.
 */
async function withDueJob(
  username: string,
  title: string,
  body: (server: TestServer, me: Poster, jobId: string) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  const server = await startTestServer({ env });
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await hookedPoster(server, hook, username);
    await body(server, me, await dueJob(server, me, title));
  } finally {
    await hook.close();
    await server.close();
  }
}

Deno.test("a job whose post meets a busy database goes back to its round and posts once the database answers", async () => {
  await withDueJob(
    "busy_mid_job",
    "posted on the second round",
    async (server, me, jobId) => {
      let busy = true;
      const deps = busyReservations(server, () => busy);

      assert.equal(await runJob(deps, jobId), "deferred");
      const waiting = await jobOf(me, jobId);
      assert.equal(waiting.state, "scheduled");
      assert.equal(waiting.error, null);
      assert.equal(await initsAtTikTok(server, me), 0, "TikTok was not called");
      assert.deepEqual(await emitted(server, me.openId, "job.failed"), []);
      assert.ok(
        server.logs.some((l) =>
          l.job_id === jobId && l.error === "database_busy" &&
          /next round runs it/.test(String(l.message))
        ),
        "the deferral is logged",
      );

      busy = false;
      server.clock.advance(60_000);
      assert.deepEqual(
        await runDueJobs(server.deps, { horizonMs: 0 }),
        { posted: 1, failed: 0 },
      );
      const posted = await jobOf(me, jobId);
      assert.equal(posted.state, "posted");
      assert.equal(await initsAtTikTok(server, me), 1, "posted once");
    },
  );
});

Deno.test("a job still meeting a busy database past the retry window fails with database_busy and job.failed", async () => {
  await withDueJob(
    "busy_too_long",
    "never got through",
    async (server, me, jobId) => {
      const deps = busyReservations(server, () => true);
      assert.equal(await runJob(deps, jobId), "deferred");
      server.clock.advance(JOB_RETRY_WINDOW_MS);
      assert.equal(await runJob(deps, jobId), "failed");
      const failed = await jobOf(me, jobId);
      assert.equal(failed.state, "failed");
      const error = failed.error as { code: string; message: string };
      assert.equal(error.code, "database_busy");
      assert.doesNotMatch(error.message, /Next free/, "not a posting limit");
      const sent = await emitted(server, me.openId, "job.failed");
      assert.equal(sent.length, 1);
      assert.equal(await initsAtTikTok(server, me), 0);
    },
  );
});

Deno.test("a job whose post TikTok accepted but whose record stays busy fails, and is not run again", async () => {
  await withDueJob(
    "busy_after_tiktok",
    "TikTok has this one",
    async (server, me, jobId) => {
      // Only the commit after TikTok's answer (the publish_id's index) is busy.
      const deps = busyWrites(
        server,
        keys.postByPublishId("x").slice(0, 1),
        () => true,
      );
      assert.equal(await runJob(deps, jobId), "failed");
      assert.equal(await initsAtTikTok(server, me), 1);
      const failed = await jobOf(me, jobId);
      assert.equal(failed.state, "failed");
      assert.equal((failed.error as { code: string }).code, "database_busy");
      assert.equal(
        (await emitted(server, me.openId, "job.failed")).length,
        1,
      );
      // Nothing runs it again: a retry would meet its own reservation.
      server.clock.advance(60_000);
      assert.deepEqual(
        await runDueJobs(server.deps, { horizonMs: 0 }),
        { posted: 0, failed: 0 },
      );
      assert.equal(await initsAtTikTok(server, me), 1, "TikTok got it once");
    },
  );
});

Deno.test("a job that meets TikTok's own failure (HTTP 500) goes back to its round and posts once TikTok answers", async () => {
  await withDueJob(
    "tiktok_500_mid_job",
    "posted after TikTok's blip",
    async (server, me, jobId) => {
      await me.sandbox({ faults: [{ fault: "server_error" }] });
      assert.equal(await runJob(server.deps as JobRunDeps, jobId), "deferred");
      const waiting = await jobOf(me, jobId);
      assert.equal(waiting.state, "scheduled");
      assert.equal(waiting.error, null);
      assert.deepEqual(await emitted(server, me.openId, "job.failed"), []);
      assert.ok(
        server.logs.some((l) =>
          l.job_id === jobId && l.error === "tiktok_error" &&
          /next round runs it/.test(String(l.message))
        ),
        "the deferral is logged",
      );

      server.clock.advance(60_000);
      assert.deepEqual(
        await runDueJobs(server.deps, { horizonMs: 0 }),
        { posted: 1, failed: 0 },
      );
      assert.equal((await jobOf(me, jobId)).state, "posted");
      assert.equal(await initsAtTikTok(server, me), 1, "posted once");
    },
  );
});

Deno.test("a job meeting TikTok's 500 past the retry window fails with tiktok_error and job.failed", async () => {
  await withDueJob(
    "tiktok_500_too_long",
    "TikTok stayed down",
    async (server, me, jobId) => {
      const deps = server.deps as JobRunDeps;
      await me.sandbox({ faults: [{ fault: "server_error" }] });
      assert.equal(await runJob(deps, jobId), "deferred");
      server.clock.advance(JOB_RETRY_WINDOW_MS);
      await me.sandbox({ faults: [{ fault: "server_error" }] });
      assert.equal(await runJob(deps, jobId), "failed");
      const failed = await jobOf(me, jobId);
      const error = failed.error as { code: string; outcome?: string };
      assert.equal(error.code, "tiktok_error");
      assert.equal(error.outcome, undefined, "TikTok made nothing");
      assert.equal(
        (await emitted(server, me.openId, "job.failed")).length,
        1,
      );
      assert.equal(await initsAtTikTok(server, me), 0);
    },
  );
});

Deno.test("a job whose init TikTok did not answer in time fails at once: TikTok may have the post", async () => {
  await withDueJob(
    "tiktok_silent_init",
    "maybe posted",
    async (server, me, jobId) => {
      await me.sandbox({ faults: [{ fault: "slow_accept" }] });
      assert.equal(await runJob(server.deps as JobRunDeps, jobId), "failed");
      const error = (await jobOf(me, jobId)).error as { outcome?: string };
      assert.equal(error.outcome, "unknown");
      server.clock.advance(60_000);
      assert.deepEqual(
        await runDueJobs(server.deps, { horizonMs: 0 }),
        { posted: 0, failed: 0 },
        "never run again",
      );
      // The sandbox finishes the init after the client left: on a busy
      // machine, later than runJob's answer.
      await waitUntil(
        "TikTok is done with the init",
        async () => await initsAtTikTok(server, me) >= 1,
      );
      assert.equal(await initsAtTikTok(server, me), 1, "TikTok got it once");
    },
    SHORT_TIKTOK_TIMEOUT,
  );
});
