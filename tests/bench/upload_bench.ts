/**
 * Upload benchmark: a 190 MB video sent to a PM3K test server (local-disk
 * adapter) in one request, as a raw body and as a multipart form, both
 * chunked, against a presigned upload (PUT to the signed URL, then
 * complete) measured in the same run, in alternating rounds after one
 * warm-up round. Prints each row's median throughput as a ratio to that
 * baseline and the largest peak RSS growth of its rounds, then each
 * round's (client and server share the process, as with the baseline).
 * Targets: ratio ≥ 0.8, RSS growth ≤ the baseline's + 16 MB: memory stays
 * as flat as for presigned uploads, whose bytes PM3K also streams to disk.
 */
import { startTestServer } from "../_helpers/test_server.ts";
import { apiClientFor } from "../_helpers/api_client.ts";
import type { ApiClient } from "../_helpers/api_client.ts";
import { median, watchRss } from "./bench_stats.ts";
import type { BenchRow } from "./ingest_bench.ts";

const SIZE = 190 * 1000 * 1000;
const MB = 1_000_000;
const ROUNDS = 3;
const BOUNDARY = "pm3k-bench-boundary";

/** An MP4 of SIZE bytes (the fixture, then zeros), made as it is read. */
function video(
  head: Uint8Array,
  before = new Uint8Array(0),
  after = new Uint8Array(0),
) {
  const piece = new Uint8Array(256 * 1024);
  const parts = [before, head];
  let sent = head.length;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      const next = parts.shift();
      if (next) return c.enqueue(next.slice());
      if (sent >= SIZE) {
        if (after.length) c.enqueue(after.slice());
        after = new Uint8Array(0);
        return c.close();
      }
      const part = piece.subarray(0, Math.min(piece.length, SIZE - sent));
      sent += part.length;
      c.enqueue(part.slice());
    },
  });
}

async function measure(
  name: string,
  run: () => Promise<void>,
): Promise<BenchRow> {
  const rss = watchRss();
  const started = performance.now();
  try {
    await run();
  } catch (error) {
    rss.stop();
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    name,
    seconds,
    mbPerSecond: SIZE / MB / seconds,
    rssGrowthMb: rss.stop(),
  };
}

function expectUploaded(res: Response, body: Record<string, unknown>) {
  if (res.status !== 200 || body.size !== SIZE) {
    throw new Error(`upload answered ${res.status}: ${JSON.stringify(body)}`);
  }
}

export async function runUploadBench(): Promise<BenchRow[]> {
  const server = await startTestServer();
  try {
    const client: ApiClient = await apiClientFor(server, "bench", "annual");
    const head = await Deno.readFile(
      new URL("../fixtures/portrait.mp4", import.meta.url),
    );
    const auth = { Authorization: `Bearer ${client.key}` };
    const encoder = new TextEncoder();
    const runs: [string, () => Promise<void>][] = [
      ["presigned PUT + complete (baseline)", async () => {
        const started = await client.json("POST", "/api/uploads", {
          filename: "bench.mp4",
          content_type: "video/mp4",
          size: SIZE,
        });
        const put = await fetch(String(started.body.upload_url), {
          method: "PUT",
          headers: started.body.headers as Record<string, string>,
          body: video(head),
        });
        await put.body?.cancel();
        const done = await client.json(
          "POST",
          `/api/uploads/${started.body.upload_id}/complete`,
        );
        expectUploaded(put, done.body);
      }],
      ["one request, raw body", async () => {
        const res = await fetch(`${server.url}/api/uploads?filename=b.mp4`, {
          method: "POST",
          headers: { ...auth, "Content-Type": "video/mp4" },
          body: video(head),
        });
        expectUploaded(res, await res.json());
      }],
      ["one request, multipart form", async () => {
        const res = await fetch(`${server.url}/api/uploads`, {
          method: "POST",
          headers: {
            ...auth,
            "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`,
          },
          body: video(
            head,
            encoder.encode(
              `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="b.mp4"\r\n\r\n`,
            ),
            encoder.encode(`\r\n--${BOUNDARY}--\r\n`),
          ),
        });
        expectUploaded(res, await res.json());
      }],
    ];
    // A first round warms the process up (its allocator's pools) for all.
    for (const [, run] of runs) await run();
    const measured: BenchRow[][] = runs.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, [name, run]] of runs.entries()) {
        measured[i].push(await measure(name, run));
      }
    }
    return measured.map((all) => ({
      name: all[0].name,
      seconds: median(all.map((r) => r.seconds)),
      mbPerSecond: median(all.map((r) => r.mbPerSecond)),
      rssGrowthMb: Math.max(...all.map((r) => r.rssGrowthMb)),
      rssRoundsMb: all.map((r) => r.rssGrowthMb),
    }));
  } finally {
    await server.close();
  }
}

export function printUploadRows(rows: BenchRow[]): void {
  const baseline = rows[0];
  console.log(
    `\nUpload of a 190 MB video to the local-disk adapter, chunked, median of ${ROUNDS} rounds (target: ratio ≥ 0.80, RSS growth ≤ baseline + 16 MB)`,
  );
  console.log(
    "name".padEnd(38),
    "MB/s".padStart(8),
    "ratio".padStart(7),
    "RSS +MB".padStart(9),
    " verdict".padEnd(14),
    "RSS +MB by round",
  );
  for (const r of rows) {
    const ratio = r.mbPerSecond / baseline.mbPerSecond;
    const ok = ratio >= 0.8 && r.rssGrowthMb <= baseline.rssGrowthMb + 16;
    console.log(
      r.name.padEnd(38),
      r.mbPerSecond.toFixed(1).padStart(8),
      ratio.toFixed(2).padStart(7),
      r.rssGrowthMb.toFixed(1).padStart(9),
      (r === baseline ? " baseline" : ok ? " ok" : " BELOW TARGET").padEnd(14),
      // The verdict takes the largest; the rounds tell one round's swing
      // of the garbage collector from a path that holds more every time.
      (r.rssRoundsMb ?? []).map((mb) => mb.toFixed(1)).join(", "),
    );
  }
}

if (import.meta.main) printUploadRows(await runUploadBench());
