/**
 * Nothing PM3K stores grows without bound (docs/architecture.md#how-long-each-record-lives):
 * a few simulated days of every kind of activity, then every key family
 * written must expire, be swept, be capped or live with its account, and
 * the families that live a day or less stay flat. `deno task bench` runs
 * the same simulation for 1,000 accounts over 30 days.
 */
import assert from "node:assert/strict";
import { ManualClock } from "../lib/clock.ts";
import { simulateGrowth } from "./_helpers/growth_sim.ts";
import type { DaySnapshot, GrowthRun } from "./_helpers/growth_sim.ts";
import { judgeGrowth } from "./_helpers/growth_verdict.ts";
import { KvLifeRecorder } from "./_helpers/kv_life_recorder.ts";
import { familyLives, keyFamilies } from "./_helpers/kv_families.ts";

Deno.test("simulated days of activity leave only live data: every key family expires, is swept, capped or lives with its account", async () => {
  const run = await simulateGrowth({ accounts: 20, days: 3, strict: true });
  const verdict = judgeGrowth(run);
  assert.deepEqual(verdict.problems, []);
  assert.ok(verdict.flat.last <= 1.5 * verdict.flat.first);
  // The activity really happened, failures included.
  for (
    const answer of [
      "upload complete 200",
      "direct_post 200",
      "direct_post retried 200",
      "direct_post 429",
      "status 200",
      "status of another publish 404",
      "job 200",
      "job cancel 200",
      "direct_post with a link 400",
      "bad upload complete 400",
      "abandoned upload start 200",
      "album image complete 200",
      "sign-in authorize 303",
      "sign-in deny 400",
    ]
  ) assert.ok((run.tally[answer] ?? 0) > 0, `no "${answer}" in the run`);
  // TikTok's events came in (the simulator sends them) and were recorded.
  assert.ok((run.writes.get("tiktok_events")?.writes ?? 0) > 0);
  assert.deepEqual(run.errorLogs, []);
  // Every family the activity should touch was written.
  const written = new Set(run.writes.keys());
  for (
    const family of [
      "sessions",
      "oauth_attempts",
      "sign_in_attempts",
      "uploads",
      "upload_day_counts",
      "albums",
      "posts",
      "posts_by_publish_id",
      "posts_following",
      "video_fingerprints",
      "account_captions",
      "global_captions",
      "tiktok_cooldowns",
      "idempotency",
      "status_limits",
      "jobs",
      "jobs_due",
      "jobs_leases",
      "webhook_deliveries",
      "webhook_due",
      "domains",
    ]
  ) assert.ok(written.has(family), `${family} was never written`);
  // Jobs ran, webhooks were delivered and failed ones retried to the end.
  const last = run.snapshots[run.days];
  assert.equal(last.families.get("jobs_due")?.total ?? 0, 0);
  assert.equal(last.families.get("posts_following")?.total ?? 0, 0);
  assert.equal(last.families.get("webhook_due")?.total ?? 0, 0);
});

Deno.test("every key family of lib/kv_keys.ts has a documented life", () => {
  const lives = familyLives({
    mediaTtlMs: 1,
    sessionTtlMs: 1,
    scheduleAheadMs: 1,
    jobLeaseMs: 1,
  });
  for (const family of keyFamilies()) {
    assert.ok(lives[family], `${family} has no life in kv_families.ts`);
  }
});

Deno.test("the life recorder expires entries in simulated time, never one written again", async () => {
  const clock = new ManualClock(Date.UTC(2030, 0, 1));
  const inner = await Deno.openKv(":memory:");
  try {
    const rec = new KvLifeRecorder(inner, clock);
    await rec.kv.set(["a", 1], "x", { expireIn: 60_000 });
    await rec.kv.atomic().set(["b", 1], "y", { expireIn: 60_000 }).commit();
    await rec.kv.set(["c", 1], "z");
    clock.advance(30_000);
    await rec.kv.set(["b", 1], "y2", { expireIn: 60_000 });
    clock.advance(40_000);
    assert.equal(await rec.expireDue(), 1);
    assert.equal((await inner.get(["a", 1])).value, null);
    assert.equal((await inner.get(["b", 1])).value, "y2");
    assert.equal((await inner.get(["c", 1])).value, "z");
    clock.advance(60_000);
    assert.equal(await rec.expireDue(), 1);
    assert.equal((await inner.get(["b", 1])).value, null);
    assert.deepEqual(rec.families().get("c"), {
      writes: 1,
      withExpiry: 0,
      longestExpireInMs: 0,
    });
  } finally {
    inner.close();
  }
});

Deno.test("the growth verdict names a family written without expiry, and one still growing", () => {
  const snap = (day: number, posts: number, globals: number): DaySnapshot => ({
    day,
    families: new Map([
      ["posts", {
        total: posts,
        maxPerAccount: posts,
        maxSettledPerAccount: posts,
        global: 0,
      }],
      ["global_captions", {
        total: globals,
        maxPerAccount: 0,
        maxSettledPerAccount: 0,
        global: globals,
      }],
    ]),
    objects: 0,
    objectMeta: 0,
  });
  const run: GrowthRun = {
    accounts: 1,
    days: 3,
    settings: {
      mediaTtlMs: 1,
      sessionTtlMs: 1,
      scheduleAheadMs: 1,
      jobLeaseMs: 1,
    },
    snapshots: [snap(0, 0, 0), snap(1, 1, 1), snap(2, 2, 2), snap(3, 3, 3)],
    writes: new Map([
      ["posts", { writes: 3, withExpiry: 2, longestExpireInMs: 1 }],
      ["global_captions", { writes: 3, withExpiry: 3, longestExpireInMs: 1 }],
    ]),
    overdue: [],
    tally: {},
    errorLogs: [],
    seconds: 0,
  };
  const { problems } = judgeGrowth(run);
  assert.ok(
    problems.some((p) => p === "posts: 1 of 3 writes carried no expireIn"),
    problems.join("\n"),
  );
  assert.ok(
    problems.some((p) => p.startsWith("short-lived and account families grew")),
    problems.join("\n"),
  );
});
