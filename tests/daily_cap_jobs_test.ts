/**
 * TikTok's daily caps answered on creator_info (spam_risk_too_many_posts,
 * reached_active_user_cap; docs/scheduling.md#creating-a-job) count the last
 * 24 hours: a job a day or more ahead is taken and checked again at its run,
 * one sooner is refused with the time from which it would be taken, and a
 * ban refuses a job whenever it would run.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import {
  posterFor,
  publishAtTikTok,
  scheduleJob,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { assertJsonOk } from "./_helpers/http_asserts.ts";
import {
  CREATOR_INFO_REFUSAL_TTL_MS,
  CREATOR_INFO_TTL_MS,
} from "../lib/posting/creator_info_cache.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";
import { dailyCapNextFree } from "../lib/posting/daily_cap_refusals.ts";

const HOUR = 3600_000;
const iso = (t: number) => new Date(t).toISOString();

function schedule(me: Poster, runAt: number, title: string) {
  return scheduleJob(me, runAt, { title, privacy: "SELF_ONLY" });
}

Deno.test("a daily cap reached now refuses a job within 24 hours, naming when one is taken, and takes one a day ahead that posts at its run", async (t) => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "daily_cap_jobs");
    const cases: [string, number, string][] = [
      ["spam_risk_too_many_posts", 502, "tiktok_error"],
      ["reached_active_user_cap", 403, "tiktok_active_user_cap"],
    ];
    const taken: string[] = [];
    for (const [code, status, error] of cases) {
      await t.step(code, async () => {
        await me.sandbox({ creator_info_error: code });
        // creator_info is asked again once the cached copy ages out.
        server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
        const now = server.clock.now();
        const soon = await schedule(me, now + 2 * HOUR, `soon, ${code}`);
        assert.equal(soon.status, status, JSON.stringify(soon.body));
        assert.equal(soon.body.error, error);
        assert.equal(soon.body.tiktok_code, code);
        // 24 hours from now, and a few minutes more to be retried with.
        const next = dailyCapNextFree(now);
        assert.ok(next >= now + 24 * HOUR + 5 * 60_000);
        assert.ok(next < now + 24 * HOUR + 6 * 60_000);
        assert.equal(soon.body.next_free_at, iso(next));
        assert.match(
          String(soon.body.message),
          new RegExp(
            `A post scheduled for ${
              iso(next).replace(/\./g, "\\.")
            } or later is accepted`,
          ),
        );
        const ahead = await schedule(
          me,
          now + 24 * HOUR + taken.length * 2 * HOUR,
          `a day ahead, ${code}`,
        );
        assert.equal(ahead.status, 200, JSON.stringify(ahead.body));
        taken.push(String(ahead.body.job_id));
        // Moved within the 24 hours, the job is refused as a new one would be.
        const moved = await me.json("PATCH", `/api/jobs/${ahead.body.job_id}`, {
          run_at: iso(now + 3 * HOUR),
        });
        assert.equal(moved.status, status, JSON.stringify(moved.body));
        assert.equal(moved.body.tiktok_code, code);
      });
    }
    await t.step("a ban refuses a job however far ahead", async () => {
      await me.sandbox({
        creator_info_error: "spam_risk_user_banned_from_posting",
      });
      server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
      const later = await schedule(
        me,
        server.clock.now() + 30 * HOUR,
        "banned",
      );
      assert.equal(later.status, 502, JSON.stringify(later.body));
      assert.equal(
        later.body.tiktok_code,
        "spam_risk_user_banned_from_posting",
      );
      assert.equal(later.body.next_free_at, undefined);
    });
    await t.step(
      "at their runs, a job still capped fails and one past the cap posts",
      async () => {
        const [capped, past] = await Promise.all(
          taken.map(async (id) =>
            await assertJsonOk(await me.call("GET", `/api/jobs/${id}`))
          ),
        );
        await me.sandbox({ creator_info_error: "spam_risk_too_many_posts" });
        server.clock.set(Date.parse(String(capped.run_at)));
        assert.deepEqual(await runDueJobs(server.deps, { horizonMs: 0 }), {
          posted: 0,
          failed: 1,
        });
        const failed = await assertJsonOk(
          await me.call("GET", `/api/jobs/${capped.job_id}`),
        );
        assert.equal(failed.state, "failed");
        assert.deepEqual(failed.error, {
          code: "tiktok_error",
          message:
            "This TikTok account reached TikTok's daily limit of posts made through apps. Try again tomorrow.",
        });

        await me.sandbox({ creator_info_error: null });
        server.clock.set(Date.parse(String(past.run_at)));
        assert.deepEqual(await runDueJobs(server.deps, { horizonMs: 0 }), {
          posted: 1,
          failed: 0,
        });
        const ran = await assertJsonOk(
          await me.call("GET", `/api/jobs/${past.job_id}`),
        );
        assert.equal(
          (await publishAtTikTok(server, String(ran.publish_id))).privacyLevel,
          "SELF_ONLY",
        );
      },
    );
  } finally {
    await server.close();
  }
});

Deno.test("a daily cap's next_free_at, sent back as run_at a little later, is taken", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "daily_cap_next_free");
    await me.sandbox({ creator_info_error: "spam_risk_too_many_posts" });
    server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
    const soon = await schedule(
      me,
      server.clock.now() + 2 * HOUR,
      "soon, capped",
    );
    assert.equal(soon.status, 502, JSON.stringify(soon.body));
    const next = Date.parse(String(soon.body.next_free_at));
    // A script or workflow retries with the time it was given, moments later.
    server.clock.advance(90_000);
    const retried = await schedule(me, next, "soon, capped, moved");
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
  } finally {
    await server.close();
  }
});

Deno.test("a cannot-post refusal of creator_info is kept a minute: a batch of jobs asks TikTok once, and TikTok is asked again after", async () => {
  const server = await startTestServer();
  try {
    const me = await posterFor(server, "daily_cap_batch");
    await me.sandbox({ creator_info_error: "spam_risk_too_many_posts" });
    server.clock.advance(CREATOR_INFO_TTL_MS + 60_000);
    const now = server.clock.now();
    // A batch a day ahead: all taken.
    for (let i = 0; i < 5; i++) {
      const job = await schedule(me, now + 25 * HOUR + i * 2 * HOUR, `b${i}`);
      assert.equal(job.status, 200, JSON.stringify(job.body));
    }
    // TikTok lifts the cap; within the minute the kept refusal still
    // answers, so a job within 24 hours is refused without asking TikTok.
    await me.sandbox({ creator_info_error: null });
    const kept = await schedule(me, now + 3 * HOUR, "within the minute");
    assert.equal(kept.status, 502, JSON.stringify(kept.body));
    assert.equal(kept.body.tiktok_code, "spam_risk_too_many_posts");
    // After it, TikTok is asked again and takes the job.
    server.clock.advance(CREATOR_INFO_REFUSAL_TTL_MS);
    const asked = await schedule(me, now + 3 * HOUR, "after the minute");
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
  } finally {
    await server.close();
  }
});
