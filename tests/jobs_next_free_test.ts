/**
 * `if_taken: "next_free"` on POST /api/jobs (docs/scheduling.md#the-next-free-time):
 * a run time the account's limits refuse moves to the refusal's
 * next_free_at, again and again, until one is taken, with requested_run_at
 * in the answer; a refusal naming no free time is answered as it is; fail,
 * the default, refuses as before. The same through MCP's schedule_post.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  posterFor,
  scheduleJob,
  verifySource,
} from "./_helpers/posting_setup.ts";
import { startSourceServer } from "./_helpers/source_server.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { postWithKey } from "./_helpers/idempotent_request.ts";
import { mcpClient, toolOk } from "./_helpers/mcp_client.ts";
import { keys } from "../lib/kv_keys.ts";
import { CREATOR_INFO_TTL_MS } from "../lib/posting/creator_info_cache.ts";

const HOUR = 3600_000;
const iso = (t: number) => new Date(t).toISOString();

/** A job of a fresh upload at `runAt`, captioned `title`. */
function schedule(
  me: Poster,
  runAt: number,
  title: string,
  ifTaken?: string,
) {
  return scheduleJob(me, runAt, {
    title,
    privacy: "SELF_ONLY",
    ...(ifTaken ? { if_taken: ifTaken } : {}),
  });
}

Deno.test("if_taken next_free moves a job past another job's hour and past a full day, answering requested_run_at; fail, the default, refuses with next_free_at", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "next_free_jobs");
    const base = Math.ceil((server.clock.now() + 2 * HOUR) / 60_000) * 60_000;
    const first = await schedule(me, base, "the first");
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.requested_run_at, undefined, "not moved");

    const asked = base + 10 * 60_000;
    const refused = await schedule(me, asked, "the second");
    assert.equal(refused.status, 429, JSON.stringify(refused.body));
    assert.equal(refused.body.error, "interval_limit");
    assert.equal(refused.body.next_free_at, iso(base + HOUR));
    const explicitFail = await schedule(me, asked, "the second", "fail");
    assert.equal(explicitFail.status, 429);

    const moved = await schedule(me, asked, "the second", "next_free");
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.run_at, iso(base + HOUR));
    assert.equal(moved.body.requested_run_at, iso(asked));
    const listed = await me.json("GET", `/api/jobs/${moved.body.job_id}`);
    assert.equal(listed.body.run_at, iso(base + HOUR));

    // Eight more asking for the first job's time: one an hour after it.
    for (let i = 3; i <= 10; i++) {
      const r = await schedule(me, base, `job ${i}`, "next_free");
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.run_at, iso(base + (i - 1) * HOUR), `job ${i}`);
      assert.equal(r.body.requested_run_at, iso(base));
    }
    // The eleventh: ten in the 24 hours from the first, so it moves past
    // that day, where its hour is free.
    const eleventh = await schedule(me, base, "the eleventh", "next_free");
    assert.equal(eleventh.status, 200, JSON.stringify(eleventh.body));
    assert.ok(
      Date.parse(String(eleventh.body.run_at)) >= base + 24 * HOUR,
      String(eleventh.body.run_at),
    );
    assert.equal(eleventh.body.requested_run_at, iso(base));
    const jobs = await me.json("GET", "/api/jobs?limit=100");
    assert.equal((jobs.body.jobs as unknown[]).length, 11);
  } finally {
    await server.close();
  }
});

Deno.test("if_taken next_free answers a refusal that names no free time as it is, refuses a value it does not know, and a retry with its Idempotency-Key gets the moved job back", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "next_free_refusals");
    const base = Math.ceil((server.clock.now() + 2 * HOUR) / 60_000) * 60_000;
    assert.equal((await schedule(me, base, "once")).status, 200);
    // The same caption: a duplicate has no free time, whatever the time.
    const duplicate = await schedule(me, base + 3 * HOUR, "once", "next_free");
    assert.equal(duplicate.status, 400, JSON.stringify(duplicate.body));
    assert.equal(duplicate.body.error, "caption_duplicate_account");
    const tooFar = await schedule(
      me,
      server.clock.now() + 400 * 24 * HOUR,
      "too far",
      "next_free",
    );
    assert.equal(tooFar.status, 400);
    assert.equal(tooFar.body.error, "bad_request");
    const unknown = await schedule(me, base, "odd", "later");
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error, "bad_request");
    assert.match(JSON.stringify(unknown.body), /if_taken/);

    const body = {
      kind: "tiktok",
      run_at: iso(base),
      source_url: await me.uploadVideo(),
      title: "retried",
      privacy: "SELF_ONLY",
      if_taken: "next_free",
    };
    const sent = await postWithKey(
      server.url,
      me.key,
      "k-1",
      body,
      "/api/jobs",
    );
    const again = await postWithKey(
      server.url,
      me.key,
      "k-1",
      body,
      "/api/jobs",
    );
    const [a, b] = [await sent.json(), await again.json()];
    assert.equal(sent.status, 200, JSON.stringify(a));
    assert.deepEqual(b, a, "the same job, moved once");
    assert.equal(a.run_at, iso(base + HOUR));
    assert.equal(a.requested_run_at, iso(base));
    const jobs = await me.json("GET", "/api/jobs");
    assert.equal((jobs.body.jobs as unknown[]).length, 2);
  } finally {
    await server.close();
  }
});

Deno.test("MCP schedule_post with if_taken next_free moves a taken time as POST /api/jobs does", async () => {
  const server = await startTestServer();
  const me = await posterFor(server, "next_free_mcp");
  const client = await mcpClient(server, me.key);
  try {
    const base = Math.ceil((server.clock.now() + 2 * HOUR) / 60_000) * 60_000;
    assert.equal((await schedule(me, base, "already there")).status, 200);
    const job = await toolOk(client, "schedule_post", {
      source_url: await me.uploadVideo(),
      title: "from an agent",
      privacy: "SELF_ONLY",
      run_at: iso(base),
      if_taken: "next_free",
    });
    assert.equal(job.run_at, iso(base + HOUR));
    assert.equal(job.requested_run_at, iso(base));
  } finally {
    await client.close();
    await server.close();
  }
});

Deno.test("if_taken next_free moves a job asked for within TikTok's cooldown to its end", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "next_free_cooldown");
    const now = server.clock.now();
    const until = Math.ceil((now + 3 * HOUR) / 60_000) * 60_000;
    await server.kv.set(keys.tiktokCooldown(me.openId), {
      startedAt: now,
      until,
    });
    const asked = now + HOUR;
    const refused = await schedule(me, asked, "in the cooldown");
    assert.equal(refused.status, 429, JSON.stringify(refused.body));
    assert.equal(refused.body.error, "tiktok_cooldown");
    assert.equal(refused.body.next_free_at, iso(until));
    const moved = await schedule(me, asked, "in the cooldown", "next_free");
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.run_at, iso(until));
    assert.equal(moved.body.requested_run_at, iso(asked));
  } finally {
    await server.close();
  }
});

Deno.test("thirty if_taken next_free jobs sent at once for one time all land, at thirty times an hour apart and ten a day at most", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "next_free_thirty");
    const base = Math.ceil((server.clock.now() + 2 * HOUR) / 60_000) * 60_000;
    const urls = await Promise.all(
      Array.from({ length: 30 }, () => me.uploadVideo()),
    );
    const answers = await Promise.all(
      urls.map((source_url, i) =>
        scheduleJob(me, base, {
          source_url,
          title: `at once ${i}`,
          privacy: "SELF_ONLY",
          if_taken: "next_free",
        })
      ),
    );
    for (const a of answers) {
      assert.equal(a.status, 200, JSON.stringify(a.body));
    }
    const times = answers.map((a) => Date.parse(String(a.body.run_at)))
      .sort((a, b) => a - b);
    assert.equal(times[0], base);
    for (let i = 1; i < times.length; i++) {
      assert.ok(times[i] - times[i - 1] >= HOUR, iso(times[i]));
    }
    for (const t of times) {
      const inDay = times.filter((u) => u >= t && u < t + 24 * HOUR);
      assert.ok(
        inDay.length <= 10,
        `${inDay.length} in the day from ${iso(t)}`,
      );
    }
    const jobs = await me.json("GET", "/api/jobs?limit=100");
    assert.equal((jobs.body.jobs as unknown[]).length, 30);
  } finally {
    await server.close();
  }
});

Deno.test("if_taken next_free fetches a verified domain's video once, however many times it moves the job, past PM3K's limits or TikTok's daily cap", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "next_free_fetch_once");
    await verifySource(me, source);
    const videoFetches = () =>
      source.hits.filter((p) => p === "/video.mp4").length;
    const base = Math.ceil((server.clock.now() + 2 * HOUR) / 60_000) * 60_000;
    // Three hours taken: base, base + 1 h, base + 2 h. Each URL names its
    // own video to PM3K (the query is part of the fingerprint).
    for (let i = 0; i < 3; i++) {
      const taken = await scheduleJob(me, base + i * HOUR, {
        source_url: `${source.origin}/video.mp4?taken=${i}`,
        title: `taken ${i}`,
        privacy: "SELF_ONLY",
      });
      assert.equal(taken.status, 200, JSON.stringify(taken.body));
    }
    const fetchedBefore = videoFetches();
    const moved = await scheduleJob(me, base, {
      source_url: `${source.origin}/video.mp4?moved=1`,
      title: "moved three times",
      privacy: "SELF_ONLY",
      if_taken: "next_free",
    });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.run_at, iso(base + 3 * HOUR));
    assert.equal(
      videoFetches() - fetchedBefore,
      1,
      "the video is fetched once for the whole request",
    );
    // TikTok's daily cap, told by creator_info after the media is checked,
    // moves a job too: still one fetch.
    await me.sandbox({ creator_info_error: "spam_risk_too_many_posts" });
    // creator_info is asked again once the cached copy ages out.
    server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
    const beforeCap = videoFetches();
    const capped = await scheduleJob(me, base + 4 * HOUR, {
      source_url: `${source.origin}/video.mp4?capped=1`,
      title: "moved past TikTok's daily cap",
      privacy: "SELF_ONLY",
      if_taken: "next_free",
    });
    assert.equal(capped.status, 200, JSON.stringify(capped.body));
    assert.ok(capped.body.requested_run_at, "moved");
    assert.equal(
      videoFetches() - beforeCap,
      1,
      "fetched once past the daily cap too",
    );
    // Nothing of the checks' copies is left behind.
    const kept = await Array.fromAsync(
      server.kv.list({ prefix: keys.uploadsByAccountPrefix(me.openId) }),
    );
    assert.equal(kept.length, 0);
  } finally {
    await source.close();
    await server.close();
  }
});

Deno.test("if_taken next_free moving a job past the one-year limit says it moved it, not that the run_at asked for is more than a year away", async () => {
  const server = await startTestServer();
  const source = await startSourceServer();
  try {
    const me = await posterFor(server, "next_free_year_end");
    // A verified domain: the plan's file retention does not cap the time.
    await verifySource(me, source);
    const nearEnd = Math.floor(
      (server.clock.now() + 365 * 24 * HOUR - 30 * 60_000) / 60_000,
    ) * 60_000;
    const first = await scheduleJob(me, nearEnd, {
      source_url: `${source.origin}/video.mp4`,
      title: "the year's last",
      privacy: "SELF_ONLY",
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    source.videoPadding = 7;
    const moved = await scheduleJob(me, nearEnd, {
      source_url: `${source.origin}/no-validator.mp4`,
      title: "past the year",
      privacy: "SELF_ONLY",
      if_taken: "next_free",
    });
    assert.equal(moved.status, 400, JSON.stringify(moved.body));
    assert.equal(moved.body.error, "bad_request");
    assert.equal(
      moved.body.message,
      `if_taken next_free moved this job from ${
        iso(nearEnd)
      } to the first free time after it, ${
        iso(nearEnd + HOUR)
      }, which is refused: run_at is more than a year away: the latest time accepted now is ${
        iso(Math.floor((server.clock.now() + 365 * 24 * HOUR) / 1000) * 1000)
          .replace(".000Z", "Z")
      }.`,
    );
    const jobs = await me.json("GET", "/api/jobs");
    assert.equal((jobs.body.jobs as unknown[]).length, 1);
  } finally {
    await server.close();
    await source.close();
  }
});
