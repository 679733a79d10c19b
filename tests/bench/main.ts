/**
 * `deno task bench`: every benchmark, each against a baseline or target
 * measured in the same run. Options (after `--`):
 * - `--quick`: small sizes, to iterate (the figures are not the targets');
 * - `--only=posting,scale,ingest`: run only those benchmarks.
 * `BENCH_JOBS` overrides the number of scheduled jobs.
 */
import { printIngestRows, runIngestBench } from "./ingest_bench.ts";
import { printPostingResults, runPostingBench } from "./posting_bench.ts";
import { printScaleResults, runScaleBenches } from "./scale_bench.ts";

const quick = Deno.args.includes("--quick");
const only = Deno.args.find((a) => a.startsWith("--only="))?.slice(7)
  .split(",");
const wanted = (name: string) => !only || only.includes(name);

const jobs = Number(Deno.env.get("BENCH_JOBS") ?? (quick ? 500 : 10_000));

if (wanted("posting")) printPostingResults(await runPostingBench());
if (wanted("scale")) printScaleResults(await runScaleBenches(jobs));
if (wanted("ingest")) printIngestRows(await runIngestBench());
