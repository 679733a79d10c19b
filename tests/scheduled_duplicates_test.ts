/**
 * A video or caption another scheduled post of the account has is refused
 * when a job is made or changed (docs/scheduling.md#creating-a-job): the
 * later would fail as a duplicate when it ran, unwatched. A job's own
 * marks do not count against it; a post made now is not held to them.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { posterFor } from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";

const HOUR = 3600_000;

function schedule(
  server: TestServer,
  me: Poster,
  sourceUrl: string,
  title: string,
  hoursAhead: number,
) {
  return me.json("POST", "/api/jobs", {
    kind: "tiktok",
    run_at: new Date(server.clock.now() + hoursAhead * HOUR).toISOString(),
    source_url: sourceUrl,
    title,
    privacy: "SELF_ONLY",
  });
}

async function jobCount(me: Poster): Promise<number> {
  const listed = await me.json("GET", "/api/jobs");
  return (listed.body.jobs as unknown[]).length;
}

Deno.test("a video already scheduled is refused for a second job, naming the first, until the first is cancelled", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "sched_dup_video");
    const video = await me.uploadVideo();
    const first = await schedule(server, me, video, "First time", 3);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const second = await schedule(server, me, video, "Second time", 6);
    assert.equal(second.status, 400);
    assert.equal(second.body.error, "video_duplicate");
    assert.equal(second.body.job_id, first.body.job_id);
    assert.equal(second.body.run_at, first.body.run_at);
    // The contract's message word for word; what frees it in a field.
    assert.equal(
      second.body.message,
      "This video URL was already used for this TikTok account recently.",
    );
    assert.equal(
      second.body.next_step,
      `Another scheduled post of this account, at ${first.body.run_at}, has this media, and a scheduled post's media cannot be changed: cancel it (REST DELETE /api/jobs/${first.body.job_id}, MCP cancel_scheduled) first.`,
    );
    assert.equal(await jobCount(me), 1, "nothing of the second is kept");

    const cancelled = await me.json("DELETE", `/api/jobs/${first.body.job_id}`);
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    const again = await schedule(server, me, video, "Second time", 6);
    assert.equal(again.status, 200, JSON.stringify(again.body));
  } finally {
    await server.close();
  }
});

Deno.test("a caption already scheduled is refused for another job, and a change of caption to it too; a job's own caption is not", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "sched_dup_caption");
    const first = await schedule(
      server,
      me,
      await me.uploadVideo(),
      "Same words",
      3,
    );
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const second = await schedule(
      server,
      me,
      await me.uploadVideo(),
      "Same words",
      6,
    );
    assert.equal(second.status, 400);
    assert.equal(second.body.error, "caption_duplicate_account");
    assert.equal(second.body.job_id, first.body.job_id);
    assert.equal(
      second.body.message,
      "This caption was already used on this TikTok account recently.",
    );
    assert.equal(
      second.body.next_step,
      `Another scheduled post of this account, at ${first.body.run_at}, has this caption: change its caption (REST PATCH /api/jobs/${first.body.job_id} with title, MCP change_scheduled) or cancel it (REST DELETE /api/jobs/${first.body.job_id}, MCP cancel_scheduled) first.`,
    );

    const other = await schedule(
      server,
      me,
      await me.uploadVideo(),
      "Other words",
      6,
    );
    assert.equal(other.status, 200, JSON.stringify(other.body));
    const changed = await me.json("PATCH", `/api/jobs/${other.body.job_id}`, {
      title: "Same words",
    });
    assert.equal(changed.status, 400);
    assert.equal(changed.body.error, "caption_duplicate_account");
    assert.equal(changed.body.job_id, first.body.job_id);
    // Moving a job keeps its own video and caption: not a duplicate.
    const moved = await me.json("PATCH", `/api/jobs/${first.body.job_id}`, {
      run_at: new Date(server.clock.now() + 9 * HOUR).toISOString(),
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  } finally {
    await server.close();
  }
});

Deno.test("a post made now is not held to the scheduled marks (the contract's examples): it posts, and the job then fails as a duplicate at its run", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "sched_dup_now");
    const video = await me.uploadVideo();
    const job = await schedule(server, me, video, "Later, as planned", 2);
    assert.equal(job.status, 200, JSON.stringify(job.body));
    const now = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: video,
      title: "Right now instead",
      privacy: "SELF_ONLY",
    });
    assert.equal(now.status, 200, JSON.stringify(now.body));

    server.clock.set(Date.parse(String(job.body.run_at)));
    await runDueJobs(server.deps, { horizonMs: 0 });
    const ran = await me.json("GET", `/api/jobs/${job.body.job_id}`);
    assert.equal(ran.body.state, "failed", JSON.stringify(ran.body));
    assert.equal(
      (ran.body.error as Record<string, unknown>).code,
      "video_duplicate",
    );
  } finally {
    await server.close();
  }
});

Deno.test("two jobs with one video made at once: exactly one is scheduled", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "sched_dup_race");
    const video = await me.uploadVideo();
    const answers = await Promise.all(
      Array.from(
        { length: 6 },
        (_, i) => schedule(server, me, video, `Racing ${i}`, 2 + 2 * i),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [200, 400, 400, 400, 400, 400]);
    assert.ok(
      answers.filter((a) => a.status === 400).every((a) =>
        a.body.error === "video_duplicate"
      ),
      JSON.stringify(answers.map((a) => a.body)),
    );
    assert.equal(await jobCount(me), 1);
  } finally {
    await server.close();
  }
});
