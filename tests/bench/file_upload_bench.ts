/**
 * FILE_UPLOAD benchmark: a 500 MB video (the portrait fixture padded with
 * a `free` box, made at bench time) in the local disk adapter, sent to the
 * TikTok simulator's upload_url in TikTok's chunks by the same code as a
 * post (initVideoFile, then uploadChunks reading ranges from storage),
 * against a plain copy of the same bytes from storage to a file on the
 * same disk, in alternating rounds. One plain fetch PUT of the whole file
 * to an HTTP sink writing to disk is printed for reference (what a naive
 * streamed upload over the same loopback achieves). Prints each row's median throughput
 * as a ratio to that copy and the largest peak RSS growth of its rounds.
 * Targets: ratio ≥ 0.8, RSS growth ≤ 64 MB.
 */
import { Hono } from "hono";
import { ManualClock } from "../../lib/clock.ts";
import { LocalStorage } from "../../lib/storage/local_storage.ts";
import { deriveUploadKey } from "../../lib/storage/local_upload_signature.ts";
import { TikTokContentClient } from "../../lib/tiktok/content_client.ts";
import { chunkPlan, uploadChunks } from "../../lib/tiktok/file_upload.ts";
import { createTikTokSandbox } from "../../sandbox/tiktok/sandbox_app.tsx";
import {
  ensureSandboxUser,
  issueTokens,
} from "../../sandbox/tiktok/sandbox_store.ts";
import { sandboxKeys } from "../../sandbox/tiktok/sandbox_keys.ts";
import { paddedMp4Stream } from "../_helpers/padded_video.ts";
import { median } from "./bench_stats.ts";

const SIZE = 500 * 1024 * 1024;
const MB = 1_000_000;
const ROUNDS = 3;

export interface FileUploadRow {
  name: string;
  mbPerSecond: number;
  rssGrowthMb: number;
}

async function measure(
  name: string,
  run: () => Promise<number>,
): Promise<FileUploadRow & { seconds: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = Deno.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, Deno.memoryUsage().rss);
  }, 10);
  const started = performance.now();
  const bytes = await run();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, Deno.memoryUsage().rss);
  if (bytes !== SIZE) {
    throw new Error(`${name} moved ${bytes} bytes, expected ${SIZE}`);
  }
  return {
    name,
    seconds,
    mbPerSecond: SIZE / MB / seconds,
    rssGrowthMb: (peak - base) / 1024 / 1024,
  };
}

export async function runFileUploadBench(): Promise<FileUploadRow[]> {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-bench-file-upload-" });
  const kv = await Deno.openKv(":memory:");
  const clock = new ManualClock();
  const app = new Hono({ strict: false });
  app.route(
    "/_sandbox/tiktok",
    createTikTokSandbox({
      kv,
      clock,
      clientKey: "bench",
      clientSecret: "bench",
      redirectUris: [],
      verifiedUrlPrefixes: [],
    }),
  );
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    app.fetch,
  );
  // The reference: one plain fetch PUT of the whole file over the same
  // loopback, written to disk as the simulator writes its chunks.
  const sinkServer = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (req) => {
      const file = await Deno.open(`${dir}/sink.bin`, {
        write: true,
        create: true,
        truncate: true,
      });
      let n = 0;
      await req.body!.pipeThrough(
        new TransformStream({
          transform(c, ctl) {
            n += c.length;
            ctl.enqueue(c);
          },
        }),
      ).pipeTo(file.writable);
      return new Response(String(n));
    },
  );
  const sink = {
    url: `http://127.0.0.1:${(sinkServer.addr as Deno.NetAddr).port}/`,
  };
  const api = `http://127.0.0.1:${
    (server.addr as Deno.NetAddr).port
  }/_sandbox/tiktok`;
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
    const user = await ensureSandboxUser(kv, clock, "bench_uploader");
    const content = new TikTokContentClient(api);
    const runs: [string, () => Promise<number>][] = [
      ["storage → disk copy (baseline)", async () => {
        const got = await storage.get(key);
        const file = await Deno.open(`${dir}/copy.bin`, {
          write: true,
          create: true,
          truncate: true,
        });
        let n = 0;
        await got!.body.pipeThrough(
          new TransformStream({
            transform(c, ctl) {
              n += c.length;
              ctl.enqueue(c);
            },
          }),
        ).pipeTo(file.writable);
        return n;
      }],
      ["plain fetch PUT → HTTP sink (reference)", async () => {
        const got = await storage.get(key);
        const res = await fetch(sink.url, { method: "PUT", body: got!.body });
        return Number(await res.text());
      }],
      ["FILE_UPLOAD → simulator (16 MB chunks)", async () => {
        // A new minute and token: TikTok allows 6 inits a minute.
        clock.advance(61_000);
        const { access_token } = await issueTokens(kv, clock, {
          openId: user.openId,
          clientKey: "bench",
          scope: "video.publish",
        });
        const plan = chunkPlan(SIZE);
        const { publishId, uploadUrl } = await content.initVideoFile(
          access_token,
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
        let held = 0;
        await uploadChunks({
          uploadUrl,
          plan,
          contentType: "video/mp4",
          read: async (start, end) =>
            (await storage.get(key, { start, end }))!.body,
          onProgress: (n) => held = n,
        });
        const publish = (await kv.get(sandboxKeys.publish(publishId))).value as
          | { upload?: { received: number; file: string } }
          | null;
        if (publish?.upload?.received !== SIZE) {
          throw new Error("the simulator does not hold the whole file");
        }
        await Deno.remove(publish.upload.file);
        return held;
      }],
    ];
    const measured = runs.map(() => [] as FileUploadRow[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [name, run]] of runs.entries()) {
        measured[i].push(await measure(name, run));
      }
    }
    return measured.map((all) => ({
      name: all[0].name,
      mbPerSecond: median(all.map((r) => r.mbPerSecond)),
      rssGrowthMb: Math.max(...all.map((r) => r.rssGrowthMb)),
    }));
  } finally {
    await server.shutdown();
    await sinkServer.shutdown();
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
}

export function printFileUploadRows(rows: FileUploadRow[]): void {
  const [baseline, ...others] = rows;
  console.log(
    `\nFILE_UPLOAD of a 500 MB video to the TikTok simulator, median of ${ROUNDS} rounds (target: ratio ≥ 0.80, RSS growth ≤ 64 MB)`,
  );
  console.log(
    "name".padEnd(40),
    "MB/s".padStart(8),
    "ratio".padStart(7),
    "RSS +MB".padStart(9),
    " verdict",
  );
  for (const r of [baseline, ...others]) {
    const ratio = r.mbPerSecond / baseline.mbPerSecond;
    const ok = ratio >= 0.8 && r.rssGrowthMb <= 64;
    console.log(
      r.name.padEnd(40),
      r.mbPerSecond.toFixed(1).padStart(8),
      ratio.toFixed(2).padStart(7),
      r.rssGrowthMb.toFixed(1).padStart(9),
      r === baseline
        ? " baseline"
        : r.name.includes("(reference)")
        ? " reference"
        : ok
        ? " ok"
        : " BELOW TARGET",
    );
  }
}

/** Runs and prints the benchmark (one line in main.ts). */
export async function benchFileUpload(): Promise<void> {
  printFileUploadRows(await runFileUploadBench());
}

if (import.meta.main) await benchFileUpload();
