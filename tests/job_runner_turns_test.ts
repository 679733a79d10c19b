/**
 * How one process takes its turns at jobs (docs/scheduling.md#how-jobs-run):
 * many jobs due at once run at most JOB_RUN_CONCURRENCY at a time, in
 * run_at order; the cron tick hands its jobs over and returns before they
 * are due (Deno.cron skips a tick while the previous one runs), each still
 * posting at its time; it readies the jobs of the minute after (their
 * creator_info cached ahead); stopping the background work drops the waits.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor, scheduleJob } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { runDueJobs, startDueJobs } from "../lib/jobs/due_jobs.ts";
import { PREPARE_AHEAD_MS } from "../lib/jobs/job_timing.ts";
import { JOB_RUN_CONCURRENCY } from "../lib/jobs/job_turns.ts";
import { TikTokContentClient } from "../lib/tiktok/content_client.ts";
import pLimit from "p-limit";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { waitUntil } from "./_helpers/wait_until.ts";

const HOUR = 3600_000;

async function schedule(me: Poster, runAt: number): Promise<string> {
  const res = await scheduleJob(me, runAt, { title: `turns ${me.openId}` });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return String(res.body.job_id);
}

Deno.test("a p-limit turn runs at most its size at once, the rest in their turn, first come first served", async () => {
  const turn = pLimit(3);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  await Promise.all(Array.from({ length: 10 }, (_, i) =>
    turn(async () => {
      started.push(i);
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    })));
  assert.equal(most, 3);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

Deno.test("jobs due at once are posted at most JOB_RUN_CONCURRENCY at a time, every one of them", async () => {
  const server = await startTestServer();
  try {
    const count = JOB_RUN_CONCURRENCY + 4;
    const runAt = server.clock.now() + 2 * HOUR;
    const jobs: string[] = [];
    for (let i = 0; i < count; i++) {
      const me = await posterFor(server, `turns_${i}`);
      jobs.push(await schedule(me, runAt + i));
    }
    // TikTok's init answers slowly: the posts overlap as much as allowed.
    let inFlight = 0;
    let most = 0;
    const slowInit: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.includes("/publish/video/init")) return fetch(input, init);
      most = Math.max(most, ++inFlight);
      try {
        await new Promise((r) => setTimeout(r, 30));
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const deps = {
      ...server.deps,
      tiktokContent: new TikTokContentClient(
        server.deps.config.tiktok.apiBaseUrl,
        { fetch: slowInit },
      ),
    };
    server.clock.set(runAt + count);
    assert.deepEqual(await runDueJobs(deps, { horizonMs: 0 }), {
      posted: count,
      failed: 0,
    });
    assert.equal(most, JOB_RUN_CONCURRENCY);
    for (const id of jobs) {
      assert.equal(
        (await getTyped(server.kv, keys.job(id))).value?.state,
        "posted",
      );
    }
  } finally {
    await server.close();
  }
});

Deno.test("the run-jobs tick hands its jobs over and returns before they are due; each posts at its run_at", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "turns_tick");
    const jobId = await schedule(me, server.clock.now() + 2 * HOUR);
    // 300 ms before the run: the tick lists it (horizon: the next minute).
    server.clock.set(server.clock.now() + 2 * HOUR - 300);
    const started = performance.now();
    assert.equal(
      await startDueJobs(server.deps, { horizonMs: 60_000 }),
      1,
    );
    assert.ok(performance.now() - started < 250, "the tick did not wait");
    const job = () => getTyped(server.kv, keys.job(jobId));
    assert.equal((await job()).value?.state, "scheduled");
    // A second tick meanwhile does not wait for it twice.
    assert.equal(await startDueJobs(server.deps, { horizonMs: 60_000 }), 0);
    await waitUntil(
      "the job to post",
      async () => (await job()).value?.state === "posted",
    );
    assert.ok(performance.now() - started >= 280, "posted at its run_at");
  } finally {
    await server.close();
  }
});

Deno.test("the tick readies the jobs of the minute after: their creator_info is fetched ahead, not at the run", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "turns_ready");
    const runAt = server.clock.now() + 2 * HOUR;
    const jobId = await schedule(me, runAt);
    const cache = () => getTyped(server.kv, keys.creatorInfo(me.openId));
    // Scheduling fetched it two hours ago: stale by the run.
    const before = (await cache()).value!.fetchedAt;
    const tickAt = runAt - 60_000 - PREPARE_AHEAD_MS / 2;
    server.clock.set(tickAt);
    assert.equal(await startDueJobs(server.deps, { horizonMs: 60_000 }), 0);
    await waitUntil(
      "creator_info fetched ahead",
      async () => (await cache()).value!.fetchedAt === tickAt,
    );
    assert.ok(before < tickAt);
    // At the run it is still fresh: the post does not ask TikTok for it.
    let asked = 0;
    const counting: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes("/creator_info/")) asked++;
      return fetch(input, init);
    };
    const deps = {
      ...server.deps,
      tiktokContent: new TikTokContentClient(
        server.deps.config.tiktok.apiBaseUrl,
        { fetch: counting },
      ),
    };
    server.clock.set(runAt);
    assert.deepEqual(await runDueJobs(deps, { horizonMs: 0 }), {
      posted: 1,
      failed: 0,
    });
    assert.equal(asked, 0);
    assert.equal(
      (await getTyped(server.kv, keys.job(jobId))).value?.state,
      "posted",
    );
  } finally {
    await server.close();
  }
});

Deno.test("stopping the background work drops the jobs a tick was waiting for; they stay scheduled", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "turns_stop");
    const jobId = await schedule(me, server.clock.now() + 2 * HOUR);
    server.clock.set(server.clock.now() + 2 * HOUR - 30_000);
    const stop = new AbortController();
    assert.equal(
      await startDueJobs(server.deps, {
        horizonMs: 60_000,
        signal: stop.signal,
      }),
      1,
    );
    stop.abort();
    // No timer is left behind (the sanitizers check), and nothing ran.
    assert.equal(
      (await getTyped(server.kv, keys.job(jobId))).value?.state,
      "scheduled",
    );
    // The process no longer holds it: the next tick takes it up again.
    server.clock.advance(30_000);
    assert.deepEqual(await runDueJobs(server.deps, { horizonMs: 0 }), {
      posted: 1,
      failed: 0,
    });
  } finally {
    await server.close();
  }
});
