/**
 * Failures the app chooses not to propagate are logged with what failed and
 * for whom, and the work they belonged to still stands: a queue message
 * that cannot be sent does not undo a post or a scheduled job (the cron
 * finds both in their due indexes).
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor, postsOf } from "./_helpers/posting_setup.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";

const queueDown = () => Promise.reject(new Error("queue unavailable"));

function failures(server: TestServer, message: string) {
  return server.logs.filter((l) => l.message === message);
}

Deno.test("a post whose first status check cannot be enqueued still succeeds, is followed by the cron, and the log names the post", async () => {
  const server = await startTestServer();
  try {
    // As where the KV has queues, with the queue refusing every message.
    server.deps.enqueueFollow = queueDown;
    const me = await posterFor(server, "queue_down_poster");
    const res = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "Posted while the queue is down",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [post] = await postsOf(me);
    assert.equal(post.publish_id, res.body.publish_id);

    const logged = failures(
      server,
      "enqueueing the first status check failed",
    );
    assert.equal(logged.length, 1);
    assert.equal(logged[0].level, "error");
    assert.equal(logged[0].post_id, post.post_id);
    assert.equal(logged[0].open_id, me.openId);
    assert.match(String(logged[0].error), /queue unavailable/);

    // The follow index still holds the checks: the cron makes them.
    assert.equal(await followAMinuteLater(server), 1); // TikTok downloads
    assert.equal(await followAMinuteLater(server), 1); // and publishes
    const [followed] = await postsOf(me);
    assert.equal(followed.status, "PUBLISH_COMPLETE");
    // The second check could not be enqueued either: logged for the post.
    const next = failures(server, "enqueueing the next status check failed");
    assert.equal(next.length, 1);
    assert.equal(next[0].post_id, post.post_id);
  } finally {
    await server.close();
  }
});

Deno.test("a job whose wake-up cannot be enqueued is still scheduled, runs from the cron, and the log names the job", async () => {
  const server = await startTestServer();
  try {
    server.deps.enqueueJob = queueDown;
    const me = await posterFor(server, "queue_down_scheduler");
    // Due soon enough to get a queue message (later ones are the ticks').
    const runAt = server.clock.now() + 90_000;
    const res = await me.json("POST", "/api/jobs", {
      kind: "tiktok",
      run_at: new Date(runAt).toISOString(),
      source_url: await me.uploadVideo(),
      title: "Scheduled while the queue is down",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.state, "scheduled");

    const logged = failures(
      server,
      "enqueueing a scheduled job's run failed",
    );
    assert.equal(logged.length, 1);
    assert.equal(logged[0].level, "error");
    assert.equal(logged[0].job_id, res.body.job_id);
    assert.equal(logged[0].open_id, me.openId);
    assert.match(String(logged[0].error), /queue unavailable/);

    server.clock.set(runAt);
    assert.deepEqual(await runDueJobs(server.deps, { horizonMs: 0 }), {
      posted: 1,
      failed: 0,
    });
  } finally {
    await server.close();
  }
});
