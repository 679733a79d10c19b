/**
 * The two benchmarks that need two server processes on one KV file, run on
 * one fleet: scheduling at scale, then `/status` across processes (asking
 * about the publishes the jobs made).
 */
import { prepareFleet } from "./process_fleet.ts";
import {
  measureScheduling,
  printSchedulingResults,
  scheduleJobs,
} from "./scheduling_bench.ts";
import type { SchedulingResult } from "./scheduling_bench.ts";
import {
  printStatusAcrossProcesses,
  runStatusAcrossProcesses,
} from "./status_processes_bench.ts";
import type { StatusAcrossProcesses } from "./status_processes_bench.ts";

export interface ScaleResults {
  scheduling: SchedulingResult;
  status: StatusAcrossProcesses;
}

/** Lead time before the due minute: creating the jobs must fit in it. */
function leadMs(jobs: number): number {
  const fromEnv = Deno.env.get("BENCH_LEAD_S");
  if (fromEnv) return Number(fromEnv) * 1000;
  // About 12 ms a job on 2 busy cores, twice that for safety, plus the
  // processes' start.
  return 40_000 + jobs * 24;
}

export async function runScaleBenches(jobs: number): Promise<ScaleResults> {
  const started = performance.now();
  const fleet = await prepareFleet(jobs, { name: "sched" });
  try {
    const setupSeconds = (performance.now() - started) / 1000;
    const scheduled = await scheduleJobs(fleet, leadMs(jobs));
    await fleet.start();
    const scheduling = await measureScheduling(fleet, scheduled);
    scheduling.setupSeconds = setupSeconds;
    const status = await runStatusAcrossProcesses(
      fleet,
      scheduling.publishIds,
    );
    return { scheduling, status };
  } finally {
    await fleet.close();
  }
}

export function printScaleResults(r: ScaleResults): void {
  printSchedulingResults(r.scheduling);
  printStatusAcrossProcesses(r.status);
}

if (import.meta.main) {
  printScaleResults(
    await runScaleBenches(Number(Deno.env.get("BENCH_JOBS") ?? 10_000)),
  );
}
