/**
 * Posting benchmarks, measured in one run:
 * - `/api/tiktok/status` requests per second, as a ratio to a minimal
 *   Deno.serve handler that does one KV write (target ≥ 0.7);
 * - direct_post latency p50 / p99 against the sandbox TikTok on loopback.
 * Status limits are real: calls are spread over many accounts and the
 * injectable clock moves past the windows so every answer is a 200.
 */
import { startTestServer } from "../_helpers/test_server.ts";
import { posterFor } from "../_helpers/posting_setup.ts";
import type { Poster } from "../_helpers/posting_setup.ts";

const ACCOUNTS = 60;
const CONCURRENCY = 32;
const DURATION_MS = 4_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Runs `call` from CONCURRENCY loops for DURATION_MS; returns requests/s. */
async function load(
  call: (i: number) => Promise<Response>,
): Promise<{ rps: number; errors: number }> {
  const end = performance.now() + DURATION_MS;
  let done = 0;
  let errors = 0;
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end) {
      const res = await call(next++);
      if (res.status !== 200) errors++;
      await res.body?.cancel();
      done++;
    }
  }));
  return { rps: done / (DURATION_MS / 1000), errors };
}

export async function runPostingBench() {
  // Baseline: the smallest useful handler, one KV write per request.
  const baseKv = await Deno.openKv(":memory:");
  const baseline = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen: () => {},
  }, async () => {
    await baseKv.set(["hits", crypto.randomUUID()], 1);
    return new Response('{"ok":true}', {
      headers: { "Content-Type": "application/json" },
    });
  });
  const baseUrl = `http://127.0.0.1:${(baseline.addr as Deno.NetAddr).port}/`;
  // The same request shape as a status call (POST, JSON body, Bearer key),
  // so only the server side differs.
  const base = await load(() =>
    fetch(baseUrl, {
      method: "POST",
      headers: {
        Authorization: `Bearer pm3k_${"x".repeat(43)}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ publish_id: "v_pub_url~v2.1234567890123456" }),
    })
  );
  await baseline.shutdown();
  baseKv.close();

  const server = await startTestServer({ env: { LOG_REQUESTS: "false" } });
  try {
    const posters: { p: Poster; publishId: string }[] = [];
    const latencies: number[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      // Sign-ins are limited to 20 a minute per address: let time pass.
      if (i % 15 === 14) server.clock.advance(61_000);
      const p = await posterFor(server, `bench_${i}`);
      const url = await p.uploadVideo();
      const started = performance.now();
      const r = await p.json("POST", "/api/tiktok/direct_post", {
        source_url: url,
        title: `bench post ${i}`,
      });
      latencies.push(performance.now() - started);
      if (r.status !== 200) {
        throw new Error(`direct_post failed: ${JSON.stringify(r.body)}`);
      }
      posters.push({ p, publishId: String(r.body.publish_id) });
    }
    // Every ACCOUNTS × 20 calls, move past the minute and hour windows.
    const perRound = ACCOUNTS * 20;
    const status = await load((i) => {
      if (i > 0 && i % perRound === 0) server.clock.advance(61 * 60_000);
      const { p, publishId } = posters[i % ACCOUNTS];
      return p.call("POST", "/api/tiktok/status", { publish_id: publishId });
    });
    latencies.sort((a, b) => a - b);
    return { base, status, latencies };
  } finally {
    await server.close();
  }
}

export function printPostingResults(
  r: Awaited<ReturnType<typeof runPostingBench>>,
): void {
  const ratio = r.status.rps / r.base.rps;
  console.log("\n/api/tiktok/status throughput (target: ratio ≥ 0.70)");
  console.log(
    `  minimal Deno.serve + 1 KV write   ${
      r.base.rps.toFixed(0).padStart(7)
    } req/s  (reference)`,
  );
  console.log(
    `  /api/tiktok/status                ${
      r.status.rps.toFixed(0).padStart(7)
    } req/s  ratio ${ratio.toFixed(2)}${
      r.status.errors ? `, ${r.status.errors} non-200` : ""
    } ${ratio >= 0.7 ? "ok" : "BELOW TARGET"}`,
  );
  console.log(
    `\ndirect_post latency against the sandbox on loopback (${r.latencies.length} posts)`,
  );
  console.log(
    `  p50 ${percentile(r.latencies, 0.5).toFixed(1)} ms   p99 ${
      percentile(r.latencies, 0.99).toFixed(1)
    } ms   max ${r.latencies.at(-1)!.toFixed(1)} ms`,
  );
}

if (import.meta.main) printPostingResults(await runPostingBench());
