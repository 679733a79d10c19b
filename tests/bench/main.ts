/** `deno task bench`: every benchmark, each against a baseline measured in the same run. */
import { printIngestRows, runIngestBench } from "./ingest_bench.ts";
import { printPostingResults, runPostingBench } from "./posting_bench.ts";
import { printUploadRows, runUploadBench } from "./upload_bench.ts";
import {
  printSchedulingResults,
  runSchedulingBench,
} from "./scheduling_bench.ts";

printPostingResults(await runPostingBench());
printSchedulingResults(await runSchedulingBench());
printIngestRows(await runIngestBench());
printUploadRows(await runUploadBench());
await (await import("./file_upload_bench.ts")).benchFileUpload();
