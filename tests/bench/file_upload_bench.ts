/**
 * FILE_UPLOAD benchmark: a 500 MB video (the portrait fixture padded with
 * a `free` box, made at bench time and deleted after) in the local disk
 * adapter, sent to the TikTok simulator's upload_url in TikTok's chunks by
 * the same code as a post (initVideoFile, then uploadChunks reading ranges
 * from storage). The simulator runs in its own process
 * (tiktok_simulator_process.ts), as TikTok is another machine: this process
 * is PM3K's side only. In the same run, in alternating rounds, two plain
 * copies of the same bytes from storage: one streamed PUT of the whole
 * file (node:http, as the chunks go) to a sink in the simulator's process
 * that writes it to disk (the baseline of the target: the same bytes to
 * the same receiver by the simplest upload), and a copy to a file on the same disk in this process
 * (for reference: no HTTP, no second process). Prints each row's median
 * MB/s, the median of its per-round ratios to each copy, the largest peak
 * RSS growth of this process, and the CPU seconds of both processes.
 * Targets: ratio to the plain PUT ≥ 0.8, RSS growth ≤ 64 MB.
 */
import http from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { LocalStorage } from "../../lib/storage/local_storage.ts";
import { deriveUploadKey } from "../../lib/storage/local_upload_signature.ts";
import { TikTokContentClient } from "../../lib/tiktok/content_client.ts";
import { chunkPlan, uploadChunks } from "../../lib/tiktok/file_upload.ts";
import { paddedMp4Stream } from "../_helpers/padded_video.ts";
import { median, watchRss } from "./bench_stats.ts";
import { cpuSeconds } from "./process_fleet.ts";
import { startSimulator } from "./tiktok_simulator.ts";

const SIZE = 500 * 1024 * 1024;
const MB = 1_000_000;
const ROUNDS = Number(Deno.env.get("BENCH_FILE_UPLOAD_ROUNDS") ?? 3);
const TARGET_RATIO = 0.8;
const TARGET_RSS_MB = 64;

export interface FileUploadRow {
  name: string;
  /** Median over the rounds. */
  mbPerSecond: number;
  /** Median of the per-round ratios to the plain PUT (the target's). */
  ratioToPut: number;
  /** Median of the per-round ratios to the disk copy. */
  ratioToCopy: number;
  /** Largest peak RSS growth of this (the uploading) process. */
  rssGrowthMb: number;
  /** Median CPU seconds of this process and of the simulator's. */
  uploaderCpu: number;
  simulatorCpu: number;
  /** Every round's MB/s, to show the spread. */
  rounds: number[];
}

interface Measured {
  mbPerSecond: number;
  rssGrowthMb: number;
  uploaderCpu: number;
  simulatorCpu: number;
}

async function measure(
  simulatorPid: number,
  run: () => Promise<number>,
): Promise<Measured> {
  const rss = watchRss();
  const cpuBefore = [await cpuSeconds("self"), await cpuSeconds(simulatorPid)];
  const started = performance.now();
  const bytes = await run();
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = [await cpuSeconds("self"), await cpuSeconds(simulatorPid)];
  const rssGrowthMb = rss.stop();
  if (bytes !== SIZE) throw new Error(`moved ${bytes} bytes, not ${SIZE}`);
  return {
    mbPerSecond: SIZE / MB / seconds,
    rssGrowthMb,
    uploaderCpu: cpuAfter[0] - cpuBefore[0],
    simulatorCpu: cpuAfter[1] - cpuBefore[1],
  };
}

/**
 * One PUT of a whole stream through node:http with its Content-Length
 * (fetch would send a streamed body chunked, and Deno's fetch does that
 * at a few MB/s across processes); the bytes the sink wrote.
 */
function plainPut(
  url: string,
  body: ReadableStream<Uint8Array>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: "PUT",
      agent: false,
      headers: { "Content-Length": String(SIZE) },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      let text = "";
      res.on("data", (piece) => text += piece);
      res.on("error", reject);
      res.on("end", () => resolve(Number(JSON.parse(text).written)));
    });
    Readable.fromWeb(body as NodeReadableStream<Uint8Array>).pipe(req);
  });
}

/** Counts the bytes going through a stream. */
function counted(
  stream: ReadableStream<Uint8Array>,
  onBytes: (n: number) => void,
): ReadableStream<Uint8Array> {
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(piece, controller) {
        onBytes(piece.length);
        controller.enqueue(piece);
      },
    }),
  );
}

export async function runFileUploadBench(): Promise<FileUploadRow[]> {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-bench-file-upload-" });
  await Deno.mkdir(`${dir}/simulator`);
  const simulator = await startSimulator(`${dir}/simulator`);
  const api = `${simulator.url}/_sandbox/tiktok`;
  try {
    const storage = new LocalStorage({
      dataDir: `${dir}/local`,
      filesBaseUrl: "http://127.0.0.1:1/files",
      uploadBaseUrl: "http://127.0.0.1:1/files",
      uploadKey: await deriveUploadKey(
        "bench-secret-bench-secret-bench-secret",
      ),
    });
    const key = "uploads/bench/video.mp4";
    await storage.put(key, await paddedMp4Stream(SIZE), {
      contentType: "video/mp4",
      contentLength: SIZE,
    });
    const content = new TikTokContentClient(api);
    // The work of each row, and what it leaves to clean up untimed.
    const runs: {
      name: string;
      run: () => Promise<number>;
      after: () => Promise<void>;
    }[] = [
      {
        name: "plain PUT → sink process (baseline)",
        run: async () => {
          const got = await storage.get(key);
          return await plainPut(`${simulator.url}/sink`, got!.body);
        },
        after: async () => {
          await simulator.post("/bench/clean");
        },
      },
      {
        name: "storage → disk copy (reference)",
        run: async () => {
          const got = await storage.get(key);
          const file = await Deno.open(`${dir}/copy.bin`, {
            write: true,
            create: true,
            truncate: true,
          });
          let n = 0;
          await counted(got!.body, (k) => n += k).pipeTo(file.writable);
          return n;
        },
        after: () => Deno.remove(`${dir}/copy.bin`),
      },
      (() => {
        let publishId = "";
        return {
          name: "FILE_UPLOAD → simulator process (16 MB chunks)",
          run: async () => {
            // A fresh user and token per round: no per-token rate limit.
            const { access_token } = await simulator.post("/bench/token");
            const plan = chunkPlan(SIZE);
            const init = await content.initVideoFile(
              String(access_token),
              {
                title: "bench",
                privacy_level: "SELF_ONLY",
                disable_comment: false,
                disable_duet: false,
                disable_stitch: false,
                brand_content_toggle: false,
                brand_organic_toggle: false,
              },
              plan,
            );
            publishId = init.publishId;
            let held = 0;
            await uploadChunks({
              uploadUrl: init.uploadUrl,
              // The simulator's process is on this machine's loopback.
              allowLoopback: true,
              plan,
              contentType: "video/mp4",
              read: async (start, end) =>
                (await storage.get(key, { start, end }))!.body,
              onProgress: (n) => held = n,
            });
            return held;
          },
          after: async () => {
            const { received } = await simulator.post(
              `/bench/uploaded?publish_id=${encodeURIComponent(publishId)}`,
            );
            if (received !== SIZE) {
              throw new Error(`the simulator holds ${received} bytes`);
            }
          },
        };
      })(),
    ];
    const measured = runs.map(() => [] as Measured[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, row] of runs.entries()) {
        measured[i].push(await measure(simulator.pid, row.run));
        await row.after();
      }
    }
    const [put, copy] = measured;
    return runs.map(({ name }, i) => {
      const all = measured[i];
      const ratio = (to: Measured[]) =>
        median(all.map((m, r) => m.mbPerSecond / to[r].mbPerSecond));
      return {
        name,
        mbPerSecond: median(all.map((m) => m.mbPerSecond)),
        ratioToPut: ratio(put),
        ratioToCopy: ratio(copy),
        rssGrowthMb: Math.max(...all.map((m) => m.rssGrowthMb)),
        uploaderCpu: median(all.map((m) => m.uploaderCpu)),
        simulatorCpu: median(all.map((m) => m.simulatorCpu)),
        rounds: all.map((m) => m.mbPerSecond),
      };
    });
  } finally {
    await simulator.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

export function printFileUploadRows(rows: FileUploadRow[]): void {
  console.log(
    `\nFILE_UPLOAD of a 500 MB video to the TikTok simulator in its own process, median of ${ROUNDS} rounds (target: ratio to the plain PUT ≥ ${
      TARGET_RATIO.toFixed(2)
    }, RSS growth ≤ ${TARGET_RSS_MB} MB)`,
  );
  console.log(
    "name".padEnd(48),
    "MB/s".padStart(7),
    "÷PUT".padStart(6),
    "÷copy".padStart(6),
    "RSS +MB".padStart(8),
    "CPU s".padStart(6),
    "sim s".padStart(6),
    " verdict   rounds MB/s",
  );
  for (const r of rows) {
    const ok = r.ratioToPut >= TARGET_RATIO && r.rssGrowthMb <= TARGET_RSS_MB;
    console.log(
      r.name.padEnd(48),
      r.mbPerSecond.toFixed(1).padStart(7),
      r.ratioToPut.toFixed(2).padStart(6),
      r.ratioToCopy.toFixed(2).padStart(6),
      r.rssGrowthMb.toFixed(1).padStart(8),
      r.uploaderCpu.toFixed(1).padStart(6),
      r.simulatorCpu.toFixed(1).padStart(6),
      (r.name.includes("(baseline)")
        ? " baseline "
        : r.name.includes("(reference)")
        ? " reference"
        : ok
        ? " ok       "
        : " BELOW    ").padEnd(10),
      r.rounds.map((x) => x.toFixed(0)).join(" "),
    );
  }
}

/** Runs and prints the benchmark (one line in main.ts). */
export async function benchFileUpload(): Promise<void> {
  printFileUploadRows(await runFileUploadBench());
}

if (import.meta.main) await benchFileUpload();
