/**
 * Scheduling at scale: one job for each of N sandbox accounts (10,000 in
 * the full run), all due within the same minute, run by two real server
 * processes on one KV file (tests/bench/process_fleet.ts). The jobs are
 * made by the real `createJob` (with its queue messages, as the API would)
 * from a third process on the same file once both servers run; then their
 * crons and queue listeners race for the jobs as in production.
 *
 * Lateness is what the TikTok simulator recorded: the time it accepted the
 * publish minus the job's run_at. Targets: every job posted exactly once
 * (job `posted`, one publish accepted per account), p99 lateness ≤ 5 s, and
 * no 5xx answer from either process.
 */
import { createJob } from "../../lib/jobs/jobs.ts";
import { getTyped, keys } from "../../lib/kv_keys.ts";
import type { JobRecord } from "../../lib/jobs/job_record.ts";
import { sandboxKeys } from "../../sandbox/tiktok/sandbox_keys.ts";
import type { SandboxPublish } from "../../sandbox/tiktok/sandbox_records.ts";
import { percentile } from "./bench_stats.ts";
import { cpuSeconds, inParallel } from "./process_fleet.ts";
import { plainVideoInput } from "../_helpers/posting_setup.ts";
import type { Fleet, FleetLogCounts } from "./process_fleet.ts";

export const LATENESS_TARGET_P99_S = 5;
/**
 * Jobs are due evenly over one minute (`BENCH_SPREAD_S` changes it: fewer
 * jobs over fewer seconds keep the same rate for a quicker run).
 */
const DUE_SPREAD_MS = Number(Deno.env.get("BENCH_SPREAD_S") ?? 60) * 1000;
/** The jobs are all made this long before the first is due, at least. */
const START_MARGIN_MS = 10_000;
/** Once the last job is due, how long the runners get to finish. */
const FINISH_MS = 180_000;

export interface ScheduledJobs {
  ids: string[];
  dueStart: number;
  setupSeconds: number;
}

/**
 * Creates one job per fleet account, all due within one minute that starts
 * `leadMs` from now (rounded up to a minute boundary, as jobs land on
 * cron ticks in real life too).
 */
export async function scheduleJobs(
  fleet: Fleet,
  leadMs: number,
): Promise<ScheduledJobs> {
  const started = performance.now();
  const dueStart = Math.ceil((Date.now() + leadMs) / 60_000) * 60_000;
  const n = fleet.accounts.length;
  const ids = await inParallel(n, 8, async (i) => {
    const { account, videoUrl } = fleet.accounts[i];
    const { job } = await createJob(
      fleet.setup,
      account,
      plainVideoInput(videoUrl, `scheduled ${i}`),
      dueStart + Math.floor((i / n) * DUE_SPREAD_MS),
    );
    return job.id;
  });
  if (Date.now() > dueStart - START_MARGIN_MS) {
    throw new Error(
      `creating ${n} jobs took too long for the lead of ${
        leadMs / 1000
      } s: raise BENCH_LEAD_S`,
    );
  }
  return { ids, dueStart, setupSeconds: (performance.now() - started) / 1000 };
}

export interface SchedulingResult {
  jobs: number;
  postedOnce: number;
  /** Jobs not posted, by state and error code. */
  notPosted: Record<string, number>;
  /** Accounts TikTok accepted more than one publish for. */
  doublePosts: number;
  /** Publish time at TikTok minus run_at, ascending (ms). */
  lateness: number[];
  /** The same by 10-second slice of run_at, each ascending. */
  latenessBy: number[][];
  logs: FleetLogCounts;
  /** The publish of each posted job, by account (for the status bench). */
  publishIds: Map<string, string>;
  setupSeconds: number;
  jobsSeconds: number;
  /** CPU both processes used from the first run_at until the jobs settled. */
  cpuSeconds: number;
  /** CPU the TikTok simulator's process used meanwhile. */
  simulatorCpuSeconds: number;
  /** From the first run_at until every job settled. */
  wallSeconds: number;
}

/** Waits for every job to settle, then reads what TikTok recorded. */
export async function measureScheduling(
  fleet: Fleet,
  scheduled: ScheduledJobs,
): Promise<SchedulingResult> {
  const kv = await fleet.openKv();
  const tiktok = await fleet.openSimulatorKv();
  const cpuBefore = await fleet.cpu();
  const simulatorCpuBefore = await cpuSeconds(fleet.simulator.pid);
  try {
    const deadline = scheduled.dueStart + DUE_SPREAD_MS + FINISH_MS;
    let open = [...scheduled.ids];
    const jobs = new Map<string, JobRecord>();
    while (open.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5_000));
      const still: string[] = [];
      for (let i = 0; i < open.length; i += 10) {
        const batch = open.slice(i, i + 10);
        const entries = await kv.getMany<JobRecord[]>(
          batch.map((id) => keys.job(id)),
        );
        entries.forEach((e, k) => {
          const job = e.value;
          if (job && (job.state === "posted" || job.state === "failed")) {
            jobs.set(batch[k], job);
          } else still.push(batch[k]);
        });
      }
      open = still;
    }
    const cpuUsed = (await fleet.cpu()) - cpuBefore;
    const simulatorCpu = (await cpuSeconds(fleet.simulator.pid)) -
      simulatorCpuBefore;
    const settledAt = Date.now();
    // The processes follow each publish until TikTok has it: let them
    // finish, so the status benchmark that follows measures status alone.
    const followEnd = Date.now() + FINISH_MS;
    while (Date.now() < followEnd) {
      const iter = kv.list({ prefix: keys.postFollowPrefix() }, { limit: 1 });
      if ((await iter.next()).done) break;
      await new Promise((r) => setTimeout(r, 5_000));
    }
    const notPosted: Record<string, number> = {};
    if (open.length) notPosted["not settled"] = open.length;
    const lateness: number[] = [];
    /** Lateness by 10-second slice of run_at (BENCH_VERBOSE). */
    const latenessBy: number[][] = [];
    const publishIds = new Map<string, string>();
    let postedOnce = 0;
    let doublePosts = 0;
    for (const job of jobs.values()) {
      const inits = Number(
        (await getTyped(tiktok, sandboxKeys.initCount(job.openId))).value
          ?.value ??
          0n,
      );
      if (inits > 1) doublePosts++;
      if (job.state !== "posted" || !job.publishId) {
        const why = `${job.state} ${job.error?.code ?? ""}`.trim();
        notPosted[why] = (notPosted[why] ?? 0) + 1;
        continue;
      }
      if (inits === 1) postedOnce++;
      publishIds.set(job.openId, job.publishId);
      const publish = (await tiktok.get<SandboxPublish>(
        sandboxKeys.publish(job.publishId),
      )).value;
      if (publish) {
        lateness.push(publish.createdAt - job.runAt);
        const tenth = Math.floor((job.runAt - scheduled.dueStart) / 10_000);
        (latenessBy[tenth] ??= []).push(publish.createdAt - job.runAt);
      }
    }
    lateness.sort((a, b) => a - b);
    for (const slice of latenessBy) slice?.sort((a, b) => a - b);
    return {
      jobs: scheduled.ids.length,
      postedOnce,
      notPosted,
      doublePosts,
      lateness,
      latenessBy,
      logs: {
        ...fleet.logs,
        samples: [...fleet.logs.samples],
        times: new Map(fleet.logs.times),
      },
      publishIds,
      setupSeconds: 0,
      jobsSeconds: scheduled.setupSeconds,
      cpuSeconds: cpuUsed,
      simulatorCpuSeconds: simulatorCpu,
      wallSeconds: (settledAt - scheduled.dueStart) / 1000,
    };
  } finally {
    kv.close();
    tiktok.close();
  }
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");

export function printSchedulingResults(r: SchedulingResult): void {
  const p99 = percentile(r.lateness, 0.99);
  const allOnce = r.postedOnce === r.jobs && r.doublePosts === 0;
  console.log(
    `\nScheduling at scale: ${r.jobs} jobs for ${r.jobs} accounts due within ${
      DUE_SPREAD_MS / 1000
    } s, two processes on one KV file`,
  );
  console.log(
    `  lateness at TikTok (publish accepted − run_at): p50 ${
      s(percentile(r.lateness, 0.5))
    } s   p99 ${s(p99)} s   max ${
      s(r.lateness.at(-1) ?? NaN)
    } s   (target p99 ≤ ${LATENESS_TARGET_P99_S} s) ${
      verdict(p99 <= LATENESS_TARGET_P99_S * 1000)
    }`,
  );
  console.log(
    `  posted exactly once: ${r.postedOnce} of ${r.jobs}; accounts posted twice: ${r.doublePosts} ${
      verdict(allOnce)
    }`,
  );
  if (Object.keys(r.notPosted).length) {
    console.log(`  not posted: ${JSON.stringify(r.notPosted)}`);
  }
  console.log(
    `  5xx answers: ${r.logs.serverErrors} of ${r.logs.requests} requests logged ${
      verdict(r.logs.serverErrors === 0)
    }; error/warn log lines: ${r.logs.problems}`,
  );
  for (const line of r.logs.samples) console.log(`    ${line}`);
  console.log(
    `  all settled ${
      r.wallSeconds.toFixed(1)
    } s after the first run_at; the processes used ${
      r.cpuSeconds.toFixed(1)
    } CPU s (${
      (r.cpuSeconds * 1000 / r.jobs).toFixed(1)
    } ms a job, posts followed until then included), the TikTok simulator ${
      r.simulatorCpuSeconds.toFixed(1)
    } CPU s`,
  );
  if (Deno.env.get("BENCH_VERBOSE")) {
    console.log(
      `    p50/p99 lateness by 10 s of run_at: ${
        r.latenessBy.map((l) =>
          l?.length ? `${s(percentile(l, 0.5))}/${s(percentile(l, 0.99))}` : "-"
        ).join("  ")
      }`,
    );
    for (const [route, ms] of r.logs.times) {
      ms.sort((a, b) => a - b);
      console.log(
        `    ${route}: ${ms.length} answers, p50 ${
          percentile(ms, 0.5)
        } ms, p99 ${percentile(ms, 0.99)} ms`,
      );
    }
  }
  console.log(
    `  (setup: accounts and uploads ${r.setupSeconds.toFixed(1)} s, jobs ${
      r.jobsSeconds.toFixed(1)
    } s; not measured)`,
  );
}
