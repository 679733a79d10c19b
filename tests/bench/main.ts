/**
 * `deno task bench`: every benchmark, each against a baseline or target
 * measured in the same run. Options (after `--`):
 * - `--quick`: small sizes, to iterate (the figures are not the targets');
 * - `--only=posting,scale,ingest,upload,growth,file_upload`: run only those.
 * `BENCH_JOBS` overrides the number of scheduled jobs; `BENCH_ACCOUNTS` and
 * `BENCH_DAYS` the growth simulation's size.
 */
import { printIngestRows, runIngestBench } from "./ingest_bench.ts";
import { printPostingResults, runPostingBench } from "./posting_bench.ts";
import { printScaleResults, runScaleBenches } from "./scale_bench.ts";
import { printGrowthResults, runGrowthBench } from "./growth_bench.ts";
import { printUploadRows, runUploadBench } from "./upload_bench.ts";

const quick = Deno.args.includes("--quick");
const only = Deno.args.find((a) => a.startsWith("--only="))?.slice(7)
  .split(",");
const wanted = (name: string) => !only || only.includes(name);

const size = (name: string, full: number, small: number) =>
  Number(Deno.env.get(name) ?? (quick ? small : full));
const jobs = size("BENCH_JOBS", 10_000, 500);
const growth = {
  accounts: size("BENCH_ACCOUNTS", 1_000, 40),
  days: size("BENCH_DAYS", 30, 10),
};

if (wanted("posting")) printPostingResults(await runPostingBench());
if (wanted("scale")) printScaleResults(await runScaleBenches(jobs));
if (wanted("ingest")) printIngestRows(await runIngestBench());
if (wanted("upload")) printUploadRows(await runUploadBench());
if (wanted("growth")) printGrowthResults(await runGrowthBench(growth));
if (wanted("file_upload")) {
  await (await import("./file_upload_bench.ts")).benchFileUpload();
}
