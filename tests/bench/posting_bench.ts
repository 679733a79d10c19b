/**
 * Posting benchmarks, measured in one run:
 * - `/api/tiktok/status` requests per second, as a ratio to a minimal
 *   Deno.serve handler that does one KV write (target ≥ 0.7), both on a KV
 *   file as the service runs (the embedded default; Deploy's KV is durable
 *   too), and on an in-memory KV for reference;
 * - direct_post latency p50 / p99 against the sandbox TikTok on loopback.
 * Status limits are real: calls are spread over many accounts and the
 * injectable clock moves past the windows so every answer is a 200.
 */
import { startTestServer } from "../_helpers/test_server.ts";
import { posterFor } from "../_helpers/posting_setup.ts";
import type { Poster } from "../_helpers/posting_setup.ts";
import { median, percentile } from "./bench_stats.ts";

const ACCOUNTS = 60;
const CONCURRENCY = 32;
const DURATION_MS = 3_000;
const ROUNDS = 3;

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

/** The same request shape as a status call, so only the server differs. */
function baselineCall(url: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      Authorization: `Bearer pm3k_${"x".repeat(43)}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({ publish_id: "v_pub_url~v2.1234567890123456" }),
  });
}

export interface StatusThroughput {
  kv: string;
  base: number;
  status: number;
  errors: number;
}

/**
 * `/status` against the baseline on one kind of KV: both servers get the
 * same KV kind, and their rounds alternate.
 */
async function statusThroughput(
  kind: "file" | "memory",
  latencies?: number[],
): Promise<StatusThroughput> {
  const dir = await Deno.makeTempDir({ prefix: "pm3k-status-bench-" });
  const kvPath = (name: string) =>
    kind === "memory" ? ":memory:" : `${dir}/${name}.sqlite3`;
  // Baseline: the smallest useful handler, one KV write per request.
  const baseKv = await Deno.openKv(kvPath("baseline"));
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
  const server = await startTestServer({
    env: { LOG_REQUESTS: "false", KV_PATH: kvPath("app") },
    // Measured as in production: no test-only checks of the answers.
    strictDocumentedAnswers: false,
  });
  try {
    const posters: { p: Poster; publishId: string }[] = [];
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
      latencies?.push(performance.now() - started);
      if (r.status !== 200) {
        throw new Error(`direct_post failed: ${JSON.stringify(r.body)}`);
      }
      posters.push({ p, publishId: String(r.body.publish_id) });
    }
    const base: number[] = [];
    const status: number[] = [];
    let errors = 0;
    for (let round = 0; round < ROUNDS; round++) {
      base.push((await load(() => baselineCall(baseUrl))).rps);
      // Move past the minute and hour windows before each round and every
      // ACCOUNTS × 15 calls, so the limits never refuse a call.
      server.clock.advance(61 * 60_000);
      // 15 of the 20 calls a minute each account may make: room for the
      // calls still in flight when the clock moves.
      const perRound = ACCOUNTS * 15;
      const r = await load((i) => {
        if (i > 0 && i % perRound === 0) server.clock.advance(61 * 60_000);
        const { p, publishId } = posters[i % ACCOUNTS];
        return p.call("POST", "/api/tiktok/status", { publish_id: publishId });
      });
      status.push(r.rps);
      errors += r.errors;
    }
    return { kv: kind, base: median(base), status: median(status), errors };
  } finally {
    await server.close();
    await baseline.shutdown();
    baseKv.close();
    await Deno.remove(dir, { recursive: true });
  }
}

export async function runPostingBench() {
  const latencies: number[] = [];
  const file = await statusThroughput("file", latencies);
  const memory = await statusThroughput("memory");
  latencies.sort((a, b) => a - b);
  return { throughput: [file, memory], latencies };
}

export function printPostingResults(
  r: Awaited<ReturnType<typeof runPostingBench>>,
): void {
  console.log(
    "\n/api/tiktok/status throughput, median of " + ROUNDS +
      " alternating rounds (target on the file KV: ratio ≥ 0.70)",
  );
  for (const t of r.throughput) {
    const ratio = t.status / t.base;
    const verdict = t.kv === "file"
      ? (ratio >= 0.7 ? " ok" : " BELOW TARGET")
      : " (in-memory KV: no disk, for reference)";
    console.log(
      `  ${t.kv.padEnd(6)} KV  minimal Deno.serve + 1 KV write ${
        t.base.toFixed(0).padStart(6)
      } req/s   /status ${t.status.toFixed(0).padStart(6)} req/s   ratio ${
        ratio.toFixed(2)
      }${t.errors ? `, ${t.errors} non-200` : ""}${verdict}`,
    );
  }
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
