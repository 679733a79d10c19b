/**
 * /api/jobs: validation like direct_post, limits against other jobs and
 * posts, media kept until the run, cancel rules, pagination, ownership, and
 * the runner posting each job exactly once.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  hookWritesUnder,
  uploadWritesContended,
  writesContendedUnder,
} from "./_helpers/kv_write_hook.ts";
import {
  diesAfterFirstCommit,
  diesBeforeWriteUnder,
} from "./_helpers/dying_kv.ts";
import { fixture, uploadBytes } from "./_helpers/api_client.ts";
import type { ApiClient } from "./_helpers/api_client.ts";
import { sandboxAdmin } from "./_helpers/dashboard_seed.ts";
import { ManualClock } from "../lib/clock.ts";
import { jobLeaseMs } from "../lib/jobs/job_timing.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  hookedPoster,
  limitsOf,
  posterFor,
  scheduleJob,
  verifySource,
} from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import { cancelJob, MAX_SCHEDULED_JOBS } from "../lib/jobs/jobs.ts";
import { failInterruptedJobs } from "../lib/jobs/interrupted_jobs.ts";
import { handleJobMessage, runDueJobs } from "../lib/jobs/due_jobs.ts";
import { runJob } from "../lib/jobs/job_run.ts";
import { getTyped, keys, listTyped } from "../lib/kv_keys.ts";
import { deliverDueWebhooks } from "../lib/webhooks/webhooks.ts";
import { startWebhookReceiver } from "./_helpers/webhook_receiver.ts";
import { PLANS } from "../lib/plans.ts";
import { followAMinuteLater } from "./_helpers/follow_while.ts";

const HOUR = 3600_000;

function iso(t: number) {
  return new Date(t).toISOString();
}

function tick(server: TestServer) {
  return runDueJobs(server.deps, { horizonMs: 0 });
}

Deno.test("a scheduled video is posted at its time, once, and the job shows the publish status", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_owner");
    const runAt = server.clock.now() + 2 * HOUR;
    const created = await scheduleJob(me, runAt, { title: "in two hours" });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(Object.keys(created.body).sort(), [
      "job_id",
      "ok",
      "run_at",
      "state",
    ]);
    assert.equal(created.body.state, "scheduled");
    assert.equal(created.body.run_at, iso(runAt));

    assert.deepEqual(
      await tick(server),
      { posted: 0, failed: 0 },
      "not yet due",
    );
    server.clock.set(runAt);
    assert.deepEqual(await tick(server), { posted: 1, failed: 0 });
    assert.deepEqual(
      await tick(server),
      { posted: 0, failed: 0 },
      "a second tick does nothing",
    );
    const job = await me.json("GET", `/api/jobs/${created.body.job_id}`);
    assert.equal(job.body.state, "posted");
    assert.match(String(job.body.publish_id), /^v_pub_url~v2\./);
    // The post names the job that made it.
    const posts = (await me.json("GET", "/api/tiktok/posts")).body
      .posts as { job_id: string | null; publish_id: string }[];
    assert.deepEqual(
      posts.map((p) => [p.publish_id, p.job_id]),
      [[job.body.publish_id, created.body.job_id]],
    );
    assert.deepEqual(job.body.publish_status, {
      status: "PROCESSING_DOWNLOAD",
      state: "pending",
      fail_reason: null,
      fail_message: null,
      source: "PULL_FROM_URL",
    });
    assert.equal(job.body.title, "in two hours");
  } finally {
    await server.close();
  }
});

Deno.test("a scheduled post TikTok fails shows its fail_reason and the sentence for it in the job's publish_status", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_fails_at_tiktok");
    const runAt = server.clock.now() + 2 * HOUR;
    const created = await scheduleJob(me, runAt, { title: "flagged later" });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    await me.sandbox({
      faults: [{ fault: "publish_failed", fail_reason: "spam_risk_text" }],
    });
    server.clock.set(runAt);
    assert.deepEqual(await tick(server), { posted: 1, failed: 0 });
    await followAMinuteLater(server); // TikTok downloads
    await followAMinuteLater(server); // and fails it
    const job = await me.json("GET", `/api/jobs/${created.body.job_id}`);
    assert.equal(job.status, 200, JSON.stringify(job.body));
    const publish = job.body.publish_status as Record<string, unknown>;
    assert.deepEqual(
      [publish.state, publish.fail_reason, publish.fail_message],
      [
        "failed",
        "spam_risk_text",
        "TikTok flagged the caption as spam. Change the caption before posting again.",
      ],
    );
  } finally {
    await server.close();
  }
});

Deno.test("job validation: run_at, caption, media and duplicates answer at once", async (t) => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_checks");
    const now = server.clock.now();
    await t.step("run_at in the past", async () => {
      const r = await scheduleJob(me, now - 60_000);
      assert.equal(r.status, 400);
      assert.match(String(r.body.message), /past/);
      // Its example is a time ahead, tomorrow's 12:30 UTC, never a past one.
      const example = String(r.body.message).match(/e\.g\. (\S+)\.$/)?.[1];
      assert.equal(
        example,
        `${new Date(now + 24 * HOUR).toISOString().slice(0, 10)}T12:30:00Z`,
      );
      assert.ok(Date.parse(example!) > now);
    });
    await t.step("run_at more than a year away", async () => {
      const r = await scheduleJob(me, now + 366 * 24 * HOUR);
      assert.equal(r.status, 400);
      const latest = String(r.body.message).match(
        /^run_at is more than a year away: the latest time accepted now is (\S+Z)\.$/,
      )?.[1];
      assert.ok(latest, String(r.body.message));
      // A year ahead, floored to the second: the time named is not past it.
      assert.equal(
        Date.parse(latest),
        Math.floor((now + 365 * 24 * HOUR) / 1000) * 1000,
      );
    });
    await t.step("run_at without a zone", async () => {
      const r = await me.json("POST", "/api/jobs", {
        kind: "tiktok",
        run_at: "2030-01-01T12:00:00",
        source_url: await me.uploadVideo(),
        title: "x",
      });
      assert.equal(r.status, 400);
      assert.equal((r.body.issues as { path: string }[])[0].path, "run_at");
    });
    await t.step("kind must be tiktok", async () => {
      const r = await me.json("POST", "/api/jobs", {
        kind: "instagram",
        run_at: iso(now + HOUR),
        source_url: await me.uploadVideo(),
        title: "x",
      });
      assert.equal(r.status, 400);
    });
    await t.step("caption rules", async () => {
      const r = await scheduleJob(me, now + 2 * HOUR, {
        title: "see www.example.com",
      });
      assert.equal(r.body.error, "links_forbidden");
    });
    await t.step("domain_not_verified", async () => {
      const r = await scheduleJob(me, now + 2 * HOUR, {
        source_url: "https://media.example.com/v.mp4",
      });
      assert.equal(r.body.error, "domain_not_verified");
    });
    await t.step("a video already posted is video_duplicate", async () => {
      const url = await me.uploadVideo();
      const posted = await me.json("POST", "/api/tiktok/direct_post", {
        source_url: url,
        title: "posted now",
      });
      assert.equal(posted.status, 200);
      const r = await scheduleJob(me, now + 5 * HOUR, {
        source_url: url,
        title: "again later",
      });
      assert.equal(r.body.error, "video_duplicate");
    });
  } finally {
    await server.close();
  }
});

Deno.test("jobs are refused when they would break 1/hour or 10/day against other jobs and posts", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_calendar");
    const base = server.clock.now() + 10 * HOUR;
    assert.equal((await scheduleJob(me, base)).status, 200);
    const near = await scheduleJob(me, base + 30 * 60_000);
    assert.equal(near.status, 429);
    assert.equal(near.body.error, "interval_limit");
    // Plain words, the conflicting time, and the first run time that fits:
    // an hour after the other job. No Retry-After: sending the same run
    // time again later would not help.
    assert.equal(
      near.body.message,
      `Another post of this account is made or scheduled at ${
        iso(base)
      }, less than an hour from the time asked for: TikTok posts are limited to 1 per hour.`,
    );
    assert.equal(near.body.conflicting_at, iso(base));
    assert.equal(near.body.next_free_at, iso(base + HOUR));
    assert.equal(near.headers.get("retry-after"), null);
    const before = await scheduleJob(me, base - 59 * 60_000);
    assert.equal(before.body.error, "interval_limit");
    assert.equal(before.body.next_free_at, iso(base + HOUR));
    for (let i = 1; i < 10; i++) {
      const r = await scheduleJob(me, base + i * 61 * 60_000);
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    const eleventh = await scheduleJob(me, base + 10 * 61 * 60_000);
    assert.equal(eleventh.status, 429);
    assert.equal(eleventh.body.error, "daily_limit");
    assert.equal(
      eleventh.body.message,
      "Daily TikTok posting limit (10/day) would be exceeded in the 24 hours around the time asked for.",
    );
    // The day's window from the first job lets go of it a day later.
    assert.equal(eleventh.body.next_free_at, iso(base + 24 * HOUR));
    assert.equal(eleventh.headers.get("retry-after"), null);
    const atNextFree = await scheduleJob(me, base + 24 * HOUR);
    assert.equal(atNextFree.status, 200, JSON.stringify(atNextFree.body));
    // A post now is held to the scheduled ones: it would make this job fail.
    const late = await posterFor(server, "job_runtime_limit");
    const start = server.clock.now();
    const soon = await scheduleJob(late, start + 30 * 60_000);
    assert.equal(soon.status, 200, JSON.stringify(soon.body));
    const postNow = await late.json("POST", "/api/tiktok/direct_post", {
      source_url: await late.uploadVideo(),
      title: "now",
    });
    assert.equal(postNow.status, 429, "refused, not the job's failure later");
    assert.equal(postNow.body.job_id, soon.body.job_id);
    // Limits met at run time (two jobs run late together, after downtime)
    // fail the later one with direct_post's error code.
    const after = await scheduleJob(late, start + 91 * 60_000);
    assert.equal(after.status, 200, JSON.stringify(after.body));
    server.clock.set(start + 91 * 60_000);
    assert.deepEqual(await tick(server), { posted: 1, failed: 1 });
    const jobs = await Promise.all(
      [soon, after].map((j) => late.json("GET", `/api/jobs/${j.body.job_id}`)),
    );
    const failed = jobs.find((j) => j.body.state === "failed")!;
    // The message says when the account takes a post again: read later,
    // "about 60 more minutes" alone would not tell.
    assert.deepEqual(failed.body.error, {
      code: "interval_limit",
      message: "You must wait about 60 more minutes before next TikTok post." +
        ` Next free: ${iso(start + 151 * 60_000)}.`,
    });
  } finally {
    await server.close();
  }
});

Deno.test("media used by a job is kept until it runs, or the job is refused when the plan cannot", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_media", "free");
    const ttl = PLANS.free.storageTtlHours * HOUR;
    const url = await me.uploadVideo();
    const tooFar = await scheduleJob(me, server.clock.now() + ttl + HOUR, {
      source_url: url,
    });
    assert.equal(tooFar.status, 400);
    assert.match(String(tooFar.body.message), /plan keeps files 48 hours/);
    // Ten hours later, a job 46 h ahead needs the file past its first expiry.
    server.clock.advance(10 * HOUR);
    const runAt = server.clock.now() + ttl - 2 * HOUR;
    const ok = await scheduleJob(me, runAt, { source_url: url });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const upload = (await me.json("GET", "/api/uploads")).body.uploads as {
      url: string;
      expires_at: string;
    }[];
    assert.equal(
      upload.find((u) => u.url === url)?.expires_at,
      iso(runAt + HOUR),
    );
  } finally {
    await server.close();
  }
});

Deno.test("a job whose media keeps changing under the keep-until write is refused with 409, not stored with media that would expire first", async () => {
  // keepMedia must not give up silently under endless contention.
  const contention = uploadWritesContended();
  const server = await startTestServer({ wrapKv: contention.wrapKv });
  try {
    const me = await posterFor(server, "job_media_contended", "free");
    const url = await me.uploadVideo();
    server.clock.advance(10 * HOUR);
    contention.on = true;
    const refused = await scheduleJob(me, server.clock.now() + 40 * HOUR, {
      source_url: url,
    });
    contention.on = false;
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error, "conflict");
    assert.deepEqual((await me.json("GET", "/api/jobs")).body.jobs, []);
  } finally {
    await server.close();
  }
});

Deno.test("cancel while scheduled; a running or finished job answers 409; others' jobs 404", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_cancel");
    const other = await posterFor(server, "job_stranger");
    const runAt = server.clock.now() + 3 * HOUR;
    const a = await scheduleJob(me, runAt);
    assert.equal(
      (await other.json("DELETE", `/api/jobs/${a.body.job_id}`)).status,
      404,
    );
    assert.equal(
      (await other.json("GET", `/api/jobs/${a.body.job_id}`)).status,
      404,
    );
    const cancelled = await me.json("DELETE", `/api/jobs/${a.body.job_id}`);
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.state, "cancelled");
    // Cancelled again: 409 as documented, said as done, not as refused.
    const again = await me.json("DELETE", `/api/jobs/${a.body.job_id}`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error, "conflict");
    assert.equal(again.body.state, "cancelled");
    assert.match(
      String(again.body.message),
      /^This job was already cancelled: it will not be posted/,
    );
    server.clock.set(runAt);
    assert.deepEqual(
      await tick(server),
      { posted: 0, failed: 0 },
      "a cancelled job never runs",
    );
    // The freed slot can be used again.
    const b = await scheduleJob(me, runAt + 2 * HOUR);
    assert.equal(b.status, 200, JSON.stringify(b.body));
    server.clock.set(runAt + 2 * HOUR);
    await tick(server);
    const done = await me.json("DELETE", `/api/jobs/${b.body.job_id}`);
    assert.equal(done.status, 409);
    assert.equal(done.body.state, "posted");
  } finally {
    await server.close();
  }
});

Deno.test("a cancel is one commit: a process dying right after it leaves the cancelled job holding no hour", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_cancel_dies");
    const runAt = server.clock.now() + 3 * HOUR;
    const a = await scheduleJob(me, runAt);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    // A KV that fails every call after the first commit that lands: the
    // cancel needs no second one.
    const cancelled = await cancelJob(
      { ...server.deps, kv: diesAfterFirstCommit(server.kv) },
      me.openId,
      String(a.body.job_id),
    );
    assert.equal(cancelled.state, "cancelled");
    assert.equal(
      (await me.json("GET", `/api/jobs/${a.body.job_id}`)).body.state,
      "cancelled",
    );
    const calendar = await getTyped(server.kv, keys.jobCalendar(me.openId));
    assert.deepEqual(calendar.value?.entries ?? [], []);
    // Its hour is free: a post made within it is not refused in its name.
    server.clock.set(runAt - 10 * 60_000);
    const now = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "within the cancelled job's hour",
      privacy: "SELF_ONLY",
    });
    assert.equal(now.status, 200, JSON.stringify(now.body));
  } finally {
    await server.close();
  }
});

Deno.test("GET /api/jobs pages newest first with a cursor", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_pages");
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      server.clock.advance(1000); // distinct creation times
      const r = await scheduleJob(me, server.clock.now() + (i + 1) * 3 * HOUR);
      ids.push(String(r.body.job_id));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { body: Record<string, unknown> } = await me.json(
        "GET",
        `/api/jobs?limit=3${
          cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""
        }`,
      );
      seen.push(
        ...(page.body.jobs as { job_id: string }[]).map((j) => j.job_id),
      );
      cursor = page.body.cursor as string | null;
      pages++;
    } while (cursor && pages < 10);
    assert.deepEqual(seen, [...ids].reverse());
    assert.equal(pages, 3);
    const bad = await me.json("GET", "/api/jobs?limit=500");
    assert.equal(bad.status, 400);
    const other = await posterFor(server, "job_pages_other");
    assert.deepEqual((await other.json("GET", "/api/jobs")).body.jobs, []);
  } finally {
    await server.close();
  }
});

Deno.test("GET /api/jobs refuses a query parameter it does not know, naming it", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_query");
    // A misspelt limit would otherwise give the default page of 20.
    const res = await me.json("GET", "/api/jobs?limt=5&page=2");
    assert.equal(res.status, 400);
    assert.equal(res.body.error, "bad_request");
    assert.deepEqual(
      (res.body.issues as { path: string; message: string }[]).map((i) =>
        `${i.path}: ${i.message}`
      ).sort(),
      ['limt: unknown field (did you mean "limit"?)', "page: unknown field"],
    );
    assert.match(String(res.body.message), /limt: unknown field/);
    const tooMany = await me.json("GET", "/api/jobs?limit=500");
    assert.equal(tooMany.status, 400);
    assert.match(String(tooMany.body.message), /^Invalid request: limit: /);
    const ok = await me.json("GET", "/api/jobs?limit=5&cursor=");
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    // A made-up cursor is refused rather than read as the list's end.
    const forged = await me.json("GET", `/api/jobs?cursor=${btoa("garbage")}`);
    assert.equal(forged.status, 400);
    assert.match(String(forged.body.message), /cursor: This cursor is not/);
    const twice = await me.json("GET", "/api/jobs?limit=0x10&limit=2");
    assert.equal(twice.status, 400);
    assert.match(String(twice.body.message), /limit is given 2 times/);
  } finally {
    await server.close();
  }
});

Deno.test("the same job delivered twice, or claimed by two ticks at once, posts once", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_twice");
    const runAt = server.clock.now() + 2 * HOUR;
    const r = await scheduleJob(me, runAt);
    server.clock.set(runAt);
    const deps = server.deps;
    const outcomes = await Promise.all([
      handleJobMessage(deps, String(r.body.job_id)),
      handleJobMessage(deps, String(r.body.job_id)),
      runDueJobs(deps, { horizonMs: 0 }),
      runJob(deps, String(r.body.job_id)),
    ]);
    void outcomes;
    assert.equal(
      (await getTyped(server.kv, keys.job(String(r.body.job_id)))).value?.state,
      "posted",
    );
    const posts = (await me.json("GET", "/api/tiktok/posts")).body
      .posts as unknown[];
    assert.equal(posts.length, 1);
  } finally {
    await server.close();
  }
});

/**
 * The job `id` as a process leaves it that claimed it at `runAt` and died
 * before TikTok answered: publishing, out of the due index, its lease
 * running a minute. Returns when the lease ends.
 */
async function claimedByDeadProcess(
  server: TestServer,
  id: string,
  runAt: number,
): Promise<number> {
  const entry = await getTyped(server.kv, keys.job(id));
  const leaseUntil = runAt + 60_000;
  await server.kv.atomic()
    .set(entry.key, { ...entry.value!, state: "publishing", leaseUntil })
    .delete(keys.jobDue(runAt, id))
    .set(keys.jobLease(leaseUntil, id), true)
    .commit();
  return leaseUntil;
}

Deno.test("an interrupted job is failed and leaves the calendar in one commit: a process dying right after it leaves no hour held", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_crash_twice");
    const runAt = server.clock.now() + 2 * HOUR;
    const id = String((await scheduleJob(me, runAt)).body.job_id);
    // A process that claimed the job and died before TikTok answered.
    const leaseUntil = await claimedByDeadProcess(server, id, runAt);
    server.clock.set(leaseUntil + 1);
    // The sweep's process dies too, right after its first commit.
    assert.equal(
      await failInterruptedJobs({
        ...server.deps,
        kv: diesAfterFirstCommit(server.kv),
      }),
      1,
    );
    const job = await me.json("GET", `/api/jobs/${id}`);
    assert.equal((job.body.error as { code: string }).code, "interrupted");
    const calendar = await getTyped(server.kv, keys.jobCalendar(me.openId));
    assert.deepEqual(calendar.value?.entries ?? [], []);
    // Nothing was posted: a post within the job's hour is not refused in
    // its name.
    const now = await me.json("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "after the interrupted job",
      privacy: "SELF_ONLY",
    });
    assert.equal(now.status, 200, JSON.stringify(now.body));
  } finally {
    await server.close();
  }
});

Deno.test("a failed job whose run dies between settling and freeing its hour has the hour freed after a restart, once its lease lapses", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-settle-dies-" });
  const env = { DATA_DIR: dataDir, KV_PATH: `${dataDir}/pm3k.kv` };
  const clock = new ManualClock(Date.now());
  try {
    const first = await startTestServer({ env, clock });
    let me: { key: string; openId: string };
    let id: string;
    let runAt: number;
    try {
      const poster = await posterFor(first, "job_settle_dies");
      me = poster;
      runAt = clock.now() + 2 * HOUR;
      const job = await scheduleJob(poster, runAt);
      assert.equal(job.status, 200, JSON.stringify(job.body));
      id = String(job.body.job_id);
      // TikTok refuses the account's posts when the job runs: it fails.
      await poster.sandbox({
        creator_info_error: "spam_risk_user_banned_from_posting",
      });
      clock.set(runAt);
      // The account's calendar changes under each of the five settling
      // commits (jobs being scheduled); the process then dies right before
      // the commit that would free the job's hour.
      let lost = 0;
      const contended = hookWritesUnder(
        first.kv,
        keys.jobCalendar(poster.openId),
        (real) => ++lost <= 5 ? Promise.resolve({ ok: false }) : real(),
      );
      await assert.rejects(
        runJob(
          {
            ...first.deps,
            kv: diesBeforeWriteUnder(
              contended,
              keys.jobCalendar(poster.openId),
              6,
            ),
          },
          id,
        ),
        /the process died/,
      );
      assert.equal(lost, 5);
    } finally {
      await first.close();
    }

    // A new process on the same KV.
    const second = await startTestServer({ env, clock });
    try {
      const job = (await getTyped(second.kv, keys.job(id))).value!;
      assert.equal(job.state, "failed", "the job was settled before the crash");
      // The round after the job's lease (claimed at runAt) lapsed.
      clock.set(runAt + jobLeaseMs(second.deps) + 1);
      await failInterruptedJobs(second.deps);
      assert.deepEqual(
        (await getTyped(second.kv, keys.jobCalendar(me.openId))).value
          ?.entries ?? [],
        [],
      );
      assert.deepEqual(await listTyped(second.kv, keys.jobLeasesPrefix()), []);
      // The hour is free: a post within it is not refused in the job's name.
      await sandboxAdmin(second, me.openId, { creator_info_error: null });
      const call = (method: string, path: string, body?: unknown) =>
        fetch(`${second.url}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${me.key}`,
            ...(body === undefined
              ? {}
              : { "Content-Type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const client: ApiClient = {
        ...me,
        call,
        async json(method, path, body) {
          const res = await call(method, path, body);
          return { status: res.status, body: await res.json() };
        },
      };
      const upload = await uploadBytes(
        client,
        await fixture("portrait.mp4"),
        { filename: "clip.mp4", contentType: "video/mp4" },
      );
      assert.equal(upload.status, 200, JSON.stringify(upload.body));
      const post = await client.json("POST", "/api/tiktok/direct_post", {
        source_url: upload.body.url,
        title: "within the failed job's hour",
        privacy: "SELF_ONLY",
      });
      assert.equal(post.status, 200, JSON.stringify(post.body));
      assert.ok(clock.now() - runAt < HOUR, "within the job's hour");
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("a failed job whose hour cannot be freed through every try says so in the log, and the sweep frees it once the lease lapses", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_settle_contended");
    const runAt = server.clock.now() + 2 * HOUR;
    const job = await scheduleJob(me, runAt);
    assert.equal(job.status, 200, JSON.stringify(job.body));
    const id = String(job.body.job_id);
    await me.sandbox({
      creator_info_error: "spam_risk_user_banned_from_posting",
    });
    server.clock.set(runAt);
    // The account's calendar changes under every commit that would free
    // the hour: the five settling ones, then the twenty freeing ones.
    const contention = writesContendedUnder(keys.jobCalendar(me.openId));
    contention.on = true;
    assert.equal(
      await runJob({ ...server.deps, kv: contention.wrapKv(server.kv) }, id),
      "failed",
    );
    assert.equal(contention.lost, 25);
    assert.equal(
      (await getTyped(server.kv, keys.job(id))).value?.state,
      "failed",
    );
    const gaveUp = server.logs.find((l) =>
      l.job_id === id && /calendar place kept changing/.test(String(l.message))
    );
    assert.equal(gaveUp?.level, "warn");
    assert.equal(
      (await getTyped(server.kv, keys.jobCalendar(me.openId))).value?.entries
        .length,
      1,
      "the hour is still held",
    );
    // The next sweep after the lease frees it.
    server.clock.set(runAt + jobLeaseMs(server.deps) + 1);
    assert.equal(await failInterruptedJobs(server.deps), 0);
    assert.deepEqual(
      (await getTyped(server.kv, keys.jobCalendar(me.openId))).value
        ?.entries ?? [],
      [],
    );
    assert.deepEqual(await listTyped(server.kv, keys.jobLeasesPrefix()), []);
  } finally {
    await server.close();
  }
});

Deno.test("a job found publishing after a crash becomes failed/interrupted, sends job.failed once, and is not retried", async () => {
  const server = await startTestServer();
  const hook = startWebhookReceiver(["ok"]);
  try {
    const me = await hookedPoster(server, hook, "job_crash");
    const runAt = server.clock.now() + 2 * HOUR;
    const r = await scheduleJob(me, runAt);
    const id = String(r.body.job_id);
    const leaseUntil = await claimedByDeadProcess(server, id, runAt);
    server.clock.set(runAt + 30_000);
    assert.equal(
      await failInterruptedJobs(server.deps),
      0,
      "lease still running",
    );
    server.clock.set(leaseUntil + 1);
    assert.equal(await failInterruptedJobs(server.deps), 1);
    const job = await me.json("GET", `/api/jobs/${id}`);
    assert.equal(job.body.state, "failed");
    assert.equal((job.body.error as { code: string }).code, "interrupted");
    // The creator's automation hears of it, as of a job that failed while
    // running; a second sweep sends nothing more.
    assert.equal(await failInterruptedJobs(server.deps), 0);
    await deliverDueWebhooks(server.deps);
    const sent = hook.got.map((g) => JSON.parse(g.body));
    assert.deepEqual(sent.map((e) => e.type), ["job.failed"]);
    assert.equal(sent[0].data.job_id, id);
    assert.equal(sent[0].data.run_at, new Date(runAt).toISOString());
    assert.equal(sent[0].data.error.code, "interrupted");
    assert.deepEqual(await tick(server), { posted: 0, failed: 0 });
    assert.equal(await me.sandboxPosts(), 0);
  } finally {
    await hook.close();
    await server.close();
  }
});

Deno.test("a job that would run inside TikTok's cooldown is refused with the cooldown's end; one after it is taken", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "job_in_cooldown");
    await me.sandbox({ faults: [{ fault: "rate_limit" }] });
    const refusedNow = await me.call("POST", "/api/tiktok/direct_post", {
      source_url: await me.uploadVideo(),
      title: "TikTok says slow down",
    });
    assert.equal(refusedNow.status, 429);
    await refusedNow.body?.cancel();
    const limits = await limitsOf(me);
    const until = String(limits.cooldown_until);
    assert.ok(Date.parse(until) > server.clock.now());

    const inside = await scheduleJob(me, server.clock.now() + 80_000);
    assert.equal(inside.status, 429, JSON.stringify(inside.body));
    assert.equal(inside.body.error, "tiktok_cooldown");
    assert.equal(inside.body.next_free_at, until);
    assert.equal(inside.headers.get("retry-after"), null, "not a retry");
    const jobs = await (await me.call("GET", "/api/jobs")).json();
    assert.deepEqual(jobs.jobs, [], "nothing scheduled");

    const after = await scheduleJob(me, Date.parse(until) + 60_000);
    assert.equal(after.status, 200, JSON.stringify(after.body));
  } finally {
    await server.close();
  }
});

Deno.test("an account holds at most MAX_SCHEDULED_JOBS scheduled jobs: one more is a 400 saying so, not a 500, and a cancel makes room", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "full_calendar", "annual");
    await verifySource(me, source);
    // A heavy scheduler: 10 a day, two hours apart, a month ahead.
    const start = server.clock.now() + 2 * 3600_000;
    const schedule = (i: number) =>
      me.json("POST", "/api/jobs", {
        kind: "tiktok",
        run_at: new Date(
          start + Math.floor(i / 10) * 86_400_000 + (i % 10) * 7_200_000,
        ).toISOString(),
        source_url: `${source.origin}/video.mp4?n=${i}`,
        title: `scheduled post number ${i}`,
      });
    let last: { status: number; body: Record<string, unknown> } | null = null;
    for (let i = 0; i < MAX_SCHEDULED_JOBS; i++) {
      last = await schedule(i);
      assert.equal(last.status, 200, `job ${i}: ${JSON.stringify(last.body)}`);
    }
    const over = await schedule(MAX_SCHEDULED_JOBS);
    assert.equal(over.status, 400, JSON.stringify(over.body));
    assert.equal(over.body.error, "bad_request");
    assert.match(
      String(over.body.message),
      new RegExp(`at most ${MAX_SCHEDULED_JOBS} scheduled jobs`),
    );
    const cancelled = await me.json("DELETE", `/api/jobs/${last!.body.job_id}`);
    assert.equal(cancelled.status, 200);
    assert.equal((await schedule(MAX_SCHEDULED_JOBS)).status, 200);
  } finally {
    await source.close();
    await server.close();
  }
});
