/**
 * PATCH /api/jobs/{id} across two real server processes on one KV file,
 * both running the crons and the queue: a job moved later by process B
 * while A's queue message (or a cron tick waiting inside its minute) holds
 * the old time is not posted then, and is posted once at its new time; a
 * job moved earlier is posted once at its new time; a PATCH once the job is
 * due answers 409 and the job posts once at its time.
 */
import assert from "node:assert/strict";
import { getTyped, keys } from "../lib/kv_keys.ts";
import { sandboxKeys } from "../sandbox/tiktok/sandbox_keys.ts";
import { fixture } from "./_helpers/api_client.ts";
import type { ServerProcess } from "./_helpers/server_process.ts";
import { pairAccount, withProcessPair } from "./_helpers/process_pair.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("jobs moved through one process run once at their new time in either process", async () => {
  await withProcessPair("pm3k-patch-procs-", "on", async (pair) => {
    const { kv, procs } = pair;
    const [a, b] = procs;
    const video = await fixture("portrait.mp4");
    const accounts = [];
    for (const name of ["later", "earlier", "too_late"]) {
      accounts.push(await pairAccount(pair, `patch_${name}`, video, a));
    }
    const call = async (
      p: ServerProcess,
      auth: Record<string, string>,
      method: string,
      path: string,
      body: unknown,
    ) => {
      const res = await fetch(`${p.url}${path}`, {
        method,
        headers: auth,
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const start = Date.now();
    const iso = (t: number) => new Date(t).toISOString();
    const plan = [
      { first: start + 4_000, moved: start + 8_000 },
      { first: start + 9_000, moved: start + 5_000 },
      { first: start + 3_500, moved: start + 12_000 },
    ];
    const jobIds: string[] = [];
    for (const [i, acc] of accounts.entries()) {
      const job = await call(a, acc.auth, "POST", "/api/jobs", {
        kind: "tiktok",
        run_at: iso(plan[i].first),
        source_url: acc.source,
        title: `moved ${i}`,
      });
      assert.equal(job.status, 200, JSON.stringify(job.body));
      jobIds.push(String(job.body.job_id));
    }
    // Through B, while A holds the queue messages of the first times.
    for (const i of [0, 1]) {
      const r = await call(
        b,
        accounts[i].auth,
        "PATCH",
        `/api/jobs/${jobIds[i]}`,
        {
          run_at: iso(plan[i].moved),
        },
      );
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    // The third is due: B refuses to move it.
    await sleep(Math.max(0, plan[2].first - Date.now()));
    const late = await call(
      b,
      accounts[2].auth,
      "PATCH",
      `/api/jobs/${jobIds[2]}`,
      {
        run_at: iso(plan[2].moved),
      },
    );
    assert.equal(late.status, 409, JSON.stringify(late.body));

    const deadline = Date.now() + 30_000;
    const final = async () => {
      const out = [];
      for (const id of jobIds) {
        out.push((await getTyped(kv, keys.job(id))).value!);
      }
      return out;
    };
    let jobs = await final();
    while (
      Date.now() < deadline && jobs.some((j) => j.state !== "posted")
    ) {
      await sleep(100);
      jobs = await final();
    }
    const expected = [plan[0].moved, plan[1].moved, plan[2].first];
    for (const [i, job] of jobs.entries()) {
      assert.equal(job.state, "posted", `job ${i}: ${JSON.stringify(job)}`);
      assert.equal(job.runAt, expected[i], `job ${i}'s run time`);
      assert.ok(
        job.postedAt! >= expected[i] - 1_000,
        `job ${i} posted ${job.postedAt! - expected[i]} ms from its time`,
      );
      const inits: number = Number(
        (await getTyped(kv, sandboxKeys.initCount(accounts[i].openId))).value
          ?.value ?? 0n,
      );
      assert.equal(inits, 1, `job ${i} posted once`);
    }
  });
});
