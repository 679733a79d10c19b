/**
 * A scheduled post left "being sent" by a process that died
 * (docs/accounts.md#deleting-an-account): it blocks the account's deletion
 * only until the dead run's lease lapses and the run-jobs tick's
 * interrupted-jobs sweep settles the job (never run again); then the
 * retention cron finishes a deletion left marked, and nothing of the
 * account is left. The post reached TikTok once. The process's death is
 * simulated at a KV write (tests/_helpers/dying_kv.ts), the rest is real:
 * KV, the simulator over HTTP, the crons' own rounds ticked by the test.
 */
import assert from "node:assert/strict";
import { withRecordedCronsOn } from "./_helpers/server_with_crons.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { diesBeforeWriteUnder } from "./_helpers/dying_kv.ts";
import { hookWritesUnder } from "./_helpers/kv_write_hook.ts";
import { entriesNaming } from "./_helpers/account_traces.ts";
import {
  initsAtTikTok,
  posterFor,
  scheduleJob,
} from "./_helpers/posting_setup.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { eraseAccount } from "../lib/erasure/account_erasure.ts";
import { CRON_RETRY_AFTER_FAILURE_MS } from "../lib/erasure/pending_erasures.ts";
import { runJob } from "../lib/jobs/job_run.ts";
import { jobLeaseMs } from "../lib/jobs/job_timing.ts";
import { AppError } from "../lib/errors.ts";

const HOUR = 3600_000;

/** A poster with a job scheduled, the clock at its run time. */
async function jobDueNow(server: TestServer, name: string) {
  const me = await posterFor(server, name);
  const runAt = server.clock.now() + 2 * HOUR;
  const job = await scheduleJob(me, runAt, { privacy: "SELF_ONLY" });
  assert.equal(job.status, 200, JSON.stringify(job.body));
  server.clock.set(runAt);
  return { me, runAt, jobId: String(job.body.job_id) };
}

/**
 * A process claims the job and dies after TikTok's init answer, before
 * the post's commit: the job is left "publishing", its post reserved.
 */
async function runsAndDies(server: TestServer, jobId: string) {
  await assert.rejects(
    runJob(
      { ...server.deps, kv: diesBeforeWriteUnder(server.kv, ["posts"], 2) },
      jobId,
    ),
    /died/,
  );
}

/**
 * What the retention cron logged of its last refused try: a warning, as a
 * post being sent is expected to hold a deletion for a while.
 */
function lastCronRefusal(server: TestServer): string {
  const line = server.logs.findLast((l) =>
    /deletion cut short/.test(String(l.message))
  );
  assert.equal(line?.level, "warn", JSON.stringify(line));
  return String(line?.error);
}

/** Whether the account and its pending mark are both still there. */
async function stillMarked(server: TestServer, openId: string) {
  const [account, mark] = await server.kv.getMany([
    keys.account(openId),
    keys.erasurePending(openId),
  ]);
  return account.value !== null && mark.value !== null;
}

Deno.test("a job left being sent by a dead process blocks its account's deletion only until its lease lapses and the sweep settles it; then the cron finishes the deletion and nothing posted twice", async () => {
  await withRecordedCronsOn("local", async (server, crons) => {
    const { me, runAt, jobId } = await jobDueNow(server, "erase_dead_job");

    // Between the deletion's first look and its mark, a process claims the
    // job and dies mid-post.
    let died = false;
    const deps = {
      ...server.deps,
      kv: hookWritesUnder(server.kv, ["erasures_pending"], async (real) => {
        if (!died) {
          died = true;
          await runsAndDies(server, jobId);
        }
        return await real();
      }),
    };
    const refused = await eraseAccount(deps, me.openId).then(
      () => null,
      (e) => e,
    );
    assert.ok(refused instanceof AppError, `refused: ${refused}`);
    assert.equal(refused.code, "conflict");
    assert.match(refused.message, /the deletion finishes by itself/);
    assert.equal(await initsAtTikTok(server, me), 1, "TikTok answered once");
    const left = (await getTyped(server.kv, keys.job(jobId))).value;
    assert.equal(left?.state, "publishing", "left by the dead run");

    // While the dead run's lease lasts, the cron's try is refused too.
    await crons.tick("pm3k-media-retention");
    assert.ok(await stillMarked(server, me.openId));
    assert.match(
      lastCronRefusal(server),
      /A post of this account is being sent/,
      "refused by the post the dead run reserved",
    );

    // The lease lapsed, the job still "publishing" until the sweep: still
    // refused (the cron tries again 5 minutes after its failed try).
    const leaseEnd = runAt + jobLeaseMs(server.deps);
    server.clock.set(
      Math.max(leaseEnd, runAt + CRON_RETRY_AFTER_FAILURE_MS) + 1000,
    );
    await crons.tick("pm3k-media-retention");
    assert.ok(await stillMarked(server, me.openId));

    // The run-jobs tick settles the job: failed/interrupted, not run again.
    assert.match(
      lastCronRefusal(server),
      /A scheduled post of this account is being sent/,
      "refused by the job the sweep has not settled yet",
    );
    await crons.tick("pm3k-run-jobs");
    const settled = (await getTyped(server.kv, keys.job(jobId))).value;
    assert.equal(settled?.state, "failed");
    assert.equal(settled?.error?.code, "interrupted");

    // The cron's next try finishes the deletion: nothing of it is left.
    server.clock.set(server.clock.now() + CRON_RETRY_AFTER_FAILURE_MS + 1000);
    await crons.tick("pm3k-media-retention");
    assert.deepEqual(await entriesNaming(server, [me.openId, jobId]), []);
    assert.equal(await initsAtTikTok(server, me), 1, "never posted twice");
  });
});

Deno.test("a deletion asked while a dead process's job is left being sent is refused, deletes nothing, and goes through once the sweep settled the job", async () => {
  await withRecordedCronsOn("local", async (server, crons) => {
    const { me, runAt, jobId } = await jobDueNow(
      server,
      "erase_dead_job_first",
    );
    await runsAndDies(server, jobId);

    // Past the lease, before the sweep: refused, nothing marked or deleted.
    server.clock.set(runAt + jobLeaseMs(server.deps) + 1000);
    const refused = await eraseAccount(server.deps, me.openId).then(
      () => null,
      (e) => e,
    );
    assert.ok(refused instanceof AppError, `refused: ${refused}`);
    assert.equal(
      refused.message,
      "A scheduled post of this account is being sent to TikTok right now: delete the account once it is sent, in a few minutes.",
    );
    assert.deepEqual(refused.extra, { job_id: jobId });
    assert.equal(
      (await getTyped(server.kv, keys.erasurePending(me.openId))).value,
      null,
    );

    // The run-jobs tick settles it; asked again, the deletion goes through.
    await crons.tick("pm3k-run-jobs");
    const erased = await eraseAccount(server.deps, me.openId);
    assert.deepEqual([erased.found, erased.jobs], [true, 1]);
    assert.deepEqual(await entriesNaming(server, [me.openId, jobId]), []);
    assert.equal(await initsAtTikTok(server, me), 1, "never posted twice");
  });
});
