/**
 * Due posts go first (docs/scheduling.md#due-posts-go-first): while due
 * jobs wait for a turn in a process, its follow-up work (status checks,
 * TikTok's events) waits, for at most one bounded stretch, and goes as
 * soon as every due job has its turn; meanwhile no follow-up queue message
 * is sent or handled (the cron makes the checks). Jobs due more than two
 * minutes ahead are left to the run-jobs ticks, without a queue message.
 */
import assert from "node:assert/strict";
import {
  busyWithDueJobs,
  jobsWaitingForTurn,
  jobWaitsForTurn,
  yieldToDueJobs,
} from "../lib/jobs/job_backlog.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  plainVideoInput,
  posterFor,
  postFreshVideo,
} from "./_helpers/posting_setup.ts";
import {
  handleJobMessage,
  runDueJobs,
  startDueJobs,
} from "../lib/jobs/due_jobs.ts";
import { TICK_HORIZON_MS } from "../lib/jobs/job_timing.ts";
import { JOB_RUN_CONCURRENCY } from "../lib/jobs/job_turns.ts";
import { processDueTikTokEvents } from "../lib/tiktok_webhooks/tiktok_event_processing.ts";
import { postTikTokEvent, tiktokEventBody } from "./_helpers/tiktok_events.ts";
import { followDuePublishes } from "../lib/posting/follow_publishes.ts";
import { createJob, WAKE_MESSAGE_WITHIN_MS } from "../lib/jobs/jobs.ts";
import { getAccount } from "../lib/accounts/accounts_store.ts";
import { startBackgroundWork } from "../lib/runtime/background_work.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { TikTokContentClient } from "../lib/tiktok/content_client.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { waitUntil } from "./_helpers/wait_until.ts";

const HOUR = 3600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("follow-up work goes at once when no due job waits for a turn", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    jobWaitsForTurn(kv)(); // a backlog that came and went
    const started = performance.now();
    await yieldToDueJobs(kv);
    assert.ok(performance.now() - started < 40);
    assert.equal(jobsWaitingForTurn(kv), 0);
  } finally {
    kv.close();
  }
});

Deno.test("follow-up work waits while a due job waits for its turn, and goes when the turn starts", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const turnStarts = jobWaitsForTurn(kv);
    let went = false;
    const waiting = yieldToDueJobs(kv).then(() => went = true);
    await sleep(200);
    assert.equal(went, false);
    turnStarts();
    turnStarts(); // a second call does not count twice
    await waiting;
    assert.equal(went, true);
    assert.equal(jobsWaitingForTurn(kv), 0);
  } finally {
    kv.close();
  }
});

Deno.test("thousands of follow-ups waiting at once all go as soon as the backlog clears", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const turnStarts = jobWaitsForTurn(kv);
    let went = 0;
    const waiting = Array.from(
      { length: 5_000 },
      () => yieldToDueJobs(kv).then(() => went++),
    );
    await sleep(100);
    assert.equal(went, 0);
    const cleared = performance.now();
    turnStarts();
    await Promise.all(waiting);
    assert.equal(went, 5_000);
    assert.ok(performance.now() - cleared < 1_000, "no waiter was left behind");
  } finally {
    kv.close();
  }
});

Deno.test("a backlog holds follow-up work back for its bound at most, and a later one gets the whole bound again", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const first = jobWaitsForTurn(kv);
    let started = performance.now();
    await yieldToDueJobs(kv, 150);
    const waited = performance.now() - started;
    assert.ok(waited >= 140 && waited < 1_000, `waited ${waited} ms`);
    // Past the bound, follow-ups go alongside the jobs.
    started = performance.now();
    await yieldToDueJobs(kv, 150);
    assert.ok(performance.now() - started < 40);
    first();
    // A new backlog starts its own stretch.
    const second = jobWaitsForTurn(kv);
    started = performance.now();
    await yieldToDueJobs(kv, 150);
    assert.ok(performance.now() - started >= 140);
    second();
  } finally {
    kv.close();
  }
});

Deno.test("the status checks' cron round waits while jobs queue for their turns and asks TikTok once every due job has its turn", async () => {
  const server = await startTestServer();
  try {
    // A post made earlier, followed by the poller.
    const author = await posterFor(server, "backlog_author");
    const made = await author.json("POST", "/api/tiktok/direct_post", {
      source_url: await author.uploadVideo(),
      title: "made before the busy minute",
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const postId = (await getTyped(
      server.kv,
      keys.postByPublishId(String(made.body.publish_id)),
    )).value!.postId;
    // More jobs due at once than the process runs at a time (and, with the
    // author, no more sign-ins than loopback may make in a minute).
    const count = JOB_RUN_CONCURRENCY + 3;
    const runAt = server.clock.now() + 2 * HOUR;
    for (let i = 0; i < count; i++) {
      const me = await posterFor(server, `backlog_${i}`);
      const res = await me.json("POST", "/api/jobs", {
        kind: "tiktok",
        run_at: new Date(runAt + i).toISOString(),
        source_url: await me.uploadVideo(),
        title: `busy minute ${i}`,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    // TikTok's init answers slowly, so the last jobs wait for a turn; each
    // status call notes how many jobs were still waiting then.
    const waitingAtStatus: number[] = [];
    const tiktok: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes("/publish/video/init")) {
        await sleep(300);
      } else if (url.includes("/publish/status/fetch")) {
        waitingAtStatus.push(jobsWaitingForTurn(server.kv));
      }
      return fetch(input, init);
    };
    const deps = {
      ...server.deps,
      tiktokContent: new TikTokContentClient(
        server.deps.config.tiktok.apiBaseUrl,
        { fetch: tiktok },
      ),
    };
    server.clock.set(runAt + count);
    const jobs = runDueJobs(deps, { horizonMs: 0 });
    await waitUntil(
      "jobs waiting for a turn",
      () => jobsWaitingForTurn(server.kv) > 0,
    );
    // The cron's round waits for the backlog, then asks TikTok.
    assert.equal(await followDuePublishes(deps), 1, "TikTok was asked");
    assert.deepEqual(waitingAtStatus, [0]);
    assert.ok(
      ((await getTyped(server.kv, keys.post(postId))).value?.checks ?? 0) >= 1,
    );
    assert.deepEqual(await jobs, { posted: count, failed: 0 });
  } finally {
    await server.close();
  }
});

Deno.test("a job due more than two minutes ahead is left to the ticks; one due sooner gets a queue message at its run_at", async () => {
  const server = await startTestServer();
  try {
    const asked: { jobId: string; delayMs: number }[] = [];
    const deps = {
      ...server.deps,
      enqueueJob: (jobId: string, delayMs: number) => {
        asked.push({ jobId, delayMs });
        return Promise.resolve();
      },
    };
    const schedule = async (name: string, inMs: number) => {
      const me = await posterFor(server, name);
      const account = (await getAccount(server.deps, me.openId))!;
      const { job } = await createJob(
        deps,
        account,
        plainVideoInput(await me.uploadVideo(), `wake ${name}`),
        server.clock.now() + inMs,
      );
      return job;
    };
    await schedule("wake_later", WAKE_MESSAGE_WITHIN_MS + 1);
    assert.deepEqual(asked, [], "the ticks hand it over");
    const soon = await schedule("wake_soon", 90_000);
    assert.deepEqual(asked, [{ jobId: soon.id, delayMs: 90_000 }]);
  } finally {
    await server.close();
  }
});

/** The post's status checks so far. */
async function checksOf(server: TestServer, publishId: string) {
  const ref = (await getTyped(server.kv, keys.postByPublishId(publishId)))
    .value!;
  return (await getTyped(server.kv, keys.post(ref.postId))).value!.checks;
}

Deno.test("with queues on, while due jobs wait for a turn a post's checks send no queue message and drop arriving ones; the cron makes them after", async () => {
  // Queue messages wait a fifth of the delay asked: the first check (5 s)
  // would arrive after 1 s of real time.
  const server = await startTestServer({
    env: { QUEUES: "on" },
    timing: { queueDelayScale: 0.2 },
  });
  const work = startBackgroundWork(server.deps, { crons: false });
  // Every follow_post message the app sends, then sent as before.
  const sent: unknown[] = [];
  const enqueue = server.kv.enqueue.bind(server.kv);
  server.kv.enqueue = (message, options) => {
    const m = message as { type?: string; postId?: string };
    if (m?.type === "follow_post") sent.push(m.postId);
    return enqueue(message, options);
  };
  try {
    assert.equal(server.deps.config.queues, true);
    const me = await posterFor(server, "backlog_queue");
    // Without a backlog the first check comes by its queue message.
    const first = await postFreshVideo(me, "before the busy minute");
    server.clock.advance(10_000);
    await waitUntil(
      "the first check",
      async () => await checksOf(server, first) === 1,
    );
    assert.ok(sent.length >= 1, "its message was sent");
    // During a backlog: no message for a new post's first check...
    const turnStarts = jobWaitsForTurn(server.kv);
    assert.equal(busyWithDueJobs(server.kv), true);
    const other = await posterFor(server, "backlog_queue_2");
    const before = sent.length;
    const second = await postFreshVideo(other, "during the busy minute");
    assert.equal(sent.length, before, "no message sent while busy");
    // ...and a message arriving meanwhile is dropped, not held.
    const ref = (await getTyped(server.kv, keys.postByPublishId(second)))
      .value!;
    server.clock.advance(120_000);
    await server.kv.enqueue({ type: "follow_post", postId: ref.postId });
    await sleep(1_500);
    turnStarts();
    await sleep(1_500);
    assert.equal(await checksOf(server, second), 0, "no check by message");
    // Nothing is lost: the cron finds the check due in KV.
    assert.ok(await followDuePublishes(server.deps) >= 1);
    assert.equal(await checksOf(server, second), 1);
  } finally {
    work.stop();
    await server.close();
    await work.done;
  }
});

Deno.test("a TikTok event arriving while due jobs wait for a turn is recorded and answered at once, and applied by the cron after", async () => {
  const server = await startTestServer({ env: { SANDBOX_WEBHOOKS: "off" } });
  try {
    const me = await posterFor(server, "backlog_event");
    const publishId = await postFreshVideo(me, "settled by its event");
    const turnStarts = jobWaitsForTurn(server.kv);
    const res = await postTikTokEvent(
      server,
      tiktokEventBody("post.publish.failed", me.openId, {
        publish_id: publishId,
        reason: "spam_risk_text",
        publish_type: "DIRECT_PUBLISH",
      }),
    );
    assert.equal(res.status, 200);
    await res.body?.cancel();
    await sleep(300);
    const state = async () =>
      (await me.json("POST", "/api/tiktok/status", { publish_id: publishId }))
        .body.state;
    assert.equal(await state(), "pending", "not applied during the backlog");
    turnStarts();
    assert.equal(await processDueTikTokEvents(server.deps), 1);
    assert.equal(await state(), "failed");
  } finally {
    await server.close();
  }
});

Deno.test("the run-jobs tick hands over the jobs of the next two minutes, so a job is listed by two ticks", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "two_ticks");
    const res = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(server.clock.now() + 2 * HOUR).toISOString(),
      source_url: await me.uploadVideo(),
      title: "listed twice",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const stop = new AbortController();
    // 90 s before its run: beyond one minute, within the horizon.
    server.clock.set(server.clock.now() + 2 * HOUR - 90_000);
    assert.equal(
      await startDueJobs(server.deps, {
        horizonMs: TICK_HORIZON_MS,
        signal: stop.signal,
      }),
      1,
    );
    stop.abort();
  } finally {
    await server.close();
  }
});

Deno.test("a job moved earlier while a tick waits for its old time runs at the new time, by its queue message", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "moved_earlier");
    const oldRunAt = server.clock.now() + 2 * HOUR;
    const made = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(oldRunAt).toISOString(),
      source_url: await me.uploadVideo(),
      title: "moved earlier",
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const id = String(made.body.job_id);
    // A tick 90 s before the old time holds the job until then.
    server.clock.set(oldRunAt - 90_000);
    const stop = new AbortController();
    assert.equal(
      await startDueJobs(server.deps, {
        horizonMs: TICK_HORIZON_MS,
        signal: stop.signal,
      }),
      1,
    );
    // Moved 80 s earlier: its queue message comes at the new time.
    const newRunAt = server.clock.now() + 10_000;
    const moved = await me.json("PATCH", `/api/jobs/${id}`, {
      run_at: new Date(newRunAt).toISOString(),
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    server.clock.set(newRunAt);
    await handleJobMessage(server.deps, id);
    assert.equal(
      (await getTyped(server.kv, keys.job(id))).value?.state,
      "posted",
    );
    stop.abort();
  } finally {
    await server.close();
  }
});
