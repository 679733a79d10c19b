/**
 * The limits answer's pure parts against the checks they come from: the
 * next posting time found from the records' own times equals the first
 * minute a brute-force walk finds accepted, so does a refused job's
 * `next_free_at`, and the status calls left are exactly the calls
 * `decideStatusCall` takes before refusing.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { nextPostTime } from "../lib/posting/account_limits.ts";
import type { PostingRecords } from "../lib/posting/account_limits.ts";
import {
  cooldownError,
  DAY_MS,
  HOUR_MS,
  postingBlock,
  postsInLastDay,
} from "../lib/posting/post_reservation.ts";
import {
  nextFreeRunAt,
  postTimesTaken,
  slotConflict,
} from "../lib/posting/posting_calendar.ts";
import {
  decideStatusCall,
  STATUS_PER_HOUR,
  STATUS_PER_MINUTE,
  statusCallsLeft,
} from "../lib/posting/status_limits.ts";
import type { StatusLimitState } from "../lib/posting/status_limit_record.ts";

const MIN = 60_000;
const NOW = Date.UTC(2026, 0, 10, 12, 0);

/** Whether a post at `at` passes every check, as the checks see it. */
function acceptedAt(records: PostingRecords, now: number, at: number) {
  return !cooldownError(records.cooldown, at) &&
    !postingBlock(postsInLastDay(records.quota, now), at) &&
    !slotConflict(
      at,
      postTimesTaken(records.calendar, records.quota, now),
    );
}

/** Posts in the last day and jobs in the next one, on a minute grid. */
const recordsArb = fc.record({
  posts: fc.array(fc.integer({ min: 1, max: 24 * 60 - 1 }), { maxLength: 12 }),
  jobs: fc.array(fc.integer({ min: 1, max: 24 * 60 }), { maxLength: 6 }),
  cooldownMinutes: fc.option(fc.integer({ min: -60, max: 4 * 60 })),
}).map(({ posts, jobs, cooldownMinutes }): PostingRecords => ({
  quota: {
    recent: [...posts].sort((a, b) => b - a).map((m, i) => ({
      postId: `p${i}`,
      at: NOW - m * MIN,
    })),
  },
  calendar: {
    entries: jobs.map((m, i) => ({ jobId: `j${i}`, at: NOW + m * MIN })),
  },
  cooldown: cooldownMinutes === null ? null : {
    startedAt: NOW - 3 * HOUR_MS,
    until: NOW + cooldownMinutes * MIN,
  },
}));

Deno.test("next_post_at is the first minute every posting check accepts", () => {
  fc.assert(
    fc.property(recordsArb, (records) => {
      const next = nextPostTime(records, NOW);
      assert.ok(next >= NOW);
      assert.ok(acceptedAt(records, NOW, next), "accepted at next_post_at");
      // Every record's time is on the minute grid, so is every boundary.
      for (let at = NOW; at < next; at += MIN) {
        assert.ok(!acceptedAt(records, NOW, at), `refused at ${at - NOW}`);
      }
      if (next > NOW) {
        assert.ok(!acceptedAt(records, NOW, next - 1), "refused 1 ms before");
      }
    }),
    { numRuns: 300 },
  );
});

Deno.test("next_post_at: now when open; an hour after a post; the day's first post + 24 h at 10; the cooldown's end", () => {
  const none: PostingRecords = { quota: null, cooldown: null, calendar: null };
  assert.equal(nextPostTime(none, NOW), NOW);
  const post = (minutesAgo: number, i = 0) => ({
    postId: `p${i}`,
    at: NOW - minutesAgo * MIN,
  });
  assert.equal(
    nextPostTime({ ...none, quota: { recent: [post(20)] } }, NOW),
    NOW + 40 * MIN,
  );
  const tenPosts = Array.from(
    { length: 10 },
    (_, i) => post(23 * 60 - i * 120, i),
  );
  assert.equal(
    nextPostTime({ ...none, quota: { recent: tenPosts } }, NOW),
    tenPosts[0].at + DAY_MS,
  );
  assert.equal(
    nextPostTime({
      ...none,
      cooldown: { startedAt: NOW - HOUR_MS, until: NOW + 2 * HOUR_MS },
    }, NOW),
    NOW + 2 * HOUR_MS,
  );
  // A job in 30 minutes: the first time clear of it is an hour after it.
  assert.equal(
    nextPostTime({
      ...none,
      calendar: { entries: [{ jobId: "j", at: NOW + 30 * MIN }] },
    }, NOW),
    NOW + 90 * MIN,
  );
});

Deno.test("a refused run time's next_free_at is the first minute at or after it that the calendar takes", () => {
  const codes = new Set<string>();
  // Anywhere, or an hour or two apart, so that days fill up too.
  const scattered = fc.array(fc.integer({ min: 0, max: 36 * 60 }), {
    maxLength: 16,
  });
  const spaced = fc.array(fc.integer({ min: 60, max: 130 }), {
    maxLength: 16,
  }).map((gaps) =>
    gaps.map((_, i) => gaps.slice(0, i + 1).reduce((a, b) => a + b))
  );
  fc.assert(
    fc.property(
      fc.oneof(scattered, spaced),
      fc.integer({ min: 0, max: 36 * 60 }),
      (others, asked) => {
        const taken = others.map((m) => NOW + m * MIN);
        const runAt = NOW + asked * MIN;
        const refused = slotConflict(runAt, taken);
        if (!refused) return;
        codes.add(refused.code);
        const next = nextFreeRunAt(runAt, taken);
        assert.equal(refused.extra.next_free_at, new Date(next).toISOString());
        assert.equal(slotConflict(next, taken), null, "taken at next_free_at");
        for (let at = runAt; at < next; at += MIN) {
          assert.ok(slotConflict(at, taken), `refused at ${at - runAt}`);
        }
      },
    ),
    { numRuns: 300 },
  );
  assert.deepEqual([...codes].sort(), ["daily_limit", "interval_limit"]);
});

const statusArb = fc.record({
  minuteAgo: fc.integer({ min: 0, max: 2 * 60 }),
  minuteCount: fc.integer({ min: 0, max: STATUS_PER_MINUTE }),
  hourAgo: fc.integer({ min: 0, max: 2 * 60 }),
  hourCount: fc.integer({ min: 0, max: STATUS_PER_HOUR }),
  cooldownAgo: fc.option(fc.integer({ min: 0, max: 60 })),
  unlockedThisHour: fc.boolean(),
  lastPostAgo: fc.option(fc.integer({ min: 0, max: 120 })),
});

Deno.test("status calls left this minute are the calls decideStatusCall takes before refusing", () => {
  fc.assert(
    fc.property(fc.option(statusArb), (s) => {
      const stored: StatusLimitState | null = s && {
        minuteStart: NOW - s.minuteAgo * 1000,
        minuteCount: s.minuteCount,
        hourStart: NOW - s.hourAgo * MIN,
        hourCount: s.hourCount,
        cooldownSince: s.cooldownAgo === null
          ? null
          : NOW - s.cooldownAgo * MIN,
        unlockedThisHour: s.unlockedThisHour,
      };
      const lastPostAt = s?.lastPostAgo == null
        ? null
        : NOW - s.lastPostAgo * MIN;
      const left = statusCallsLeft(stored, lastPostAt, NOW);
      let state = stored;
      let taken = 0;
      for (;;) {
        const decision = decideStatusCall(state, lastPostAt, NOW);
        if (decision.refusal) break;
        taken++;
        state = decision.next ?? state;
      }
      assert.equal(left.minute, taken);
      assert.ok(left.hour >= left.minute);
      assert.ok(left.minute <= STATUS_PER_MINUTE);
    }),
    { numRuns: 500 },
  );
});

Deno.test("status calls left: 20 and 40 untouched, none while waiting for a post, the hour's rest after a minute window", () => {
  assert.deepEqual(statusCallsLeft(null, null, NOW), { minute: 20, hour: 40 });
  const state: StatusLimitState = {
    minuteStart: NOW - 70_000,
    minuteCount: 20,
    hourStart: NOW - 10 * MIN,
    hourCount: 30,
    cooldownSince: null,
    unlockedThisHour: false,
  };
  assert.deepEqual(statusCallsLeft(state, null, NOW), { minute: 10, hour: 10 });
  const waiting = { ...state, cooldownSince: NOW - MIN };
  assert.deepEqual(statusCallsLeft(waiting, null, NOW), { minute: 0, hour: 0 });
  assert.deepEqual(statusCallsLeft(waiting, NOW - 2 * MIN, NOW), {
    minute: 0,
    hour: 0,
  });
  // A post after the cooldown began lifts it.
  assert.deepEqual(statusCallsLeft(waiting, NOW - 1000, NOW), {
    minute: 10,
    hour: 10,
  });
});

Deno.test("a job whose post is made but not yet settled counts once, not as a job and a post", () => {
  const HOUR = 60 * MIN;
  // Nine posts in the last day; the newest was made a minute ago by job j1,
  // whose calendar entry stays until the runner settles it.
  const recent = Array.from({ length: 9 }, (_, i) => ({
    postId: `p${i}`,
    at: NOW - (9 - i) * 2 * HOUR + HOUR,
  }));
  recent[8] = { postId: "p8", at: NOW - MIN, jobId: "j1" } as typeof recent[0];
  const quota = { recent };
  const calendar = { entries: [{ jobId: "j1", at: NOW - MIN }] };
  const taken = postTimesTaken(calendar, quota, NOW);
  assert.equal(taken.length, 9);
  // The tenth post of the day fits two hours on; counted twice, the job
  // would make it the eleventh.
  assert.equal(slotConflict(NOW + 2 * HOUR, taken), null);
  assert.equal(
    slotConflict(NOW + 2 * HOUR, [...taken, NOW - MIN])?.code,
    "daily_limit",
    "control: the same times with the job counted twice",
  );
});
