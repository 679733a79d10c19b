/**
 * Ingest benchmark: a 200 MB file streamed from a local HTTP server into
 * each storage adapter through `ingestExternalUrl`, against a plain
 * fetch-to-disk copy measured in the same run, in alternating rounds.
 * Prints each row's median throughput as a ratio to that baseline and the
 * largest peak RSS growth of its rounds.
 * Targets: ratio ≥ 0.8, RSS growth ≤ 64 MB.
 */
import { ManualClock } from "../../lib/clock.ts";
import { LocalStorage } from "../../lib/storage/local_storage.ts";
import { S3Storage } from "../../lib/storage/s3_storage.ts";
import { putStreamWithLength } from "../../lib/storage/streamed_put.ts";
import { median, watchRss } from "./bench_stats.ts";
import { deriveUploadKey } from "../../lib/storage/local_upload_signature.ts";
import { ingestExternalUrl } from "../../lib/media/ingest.ts";
import { jsonLineLogger } from "../../lib/runtime/logger.ts";
import { keys } from "../../lib/kv_keys.ts";
import type { Account } from "../../lib/accounts/account_record.ts";
import type { ObjectStorage } from "../../lib/storage/object_storage.ts";
import { readFirstLine } from "../_helpers/server_process.ts";
import { TESTS_CONFIG } from "../_helpers/tests_config.ts";

const SIZE = 200 * 1000 * 1000;
const MB = 1_000_000;
const ROUNDS = 5;

export interface BenchRow {
  name: string;
  seconds: number;
  mbPerSecond: number;
  rssGrowthMb: number;
  /** Each round's peak RSS growth, in MB, when the bench prints them. */
  rssRoundsMb?: number[];
}

async function sourceServer(): Promise<
  { origin: string; host: string; close(): Promise<void> }
> {
  const head = await Deno.readFile(
    new URL("../fixtures/portrait.mp4", import.meta.url),
  );
  const chunk = new Uint8Array(256 * 1024);
  const server = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen: () => {},
  }, () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      type: "bytes",
      pull(c) {
        if (sent >= SIZE) return c.close();
        const part = sent === 0
          ? head
          : chunk.subarray(0, Math.min(chunk.length, SIZE - sent));
        sent += part.length;
        c.enqueue(part.slice());
      },
    });
    return new Response(body, {
      headers: {
        "Content-Type": "video/mp4",
        "Content-Length": String(SIZE),
        ETag: '"bench"',
      },
    });
  });
  const { port } = server.addr as Deno.NetAddr;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () => server.shutdown(),
  };
}

async function measure(
  name: string,
  run: () => Promise<number>,
): Promise<BenchRow> {
  const rss = watchRss();
  const started = performance.now();
  const bytes = await run();
  const seconds = (performance.now() - started) / 1000;
  const rssGrowthMb = rss.stop();
  if (bytes !== SIZE) {
    throw new Error(`${name} copied ${bytes} bytes, expected ${SIZE}`);
  }
  return {
    name,
    seconds,
    mbPerSecond: SIZE / MB / seconds,
    rssGrowthMb,
  };
}

export async function runIngestBench(): Promise<BenchRow[]> {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-bench-" });
  const source = await sourceServer();
  const s3dir = `${dir}/s3rver`;
  await Deno.mkdir(s3dir);
  const s3proc = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--config",
      TESTS_CONFIG,
      new URL("./s3rver_process.ts", import.meta.url).pathname,
      s3dir,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const { line, reader } = await readFirstLine(s3proc.stdout);
  const { port } = JSON.parse(line);
  const kv = await Deno.openKv(":memory:");
  try {
    const clock = new ManualClock();
    const openId = "bench-account";
    const account: Account = {
      openId,
      displayName: "Bench",
      avatarUrl: "",
      plan: "annual",
      createdAt: clock.now(),
      updatedAt: clock.now(),
      apiKeyHash: null,
      apiKeyExpiresAt: null,
      tiktok: null,
    };
    await kv.set(keys.domain(openId, source.host), {
      domain: source.host,
      openId,
      token: "t",
      createdAt: clock.now(),
      verifiedAt: clock.now(),
      lastError: null,
      lastCheckedAt: clock.now(),
    });
    const local = new LocalStorage({
      dataDir: `${dir}/local`,
      filesBaseUrl: "http://127.0.0.1:1/files",
      uploadBaseUrl: "http://127.0.0.1:1/files",
      uploadKey: await deriveUploadKey(
        "bench-secret-bench-secret-bench-secret",
      ),
    });
    const s3 = new S3Storage({
      endpoint: `http://127.0.0.1:${port}`,
      region: "us-east-1",
      bucket: "bench",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
      filesBaseUrl: `http://127.0.0.1:${port}/bench`,
    });
    const ingestInto = (storage: ObjectStorage) => async () => {
      const got = await ingestExternalUrl(
        { kv, clock, storage, allowLoopback: true, log: jsonLineLogger },
        account,
        `${source.origin}/video.mp4`,
        "video",
      );
      await storage.delete(got.record.key);
      return got.size;
    };
    const runs: [string, () => Promise<number>][] = [
      ["plain fetch → disk (baseline)", async () => {
        const res = await fetch(`${source.origin}/video.mp4`);
        const file = await Deno.open(`${dir}/baseline.bin`, {
          write: true,
          create: true,
          truncate: true,
        });
        let n = 0;
        await res.body!.pipeThrough(
          new TransformStream({
            transform(c, ctl) {
              n += c.length;
              ctl.enqueue(c);
            },
          }),
        ).pipeTo(file.writable);
        return n;
      }],
      ["ingest → local disk adapter", ingestInto(local)],
      // What s3rver takes from a bare PUT framed the same way (Content-
      // Length), with no signing, counting or checks: the S3 reference.
      ["plain fetch → s3rver PUT (reference)", async () => {
        const res = await fetch(`${source.origin}/video.mp4`);
        const put = await putStreamWithLength(
          new URL(`http://127.0.0.1:${port}/bench/ceiling.bin`),
          new Headers(),
          res.body!,
          SIZE,
        );
        if (put.status !== 200) {
          throw new Error(`s3rver PUT answered ${put.status}`);
        }
        return SIZE;
      }],
      ["ingest → S3 adapter (s3rver)", ingestInto(s3)],
    ];
    // Rounds alternate the runs, so a machine slowing down mid-bench hits
    // every row alike; each row reports its median round.
    const measured: BenchRow[][] = runs.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [name, run]] of runs.entries()) {
        measured[i].push(await measure(name, run));
      }
    }
    const rows = measured.map((all) => ({
      name: all[0].name,
      seconds: median(all.map((r) => r.seconds)),
      mbPerSecond: median(all.map((r) => r.mbPerSecond)),
      rssGrowthMb: Math.max(...all.map((r) => r.rssGrowthMb)),
    }));
    return rows;
  } finally {
    kv.close();
    await reader.cancel();
    s3proc.kill("SIGTERM");
    await s3proc.status;
    await source.close();
    await Deno.remove(dir, { recursive: true });
  }
}

export function printIngestRows(rows: BenchRow[]): void {
  const baseline = rows[0];
  const references = new Set([
    baseline,
    ...rows.filter((r) => r.name.includes("(reference)")),
  ]);
  console.log(
    `\nIngest of a 200 MB file from a local HTTP server, median of ${ROUNDS} rounds (target: ratio ≥ 0.80, RSS growth ≤ 64 MB)`,
  );
  console.log(
    "name".padEnd(34),
    "MB/s".padStart(8),
    "ratio".padStart(7),
    "RSS +MB".padStart(9),
    " verdict",
  );
  for (const r of rows) {
    const ratio = r.mbPerSecond / baseline.mbPerSecond;
    const isReference = references.has(r);
    const ok = ratio >= 0.8 && r.rssGrowthMb <= 64;
    console.log(
      r.name.padEnd(38),
      r.mbPerSecond.toFixed(1).padStart(8),
      ratio.toFixed(2).padStart(7),
      r.rssGrowthMb.toFixed(1).padStart(9),
      isReference ? " reference" : ok ? " ok" : " BELOW TARGET",
    );
  }
}

if (import.meta.main) printIngestRows(await runIngestBench());
