/**
 * GET /api/limits through the real server: each figure moves as the
 * account uploads, posts and polls, and `next_post_at` is exactly when the
 * next post (or job) is accepted — refused a millisecond before, accepted
 * at it — under the interval, daily, cooldown and calendar rules. A post
 * made now is held to the scheduled posts too, so it never makes one fail.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  directPost,
  initsAtTikTok,
  posterFor,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { assertJsonError, assertJsonOk } from "./_helpers/http_asserts.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";
import { serverHolding } from "./_helpers/held_commit_server.ts";
import { keys } from "../lib/kv_keys.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (t: number) => new Date(t).toISOString();

async function limitsOf(me: Poster): Promise<Record<string, unknown>> {
  const body = await assertJsonOk(await me.call("GET", "/api/limits"));
  delete body.ok;
  return body;
}

/** Posts a fresh upload with its own caption; the answer as it came. */
async function postNew(me: Poster, title: string): Promise<Response> {
  return directPost(me, { source_url: await me.uploadVideo(), title });
}

/** 09:00 UTC tomorrow: well inside a UTC day, ahead of the real clock. */
const MORNING = Math.floor(Date.now() / DAY) * DAY + DAY + 9 * HOUR;

/** Starts the server with its clock at {@link MORNING}. */
async function startAtMorning(): Promise<TestServer> {
  const server = await startTestServer();
  server.clock.set(MORNING);
  return server;
}

Deno.test("limits: uploads, posts and status calls each count down; next_post_at is when the next post is accepted", async () => {
  const server = await startAtMorning();
  try {
    const me = await posterFor(server, "limits_planner");
    const t0 = server.clock.now();
    assert.deepEqual(await limitsOf(me), {
      posts_left_today: 10,
      uploads_left_today: 100,
      next_post_at: iso(t0),
      status_calls_left_minute: 20,
      status_calls_left_hour: 40,
      cooldown_until: null,
    });

    const url = await me.uploadVideo();
    assert.equal((await limitsOf(me)).uploads_left_today, 99);
    await assertJsonOk(await me.call("POST", "/api/albums"));
    assert.equal((await limitsOf(me)).uploads_left_today, 98, "an album");

    const first = await assertJsonOk(
      await directPost(me, { source_url: url, title: "first" }),
    );
    const afterPost = await limitsOf(me);
    assert.equal(afterPost.posts_left_today, 9);
    assert.equal(afterPost.next_post_at, iso(t0 + HOUR));

    const poll = () =>
      me.call("POST", "/api/tiktok/status", { publish_id: first.publish_id });
    for (let i = 0; i < 3; i++) await assertJsonOk(await poll());
    let limits = await limitsOf(me);
    assert.equal(limits.status_calls_left_minute, 17);
    assert.equal(limits.status_calls_left_hour, 37);
    for (let i = 0; i < 17; i++) await assertJsonOk(await poll());
    limits = await limitsOf(me);
    assert.equal(limits.status_calls_left_minute, 0);
    assert.equal(limits.status_calls_left_hour, 20);
    await assertJsonError(await poll(), 429, "rate_limit_status");

    server.clock.set(t0 + MIN);
    limits = await limitsOf(me);
    assert.equal(limits.status_calls_left_minute, 20, "a new minute window");
    assert.equal(limits.status_calls_left_hour, 20);
    for (let i = 0; i < 20; i++) await assertJsonOk(await poll());
    assert.equal((await limitsOf(me)).status_calls_left_hour, 0);
    server.clock.set(t0 + 2 * MIN);
    await assertJsonError(await poll(), 429, "status_cooldown");
    limits = await limitsOf(me);
    assert.equal(limits.status_calls_left_minute, 0, "waiting for a post");
    assert.equal(limits.status_calls_left_hour, 0);

    // A millisecond before next_post_at the post is refused; at it, taken.
    server.clock.set(t0 + HOUR - 1);
    assert.equal((await limitsOf(me)).next_post_at, iso(t0 + HOUR));
    const early = await assertJsonError(
      await postNew(me, "second"),
      429,
      "interval_limit",
    );
    assert.equal(early.retry_after, iso(t0 + HOUR));
    server.clock.set(t0 + HOUR);
    await assertJsonOk(await postNew(me, "second"));
    limits = await limitsOf(me);
    assert.equal(limits.posts_left_today, 8);
    assert.equal(limits.next_post_at, iso(t0 + 2 * HOUR));
    // The post lifted the status cooldown and the hour window began anew.
    assert.equal(limits.status_calls_left_minute, 20);
    assert.equal(limits.status_calls_left_hour, 40);
    assert.equal(limits.uploads_left_today, 96);
  } finally {
    await server.close();
  }
});

Deno.test("limits: after 10 posts next_post_at is 24 h after the first, and a post is refused with daily_limit until then", async () => {
  const server = await startAtMorning();
  try {
    const me = await posterFor(server, "limits_daily");
    const t0 = server.clock.now();
    for (let i = 0; i < 10; i++) {
      server.clock.set(t0 + i * HOUR);
      await assertJsonOk(await postNew(me, `post ${i}`));
      const limits = await limitsOf(me);
      assert.equal(limits.posts_left_today, 9 - i);
      if (i < 9) assert.equal(limits.next_post_at, iso(t0 + (i + 1) * HOUR));
    }
    assert.equal((await limitsOf(me)).next_post_at, iso(t0 + DAY));
    server.clock.set(t0 + DAY - 1);
    await assertJsonError(await postNew(me, "eleventh"), 429, "daily_limit");
    server.clock.set(t0 + DAY);
    assert.equal((await limitsOf(me)).posts_left_today, 1);
    await assertJsonOk(await postNew(me, "eleventh"));
    const limits = await limitsOf(me);
    // The first post left the window and the eleventh took its place: the
    // second leaves it an hour later, with the hour's own wait.
    assert.equal(limits.posts_left_today, 0);
    assert.equal(limits.next_post_at, iso(t0 + DAY + HOUR));
  } finally {
    await server.close();
  }
});

Deno.test("limits: TikTok's 429 shows as cooldown_until, and next_post_at waits for it", async () => {
  const server = await startAtMorning();
  try {
    const me = await posterFor(server, "limits_cooldown");
    const t0 = server.clock.now();
    const url = await me.uploadVideo();
    await me.sandbox({ faults: [{ fault: "rate_limit" }] });
    await assertJsonError(
      await directPost(me, { source_url: url, title: "hello" }),
      429,
      "tiktok_rate_limit",
    );
    const limits = await limitsOf(me);
    assert.equal(limits.cooldown_until, iso(t0 + 3 * HOUR));
    assert.equal(limits.next_post_at, iso(t0 + 3 * HOUR));
    assert.equal(limits.posts_left_today, 10, "the refused post cost no slot");
    server.clock.set(t0 + 3 * HOUR - 1);
    await assertJsonError(
      await directPost(me, { source_url: url, title: "hello" }),
      429,
      "tiktok_cooldown",
    );
    server.clock.set(t0 + 3 * HOUR);
    assert.equal((await limitsOf(me)).cooldown_until, null);
    await assertJsonOk(
      await directPost(me, { source_url: url, title: "hello" }),
    );
  } finally {
    await server.close();
  }
});

Deno.test("limits: next_post_at keeps an hour clear of a scheduled job; a job just before it is refused, at it accepted", async () => {
  const server = await startAtMorning();
  try {
    const me = await posterFor(server, "limits_jobs");
    const t0 = server.clock.now();
    const schedule = async (runAt: number, title: string) =>
      me.call("POST", "/api/jobs", {
        kind: "tiktok",
        run_at: iso(runAt),
        source_url: await me.uploadVideo(),
        title,
      });
    await assertJsonOk(await schedule(t0 + 30 * MIN, "soon"));
    const next = Date.parse(String((await limitsOf(me)).next_post_at));
    assert.equal(next, t0 + 90 * MIN);
    await assertJsonError(
      await schedule(next - 1, "just before"),
      429,
      "interval_limit",
    );
    await assertJsonOk(await schedule(next, "at next_post_at"));
    assert.equal((await limitsOf(me)).next_post_at, iso(t0 + 150 * MIN));
    assert.equal(
      (await limitsOf(me)).posts_left_today,
      10,
      "jobs are not posts yet",
    );
  } finally {
    await server.close();
  }
});

Deno.test("limits: uploads_left_today reaches 0 at the plan's cap, upload_limit follows, and a new UTC day resets it", async () => {
  const server = await startAtMorning();
  try {
    const me = await posterFor(server, "limits_uploads", "free");
    for (let left = 10; left > 0; left--) {
      assert.equal((await limitsOf(me)).uploads_left_today, left);
      await assertJsonOk(await me.call("POST", "/api/albums"));
    }
    assert.equal((await limitsOf(me)).uploads_left_today, 0);
    await assertJsonError(
      await me.call("POST", "/api/albums"),
      429,
      "upload_limit",
    );
    server.clock.set(MORNING + 15 * HOUR);
    assert.equal((await limitsOf(me)).uploads_left_today, 10);
  } finally {
    await server.close();
  }
});

Deno.test("limits: a post now within the hour of a scheduled post is refused with the contract's message naming the job, accepted at next_post_at, and the job still posts", async () => {
  const server = await startAtMorning();
  try {
    const me = await posterFor(server, "limits_post_vs_job");
    const t0 = server.clock.now();
    const job = await assertJsonOk(
      await me.call("POST", "/api/jobs", {
        kind: "tiktok",
        run_at: iso(t0 + 30 * MIN),
        source_url: await me.uploadVideo(),
        title: "planned",
      }),
    );
    const next = String((await limitsOf(me)).next_post_at);
    assert.equal(next, iso(t0 + 90 * MIN));

    // Accepted, this post used to make the planned one fail at 09:30.
    const now = await postNew(me, "spontaneous");
    assert.equal(now.headers.get("retry-after"), String(90 * 60));
    const refused = await assertJsonError(now, 429, "interval_limit");
    assert.equal(refused.job_id, job.job_id);
    assert.equal(refused.conflicting_at, iso(t0 + 30 * MIN));
    assert.equal(refused.next_free_at, next);
    assert.equal(refused.retry_after, next);
    // The contract's message, counting to the next free time: the fields
    // say it is a scheduled post that holds the hour.
    assert.equal(
      refused.message,
      "You must wait about 90 more minutes before next TikTok post.",
    );
    assert.equal(refused.minutes_left, 90);
    assert.equal(await initsAtTikTok(server, me), 0);
    assert.equal((await limitsOf(me)).posts_left_today, 10);

    server.clock.set(t0 + 30 * MIN);
    assert.deepEqual(await runDueJobs(server.deps, { horizonMs: 0 }), {
      posted: 1,
      failed: 0,
    });
    server.clock.set(Date.parse(next) - 1);
    await assertJsonError(
      await postNew(me, "a bit early"),
      429,
      "interval_limit",
    );
    server.clock.set(Date.parse(next));
    await assertJsonOk(await postNew(me, "at next_post_at"));
    assert.equal(await initsAtTikTok(server, me), 2, "the job's, then this");
  } finally {
    await server.close();
  }
});

Deno.test("limits: a post now refused by a post made counts to when a post is accepted again, past the scheduled post that holds the hour after it", async () => {
  const server = await startAtMorning();
  try {
    const me = await posterFor(server, "limits_made_then_job");
    const t0 = server.clock.now();
    await assertJsonOk(await postNew(me, "made now"));
    // Scheduled for the moment the post made lets go of the hour.
    await assertJsonOk(
      await me.call("POST", "/api/jobs", {
        kind: "tiktok",
        run_at: iso(t0 + 60 * MIN),
        source_url: await me.uploadVideo(),
        title: "planned",
      }),
    );
    server.clock.set(t0 + MIN);
    const next = String((await limitsOf(me)).next_post_at);
    assert.equal(next, iso(t0 + 120 * MIN));

    // Not 09:00 (the post made's hour): the scheduled post holds 09:00
    // to 10:00, and a post then would be refused again.
    const now = await postNew(me, "spontaneous");
    assert.equal(now.headers.get("retry-after"), String(119 * 60));
    const refused = await assertJsonError(now, 429, "interval_limit");
    assert.equal(
      refused.message,
      "You must wait about 119 more minutes before next TikTok post.",
    );
    assert.equal(refused.minutes_left, 119);
    assert.equal(refused.retry_after, next);
    // Still the post made's refusal: not worded as a scheduled post's.
    assert.equal(refused.next_free_at, undefined);
    assert.equal(refused.job_id, undefined);

    // With no scheduled post in the way, the post made's own hour.
    const alone = await posterFor(server, "limits_made_alone");
    await assertJsonOk(await postNew(alone, "made"));
    server.clock.set(t0 + 2 * MIN);
    const refusedAlone = await assertJsonError(
      await postNew(alone, "again"),
      429,
      "interval_limit",
    );
    assert.equal(refusedAlone.retry_after, iso(t0 + 61 * MIN));
    assert.equal(refusedAlone.next_free_at, undefined);
  } finally {
    await server.close();
  }
});

Deno.test("limits: a post now that would make a scheduled post break 10 a day is refused with the contract's daily_limit message and the next free time", async () => {
  const server = await startAtMorning();
  try {
    const me = await posterFor(server, "limits_post_vs_day");
    const t0 = server.clock.now();
    const first = t0 + 2 * HOUR;
    for (let i = 0; i < 10; i++) {
      await assertJsonOk(
        await me.call("POST", "/api/jobs", {
          kind: "tiktok",
          run_at: iso(first + i * 61 * MIN),
          source_url: await me.uploadVideo(),
          title: `planned ${i}`,
        }),
      );
    }
    // No job within the hour: only the day's window refuses, until the
    // first job's day has passed.
    const next = String((await limitsOf(me)).next_post_at);
    assert.equal(next, iso(first + DAY));
    const refused = await assertJsonError(
      await postNew(me, "one too many"),
      429,
      "daily_limit",
    );
    assert.equal(
      refused.message,
      "Daily TikTok posting limit (10/day) reached.",
    );
    assert.equal(refused.retry_after, next);
    assert.equal(refused.next_free_at, next);
    assert.equal(refused.job_id, undefined);
    assert.equal(await initsAtTikTok(server, me), 0);
  } finally {
    await server.close();
  }
});

Deno.test("limits: a job made while a post now is being reserved makes that post's commit fail and the post is refused", async () => {
  const { server, before } = await serverHolding(keys.post("x").slice(0, 1));
  server.clock.set(MORNING);
  try {
    const me = await posterFor(server, "limits_race_post_job");
    const [video, jobVideo] = [await me.uploadVideo(), await me.uploadVideo()];
    let job: Record<string, unknown> = {};
    before(async () => {
      job = await assertJsonOk(
        await me.call("POST", "/api/jobs", {
          kind: "tiktok",
          run_at: iso(server.clock.now() + 20 * MIN),
          source_url: jobVideo,
          title: "soon",
        }),
      );
    });
    const refused = await assertJsonError(
      await directPost(me, { source_url: video, title: "now" }),
      429,
      "interval_limit",
    );
    assert.equal(refused.job_id, job.job_id);
    assert.equal(await initsAtTikTok(server, me), 0);
  } finally {
    await server.close();
  }
});

Deno.test("limits: a post made while a job for the same hour is being stored makes the job's commit fail and the job is refused", async () => {
  const { server, before } = await serverHolding(
    keys.jobCalendar("x").slice(0, 1),
  );
  server.clock.set(MORNING);
  try {
    const me = await posterFor(server, "limits_race_job_post");
    const [video, jobVideo] = [await me.uploadVideo(), await me.uploadVideo()];
    before(async () => {
      await assertJsonOk(
        await directPost(me, { source_url: video, title: "now" }),
      );
    });
    await assertJsonError(
      await me.call("POST", "/api/jobs", {
        kind: "tiktok",
        run_at: iso(server.clock.now() + 20 * MIN),
        source_url: jobVideo,
        title: "soon",
      }),
      429,
      "interval_limit",
    );
    assert.deepEqual((await me.json("GET", "/api/jobs")).body.jobs, []);
  } finally {
    await server.close();
  }
});
