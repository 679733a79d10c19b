/**
 * PATCH /api/jobs/{id}: a scheduled job's run time and caption change
 * through every check a new job passes, a draft staying a draft; a strict
 * body; 409 once the runner has the job, and the race with the runner's
 * claim has one winner.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import {
  posterFor,
  postsOf,
  publishAtTikTok,
  scheduleJob,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";
import { runJob } from "../lib/jobs/job_run.ts";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { PLANS } from "../lib/plans.ts";

const HOUR = 3600_000;
/** When the clock reaches run_at, from the PATCH's start: before, during, after. */
const DELAYS_MS = [0, 1, 3, 6, 10, 15, 25, 40];
const iso = (t: number) => new Date(t).toISOString();

function patch(me: Poster, id: unknown, body: unknown) {
  return me.json("PATCH", `/api/jobs/${id}`, body);
}

function tick(server: TestServer) {
  return runDueJobs(server.deps, { horizonMs: 0 });
}

Deno.test("a scheduled job moves to a new time and caption, and runs then, once", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "patch_owner");
    const first = server.clock.now() + 2 * HOUR;
    const created = await scheduleJob(me, first, { title: "before" });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id = created.body.job_id;
    const later = first + 5 * HOUR;
    const r = await patch(me, id, { run_at: iso(later), title: "after" });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.run_at, iso(later));
    assert.equal(r.body.title, "after");
    assert.equal(r.body.state, "scheduled");
    const captionOnly = await patch(me, id, { title: "after, again" });
    assert.equal(captionOnly.status, 200);
    assert.equal(captionOnly.body.run_at, iso(later), "run_at kept");

    server.clock.set(first);
    assert.deepEqual(await tick(server), { posted: 0, failed: 0 });
    server.clock.set(later);
    assert.deepEqual(await tick(server), { posted: 1, failed: 0 });
    const job = await me.json("GET", `/api/jobs/${id}`);
    assert.equal(job.body.state, "posted");
    assert.equal(job.body.title, "after, again");
    const posts = (await me.json("GET", "/api/tiktok/posts")).body
      .posts as unknown[];
    assert.equal(posts.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("PATCH on a scheduled draft keeps its post_mode: it runs as a draft at the new time with the new caption", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "patch_draft");
    const first = server.clock.now() + 2 * HOUR;
    const created = await scheduleJob(me, first, {
      title: "a draft, before",
      post_mode: "MEDIA_UPLOAD",
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id = created.body.job_id;
    const later = first + 3 * HOUR;
    const r = await patch(me, id, {
      run_at: iso(later),
      title: "a draft, after",
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(
      [r.body.run_at, r.body.title, r.body.post_mode],
      [iso(later), "a draft, after", "MEDIA_UPLOAD"],
    );
    const view = await me.json("GET", `/api/jobs/${id}`);
    assert.equal(view.body.post_mode, "MEDIA_UPLOAD");

    server.clock.set(later);
    assert.deepEqual(await tick(server), { posted: 1, failed: 0 });
    const ran = await me.json("GET", `/api/jobs/${id}`);
    assert.deepEqual(
      [ran.body.state, ran.body.post_mode, ran.body.title],
      ["posted", "MEDIA_UPLOAD", "a draft, after"],
    );
    const atTikTok = await publishAtTikTok(server, ran.body.publish_id);
    assert.equal(atTikTok.mode, "MEDIA_UPLOAD", "TikTok's inbox init");
    const [post] = await postsOf(me);
    assert.deepEqual(
      [post.publish_id, post.post_mode, post.title],
      [ran.body.publish_id, "MEDIA_UPLOAD", "a draft, after"],
    );
    assert.equal(await me.sandboxPosts(), 0, "nothing published by itself");
  } finally {
    await server.close();
  }
});

Deno.test("PATCH re-checks every rule a new job meets and leaves the job as it was", async (t) => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "patch_checks");
    const now = server.clock.now();
    const base = now + 10 * HOUR;
    const job = await scheduleJob(me, base, { title: "the job" });
    const id = job.body.job_id;
    const neighbour = await scheduleJob(me, base + 3 * HOUR);
    assert.equal(neighbour.status, 200);
    const unchanged = async () => {
      const g = await me.json("GET", `/api/jobs/${id}`);
      assert.equal(g.body.run_at, iso(base));
      assert.equal(g.body.title, "the job");
    };
    const cases: [string, unknown, number, string, RegExp?][] = [
      ["empty body", {}, 400, "bad_request", /run_at, title or both/],
      [
        "unknown field",
        { run_at: iso(base), privacy: "SELF_ONLY" },
        400,
        "bad_request",
      ],
      [
        "run_at without a zone",
        { run_at: "2030-01-01T12:00:00" },
        400,
        "bad_request",
        /with a zone/,
      ],
      // ISO 8601 with a zone, but not to the second: the message must not
      // say the zone is what is missing.
      [
        "run_at without seconds",
        { run_at: "2030-01-01T12:00Z" },
        400,
        "bad_request",
        /to the second/,
      ],
      [
        "run_at a leap second",
        { run_at: "2030-06-30T23:59:60Z" },
        400,
        "bad_request",
        /a date and time that exist/,
      ],
      [
        "run_at a day that does not exist",
        { run_at: "2030-02-30T12:00:00Z" },
        400,
        "bad_request",
        /a date and time that exist/,
      ],
      [
        "run_at in the past",
        { run_at: iso(now - 60_000) },
        400,
        "bad_request",
        /past/,
      ],
      [
        "run_at a year away",
        { run_at: iso(now + 366 * 24 * HOUR) },
        400,
        "bad_request",
        /year/,
      ],
      [
        "a link in the caption",
        { title: "see www.example.com" },
        400,
        "links_forbidden",
      ],
      ["a caption too long", { title: "x".repeat(2201) }, 400, "bad_request"],
      [
        "within an hour of another job",
        { run_at: iso(base + 3 * HOUR - 30 * 60_000) },
        429,
        "interval_limit",
      ],
    ];
    for (const [name, body, status, code, message] of cases) {
      await t.step(name, async () => {
        const r = await patch(me, id, body);
        assert.equal(r.status, status, JSON.stringify(r.body));
        assert.equal(r.body.error, code);
        if (message) assert.match(String(r.body.message), message);
        await unchanged();
      });
    }
    await t.step("its own old time does not block a small move", async () => {
      const r = await patch(me, id, { run_at: iso(base + 10 * 60_000) });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const back = await patch(me, id, { run_at: iso(base) });
      assert.equal(back.status, 200);
    });
    await t.step(
      "a caption already posted is caption_duplicate_account",
      async () => {
        const posted = await me.json("POST", "/api/tiktok/direct_post", {
          source_url: await me.uploadVideo(),
          title: "posted already",
        });
        assert.equal(posted.status, 200);
        const r = await patch(me, id, { title: "posted already" });
        assert.equal(r.body.error, "caption_duplicate_account");
        await unchanged();
      },
    );
    await t.step("the 10/day limit at the new time", async () => {
      const day = now + 100 * HOUR;
      for (let i = 0; i < 10; i++) {
        const r = await scheduleJob(me, day + i * 61 * 60_000);
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      const r = await patch(me, id, { run_at: iso(day + 10 * 61 * 60_000) });
      assert.equal(r.status, 429);
      assert.equal(r.body.error, "daily_limit");
      await unchanged();
    });
    await t.step("another account's job is 404", async () => {
      const other = await posterFor(server, "patch_stranger");
      const r = await patch(other, id, { title: "mine now" });
      assert.equal(r.status, 404);
      await unchanged();
    });
  } finally {
    await server.close();
  }
});

Deno.test("PATCH holds the plan: media kept until the new time, or refused", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "patch_plan", "free");
    const ttl = PLANS.free.storageTtlHours * HOUR;
    const url = await me.uploadVideo();
    const runAt = server.clock.now() + 20 * HOUR;
    const job = await scheduleJob(me, runAt, { source_url: url });
    assert.equal(job.status, 200);
    const tooFar = await patch(me, job.body.job_id, {
      run_at: iso(server.clock.now() + ttl + HOUR),
    });
    assert.equal(tooFar.status, 400);
    assert.match(String(tooFar.body.message), /plan keeps files 48 hours/);
    // Ten hours on, 46 h ahead needs the file past its first expiry.
    server.clock.advance(10 * HOUR);
    const later = server.clock.now() + ttl - 2 * HOUR;
    const ok = await patch(me, job.body.job_id, { run_at: iso(later) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const uploads = (await me.json("GET", "/api/uploads")).body.uploads as {
      url: string;
      expires_at: string;
    }[];
    assert.equal(
      uploads.find((u) => u.url === url)?.expires_at,
      iso(later + HOUR),
    );
  } finally {
    await server.close();
  }
});

Deno.test("a job or PATCH the posting limits refuse leaves its media's expiry as it was", async () => {
  const server = await startTestServer();
  try {
    // Free keeps files 48 hours: a job 50 hours after the upload, made
    // 10 hours after it, would keep the file longer.
    const me = await posterFor(server, "refused_keeps_expiry", "free");
    const expiryOf = async (url: string) =>
      ((await me.json("GET", "/api/uploads")).body.uploads as {
        url: string;
        expires_at: string;
      }[]).find((u) => u.url === url)?.expires_at;
    const url = await me.uploadVideo();
    const uploaded = await expiryOf(url);
    server.clock.advance(10 * HOUR);
    const held = server.clock.now() + 40 * HOUR;
    assert.equal((await scheduleJob(me, held)).status, 200);

    // A new job ten minutes from the one holding that hour.
    const refused = await scheduleJob(me, held + HOUR / 6, { source_url: url });
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error, "interval_limit");
    assert.equal(await expiryOf(url), uploaded, "a refused job keeps nothing");

    // A job moved into that hour.
    const sooner = server.clock.now() + 20 * HOUR;
    const job = await scheduleJob(me, sooner, { source_url: url });
    assert.equal(job.status, 200);
    const moved = await patch(me, job.body.job_id, {
      run_at: iso(held + HOUR / 6),
    });
    assert.equal(moved.status, 429);
    assert.equal(
      await expiryOf(url),
      uploaded,
      "a refused PATCH keeps nothing",
    );
    assert.equal(
      (await me.json("GET", `/api/jobs/${job.body.job_id}`)).body.run_at,
      iso(sooner),
    );
  } finally {
    await server.close();
  }
});

Deno.test("a job that is due, running, done or cancelled answers 409 with its state", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "patch_409");
    const runAt = server.clock.now() + 2 * HOUR;
    const a = await scheduleJob(me, runAt);
    const b = await scheduleJob(me, runAt + 3 * HOUR);
    const cancelled = await me.json("DELETE", `/api/jobs/${b.body.job_id}`);
    assert.equal(cancelled.status, 200);
    const c = await patch(me, b.body.job_id, { title: "revive" });
    assert.equal(c.status, 409);
    assert.equal(c.body.error, "conflict");
    assert.equal(c.body.state, "cancelled");

    server.clock.set(runAt);
    const due = await patch(me, a.body.job_id, { run_at: iso(runAt + HOUR) });
    assert.equal(due.status, 409, "due: the runner is taking it");
    assert.equal(due.body.state, "scheduled");
    assert.match(String(due.body.message), /being posted now/);
    await tick(server);
    const done = await patch(me, a.body.job_id, { title: "too late" });
    assert.equal(done.status, 409);
    assert.equal(done.body.state, "posted");
    const job = await me.json("GET", `/api/jobs/${a.body.job_id}`);
    assert.equal(job.body.run_at, iso(runAt));
  } finally {
    await server.close();
  }
});

Deno.test("PATCH racing the runner's claim: one wins, the job posts at most once", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "patch_race");
    const outcomes = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const start = server.clock.now();
      const runAt = start + 2 * HOUR;
      const created = await scheduleJob(me, runAt, { title: `race ${i}` });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const id = String(created.body.job_id);
      const moved = runAt + 4 * HOUR;
      const [r, ran] = await Promise.all([
        patch(me, id, { run_at: iso(moved), title: `race ${i} moved` }),
        (async () => {
          // The clock reaches run_at at some point during the PATCH.
          await new Promise((res) => setTimeout(res, DELAYS_MS[i]));
          server.clock.set(runAt);
          return await runJob(server.deps, id);
        })(),
      ]);
      const job = (await getTyped(server.kv, keys.job(id))).value!;
      if (r.status === 200) {
        outcomes.add("patch won");
        assert.equal(ran, "skipped", "the runner saw the new time");
        assert.equal(job.state, "scheduled");
        assert.equal(job.runAt, moved);
        assert.equal(job.input.title, `race ${i} moved`);
        const due = await getTyped(server.kv, keys.jobDue(moved, id));
        assert.equal(due.value, true, "due index at the new time");
        const old = await getTyped(server.kv, keys.jobDue(runAt, id));
        assert.equal(old.value, null, "no due index at the old time");
        server.clock.set(moved);
        assert.equal(await runJob(server.deps, id), "posted");
      } else {
        outcomes.add("runner won");
        assert.equal(r.status, 409, JSON.stringify(r.body));
        assert.equal(r.body.error, "conflict");
        assert.notEqual(ran, "skipped");
        assert.equal(job.runAt, runAt, "the run time is unchanged");
        assert.equal(job.input.title, `race ${i}`);
      }
      assert.equal(await runJob(server.deps, id), "skipped", "never twice");
      server.clock.advance(2 * HOUR);
    }
    const posts = (await me.json("GET", "/api/tiktok/posts")).body
      .posts as unknown[];
    assert.equal(posts.length, 8, `each job posted once (${[...outcomes]})`);
    console.log(`race outcomes: ${[...outcomes].join(", ")}`);
  } finally {
    await server.close();
  }
});
