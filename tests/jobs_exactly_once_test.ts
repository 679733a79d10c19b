/**
 * Exactly-once under faults: two real server processes on one KV file, both
 * running the crons and the queue, jobs due within seconds; one process is
 * killed with SIGKILL while they are due and started again. Every job posts
 * once at most (the sandbox counts accepted publishes per user), and every
 * job that was not interrupted mid-post posted exactly once.
 */
import assert from "node:assert/strict";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";
import { fixture } from "./_helpers/api_client.ts";
import { waitUntil } from "./_helpers/wait_until.ts";
import {
  startServerProcess,
  stopServerProcess,
} from "./_helpers/server_process.ts";
import { pairAccount, withProcessPair } from "./_helpers/process_pair.ts";
import type { PairAccount } from "./_helpers/process_pair.ts";

/**
 * The timeline, from when the jobs are created: the first job is due after
 * LEAD_MS, the next ones every SPACING_MS; process A is killed once two
 * jobs are due and stays down while the next two fall due.
 */
const LEAD_MS = 2_000;
const SPACING_MS = 400;
const KILL_AT_MS = LEAD_MS + 1.5 * SPACING_MS;
const DOWN_FOR_MS = 1.5 * SPACING_MS;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const queues of ["on", "off"] as const) {
  Deno.test(`jobs run exactly once across two processes and a SIGKILL while they are due (queues ${queues})`, async () => {
    await withProcessPair("pm3k-once-", queues, async (pair) => {
      const { env, portA, kv, procs } = pair;
      const video = await fixture("portrait.mp4");
      const accounts: PairAccount[] = [];
      for (let i = 0; i < 6; i++) {
        accounts.push(await pairAccount(pair, `once_${i}`, video, procs[0]));
      }
      const jobs: { jobId: string; openId: string }[] = [];
      const start = Date.now();
      for (const [i, { openId, auth, source }] of accounts.entries()) {
        // Due within seconds, spread out.
        const runAt = new Date(start + LEAD_MS + i * SPACING_MS).toISOString();
        const job = await (await fetch(`${procs[0].url}/api/jobs`, {
          method: "POST",
          headers: auth,
          body: JSON.stringify({
            kind: "tiktok",
            run_at: runAt,
            source_url: source,
            title: `once ${i}`,
          }),
        })).json();
        assert.equal(job.ok, true, JSON.stringify(job));
        jobs.push({ jobId: job.job_id, openId });
      }
      // Kill A while jobs are due, then bring it back. Not mid-post: a job
      // whose post dies with its process keeps its claim (jobLeaseMs,
      // about 8 min) before it is marked interrupted, longer than this test
      // waits, so the kill comes right after a look that finds none.
      await sleep(Math.max(0, start + KILL_AT_MS - Date.now()));
      await waitUntil("no job being posted", async () => {
        for (const j of jobs) {
          const job = (await getTyped(kv, keys.job(j.jobId))).value;
          if (job?.state === "publishing") return false;
        }
        return true;
      });
      await stopServerProcess(procs.shift()!, "SIGKILL");
      await sleep(DOWN_FOR_MS);
      procs.push(await startServerProcess(portA, env));

      // Wait for every job to reach a final state (queues redeliver, ticks sweep).
      const deadline = Date.now() + 150_000;
      let states: string[] = [];
      while (Date.now() < deadline) {
        states = [];
        for (const j of jobs) {
          states.push(
            (await getTyped(kv, keys.job(j.jobId))).value?.state ?? "missing",
          );
        }
        if (states.every((s) => s === "posted" || s === "failed")) break;
        await sleep(100);
      }
      assert.ok(
        states.every((s) => s === "posted" || s === "failed"),
        `final states: ${states}`,
      );
      for (const [i, j] of jobs.entries()) {
        const job = (await getTyped(kv, keys.job(j.jobId))).value!;
        const started = Number(
          (await getTyped(kv, sandboxKeys.initCount(j.openId))).value?.value ??
            0n,
        );
        assert.ok(started <= 1, `job ${i} posted ${started} times`);
        if (job.state === "posted") {
          assert.equal(started, 1, `job ${i} posted once`);
        } else {assert.equal(
            job.error?.code,
            "interrupted",
            `job ${i}: ${JSON.stringify(job.error)}`,
          );}
      }
      assert.ok(
        states.filter((s) => s === "posted").length >= 4,
        `most jobs posted: ${states}`,
      );
    });
  });
}
