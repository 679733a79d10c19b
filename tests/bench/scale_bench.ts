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
  status: StatusAcrossProcesses | null;
}

/**
 * Lead time before the due minute: making the jobs must fit in it. It
 * takes about as long as making the accounts did (a bit more on a loaded
 * machine), so half as much again, and a margin.
 */
function leadMs(setupSeconds: number): number {
  const fromEnv = Deno.env.get("BENCH_LEAD_S");
  if (fromEnv) return Number(fromEnv) * 1000;
  return 30_000 + 1500 * setupSeconds;
}

export async function runScaleBenches(jobs: number): Promise<ScaleResults> {
  const started = performance.now();
  const fleet = await prepareFleet(jobs, { name: "sched" });
  try {
    const setupSeconds = (performance.now() - started) / 1000;
    await fleet.start();
    const scheduled = await scheduleJobs(fleet, leadMs(setupSeconds));
    const scheduling = await measureScheduling(fleet, scheduled);
    scheduling.setupSeconds = setupSeconds;
    // BENCH_STATUS=0 leaves the status benchmark out (to iterate).
    const status = Deno.env.get("BENCH_STATUS") === "0"
      ? null
      : await runStatusAcrossProcesses(fleet, scheduling.publishIds);
    return { scheduling, status };
  } finally {
    await fleet.close();
  }
}

export function printScaleResults(r: ScaleResults): void {
  printSchedulingResults(r.scheduling);
  if (r.status) printStatusAcrossProcesses(r.status);
}

if (import.meta.main) {
  printScaleResults(
    await runScaleBenches(Number(Deno.env.get("BENCH_JOBS") ?? 10_000)),
  );
}
