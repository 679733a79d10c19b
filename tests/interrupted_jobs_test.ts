/**
 * A scheduled post whose process died mid-run, at each step after TikTok's
 * init answer (docs/scheduling.md#how-jobs-run): once the job's lease
 * lapses, the job tells what happened. A publish PM3K recorded (the post's
 * commit made, the job's not) makes the job `posted` with that publish,
 * as the posts list shows it; a publish TikTok made but PM3K never recorded
 * leaves the job `failed`/`interrupted` ("check TikTok"). Neither is posted
 * again.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { diesBeforeWriteUnder } from "./_helpers/dying_kv.ts";
import {
  initsAtTikTok,
  posterFor,
  postsOf,
  scheduleJob,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { failInterruptedJobs } from "../lib/jobs/interrupted_jobs.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";
import { runJob } from "../lib/jobs/job_run.ts";
import { jobLeaseMs } from "../lib/jobs/job_timing.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";

const HOUR = 3600_000;

async function scheduled(me: Poster, runAt: number): Promise<string> {
  const r = await scheduleJob(me, runAt, { title: `crash at ${runAt}` });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return String(r.body.job_id);
}

/** Runs the job in a process that dies before its `nth` write under `prefix`. */
async function runUntilDeath(
  server: TestServer,
  jobId: string,
  prefix: Deno.KvKey,
  nth: number,
) {
  await assert.rejects(
    runJob(
      { ...server.deps, kv: diesBeforeWriteUnder(server.kv, prefix, nth) },
      jobId,
    ),
    /died/,
  );
}

/** The clock past the dead process's lease, and the sweep that follows. */
async function afterLease(server: TestServer, runAt: number) {
  server.clock.set(runAt + jobLeaseMs(server.deps) + 1);
  await failInterruptedJobs(server.deps);
  assert.deepEqual(
    await runDueJobs(server.deps, { horizonMs: 0 }),
    { posted: 0, failed: 0 },
    "nothing is run again",
  );
}

Deno.test("a job whose process died after the post's commit, before the job's, ends posted with that publish", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "died_after_post");
    const runAt = server.clock.now() + 2 * HOUR;
    const id = await scheduled(me, runAt);
    server.clock.set(runAt);
    // The claim is the job's first write; its settling the second.
    await runUntilDeath(server, id, ["jobs"], 2);
    const [post] = await postsOf(me);
    assert.ok(post?.publish_id, "the post's commit was made");

    await afterLease(server, runAt);
    const job = await me.json("GET", `/api/jobs/${id}`);
    assert.equal(job.body.state, "posted", JSON.stringify(job.body));
    assert.equal(job.body.publish_id, post.publish_id);
    assert.equal(job.body.error, null);
    assert.ok(job.body.publish_status, "the job shows its publish");
    assert.equal(await initsAtTikTok(server, me), 1);
    assert.equal((await postsOf(me)).length, 1);
    const lease = (await getTyped(server.kv, keys.job(id))).value?.leaseUntil;
    assert.equal(lease, null);
  } finally {
    await server.close();
  }
});

Deno.test("a job whose process died after TikTok's init answer, before the post's commit, fails interrupted and is not retried", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "died_before_post");
    const runAt = server.clock.now() + 2 * HOUR;
    const id = await scheduled(me, runAt);
    server.clock.set(runAt);
    // The reservation is the post's first write; TikTok's answer its second.
    await runUntilDeath(server, id, ["posts"], 2);
    assert.equal(await initsAtTikTok(server, me), 1, "TikTok answered");

    await afterLease(server, runAt);
    const job = await me.json("GET", `/api/jobs/${id}`);
    assert.equal(job.body.state, "failed");
    const error = job.body.error as { code: string; message: string };
    assert.equal(error.code, "interrupted");
    assert.match(error.message, /Check TikTok/);
    assert.equal(await initsAtTikTok(server, me), 1, "not posted again");
  } finally {
    await server.close();
  }
});
