/**
 * Deleting an account with many scheduled posts due
 * (docs/accounts.md#deleting-an-account, docs/architecture.md#kv-limits):
 * jobs left overdue while no runner ran pile up, and the
 * deletion stays within denokv's 10 checks a commit however many there are
 * (denokv's limits simulated over the real KV:
 * tests/_helpers/denokv_limits.ts). A runner trying them while the
 * deletion waits for TikTok's revoke claims none: nothing is posted.
 */
import assert from "node:assert/strict";
import { startTestServer } from "./_helpers/test_server.ts";
import type { TestServer } from "./_helpers/test_server.ts";
import { withDenoKvLimits } from "./_helpers/denokv_limits.ts";
import { hookWritesUnder } from "./_helpers/kv_write_hook.ts";
import {
  initsAtTikTok,
  posterFor,
  scheduleJob,
} from "./_helpers/posting_setup.ts";
import type { Poster } from "./_helpers/posting_setup.ts";
import { entriesNaming } from "./_helpers/account_traces.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import { eraseAccount } from "../lib/erasure/account_erasure.ts";
import type { EraseDeps } from "../lib/erasure/account_erasure.ts";
import { runDueJobs } from "../lib/jobs/due_jobs.ts";

const HOUR = 3600_000;
const OVERDUE_JOBS = 12;

/**
 * `count` jobs of `me`, three hours apart (within the plan's 10 a day)
 * from three hours on; the last's time.
 */
async function hourlyJobs(
  server: TestServer,
  me: Poster,
  count: number,
): Promise<number> {
  let runAt = server.clock.now();
  for (let i = 0; i < count; i++) {
    runAt += 3 * HOUR;
    const job = await scheduleJob(me, runAt, { privacy: "SELF_ONLY" });
    assert.equal(job.status, 200, JSON.stringify(job.body));
  }
  return runAt;
}

Deno.test("an account with 12 overdue scheduled posts is deleted within denokv's 10 checks a commit, and none of them posts", async () => {
  const server = await startTestServer({ wrapKv: withDenoKvLimits });
  try {
    const me = await posterFor(server, "erase_overdue_jobs");
    const last = await hourlyJobs(server, me, OVERDUE_JOBS);
    // No runner ran meanwhile: every job is overdue.
    server.clock.set(last + HOUR);

    const erased = await eraseAccount(server.deps, me.openId);
    assert.equal(erased.found, true);
    assert.equal(erased.jobs, OVERDUE_JOBS);
    await runDueJobs(server.deps, { horizonMs: 0 });
    assert.equal(await initsAtTikTok(server, me), 0, "no job reached TikTok");
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
  } finally {
    await server.close();
  }
});

Deno.test("a runner trying 12 overdue scheduled posts while the deletion waits for TikTok's revoke claims none: the deletion completes and nothing posts", async () => {
  const server = await startTestServer({ wrapKv: withDenoKvLimits });
  try {
    const me = await posterFor(server, "erase_overdue_race");
    const last = await hourlyJobs(server, me, OVERDUE_JOBS);
    server.clock.set(last + HOUR);

    let release = () => {};
    const gate = new Promise<void>((r) => release = r);
    let asked = false;
    const real = server.deps.tiktokOAuth;
    const deps: EraseDeps = {
      ...server.deps,
      tiktokOAuth: Object.assign(Object.create(real), {
        async revoke(token: string) {
          asked = true;
          await gate;
          return await real.revoke(token);
        },
      }),
    };
    const erasing = eraseAccount(deps, me.openId);
    await waitUntil("the deletion asks TikTok to revoke", () => asked);
    const outcomes = await runDueJobs(server.deps, { horizonMs: 0 });
    release();
    const erased = await erasing;

    assert.equal(erased.found, true);
    assert.equal(erased.jobs, OVERDUE_JOBS);
    assert.equal(await initsAtTikTok(server, me), 0, "no job reached TikTok");
    assert.deepEqual(outcomes, { posted: 0, failed: 0 }, "none claimed");
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
  } finally {
    await server.close();
  }
});

Deno.test("a job claim that read no deletion mark but commits after it, just before the account's record goes, fails: the job never posts", async () => {
  // The runner's first claim commit waits for the deletion's: it read the
  // account and no mark before the deletion began, and commits after the
  // deletion's last look at the jobs.
  let armed = false;
  let reached = false;
  let go = () => {};
  const gate = new Promise<void>((r) => go = r);
  let claimDone = false;
  const server = await startTestServer({
    wrapKv: (kv) =>
      hookWritesUnder(withDenoKvLimits(kv), ["jobs_leases"], async (real) => {
        if (!armed) return await real();
        armed = false;
        reached = true;
        await gate;
        try {
          return await real();
        } finally {
          claimDone = true;
        }
      }),
  });
  try {
    const me = await posterFor(server, "erase_claim_after_mark");
    const last = await hourlyJobs(server, me, 1);
    server.clock.set(last);
    armed = true;
    const running = runDueJobs(server.deps, { horizonMs: 0 });
    await waitUntil("the claim is about to commit", () => reached);

    let deleting = true;
    const deps: EraseDeps = {
      ...server.deps,
      kv: hookWritesUnder(server.deps.kv, ["accounts"], async (real) => {
        if (deleting) {
          deleting = false;
          go();
          await waitUntil("the claim committed or failed", () => claimDone);
        }
        return await real();
      }),
    };
    const erased = await eraseAccount(deps, me.openId);
    assert.equal(erased.found, true);
    assert.deepEqual(await running, { posted: 0, failed: 0 }, "not claimed");
    assert.equal(await initsAtTikTok(server, me), 0, "no job reached TikTok");
    assert.deepEqual(await entriesNaming(server, [me.openId]), []);
  } finally {
    go();
    await server.close();
  }
});
