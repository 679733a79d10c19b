/**
 * Due posts go first (docs/scheduling.md#due-posts-go-first): while due
 * jobs wait for a turn in a process, its follow-up work (status checks,
 * TikTok's events) waits, for at most one bounded stretch, and goes as
 * soon as every due job has its turn.
 */
import assert from "node:assert/strict";
import {
  jobsWaitingForTurn,
  jobWaitsForTurn,
  yieldToDueJobs,
} from "../lib/jobs/job_backlog.ts";
import { startTestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import { JOB_RUN_CONCURRENCY, runDueJobs } from "../lib/jobs/job_runner.ts";
import { followPost } from "../lib/posting/follow_publishes.ts";
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

Deno.test("a status check due while jobs queue for their turns asks TikTok only once every due job has its turn", async () => {
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
    // More jobs due at once than the process runs at a time.
    const count = JOB_RUN_CONCURRENCY + 4;
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
    const checked = await followPost(deps, postId);
    assert.equal(checked, true, "TikTok was asked");
    assert.deepEqual(waitingAtStatus, [0]);
    assert.deepEqual(await jobs, { posted: count, failed: 0 });
  } finally {
    await server.close();
  }
});
