/**
 * Two real PM3K server processes on one KV file (one `DATA_DIR`), as a
 * self-hosted deployment runs several, in production mode against the
 * TikTok simulator in a third process with its own KV file
 * (tiktok_simulator_process.ts): TikTok is another machine, so its KV
 * writes do not land on PM3K's file, and the processes reach it as they
 * would reach TikTok (TIKTOK_API_BASE_URL), as it reaches their files
 * (FILES_BASE_URL) and sends its webhooks to the first process's
 * `/webhooks/tiktok` (one callback URL, as registered in TikTok's portal).
 * The fleet is prepared with many simulator users signed in, each with a
 * completed upload and an API key, written straight into both KV files
 * through the domain functions before the processes start. The setup
 * runtime stays open beside them (as the admin CLI would) for what the
 * benchmarks add once they run. The processes log every request; the
 * fleet counts the 5xx answers and the error lines they log.
 */
import { loadConfig } from "../../lib/config.ts";
import type { Config } from "../../lib/config.ts";
import { systemClock } from "../../lib/clock.ts";
import { openKv, openRuntime } from "../../lib/runtime/app_runtime.ts";
import { signInSandboxUser } from "../../lib/admin/admin_commands.ts";
import { issueApiKey } from "../../lib/api_keys/api_keys.ts";
import { getAccount } from "../../lib/accounts/accounts_store.ts";
import { keys } from "../../lib/kv_keys.ts";
import { createUpload } from "../../lib/media/upload_start.ts";
import { completeUpload } from "../../lib/media/upload_completion.ts";
import type { Account } from "../../lib/accounts/account_record.ts";
import type { AppDeps } from "../../lib/runtime/app_deps.ts";
import manifest from "../../fresh.gen.ts";
import {
  freePort,
  startServerProcess,
  stopServerProcess,
} from "../_helpers/server_process.ts";
import type { ServerProcess } from "../_helpers/server_process.ts";
import { startSimulator } from "./tiktok_simulator.ts";
import type { Simulator } from "./tiktok_simulator.ts";

export interface FleetAccount {
  account: Account;
  apiKey: string;
  /** A completed upload of portrait.mp4, ready to post. */
  videoUrl: string;
}

/** What the processes logged, counted as the lines arrive. */
export interface FleetLogCounts {
  requests: number;
  /** Answers with a status of 500 or more. */
  serverErrors: number;
  /** Lines logged at level error or warn (first few kept). */
  problems: number;
  samples: string[];
  /** Answer times by route (ms), for `BENCH_VERBOSE=1`. */
  times: Map<string, number[]>;
}

/** CPU seconds (user + system) a process has used so far (Linux). */
export async function cpuSeconds(pid: number | "self"): Promise<number> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN; // not Linux, or gone: the figure is left out
  }
}

export interface Fleet {
  /** The setup runtime on the shared KV file (its TikTok: the simulator). */
  setup: AppDeps;
  /** The TikTok simulator's process. */
  simulator: Simulator;
  accounts: FleetAccount[];
  /** Set by `start`: the two processes. */
  processes: ServerProcess[];
  logs: FleetLogCounts;
  /** Starts both processes. */
  start(): Promise<void>;
  /** CPU seconds both processes have used so far. */
  cpu(): Promise<number>;
  /** Opens the shared KV file from this process (busy retries included). */
  openKv(): Promise<Deno.Kv>;
  /** Opens the simulator's KV file: what TikTok recorded. */
  openSimulatorKv(): Promise<Deno.Kv>;
  close(): Promise<void>;
}

const SETUP_CONCURRENCY = 8;

/** Runs `work` for 0..n-1 on `concurrency` loops; results in order. */
export async function inParallel<T>(
  n: number,
  concurrency: number,
  work: (i: number) => Promise<T>,
): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await work(i);
      }
    }),
  );
  return out;
}

/** Prepares `n` accounts in a fresh DATA_DIR; the processes start later. */
export async function prepareFleet(
  n: number,
  options: { name: string },
): Promise<Fleet> {
  const dataDir = await Deno.makeTempDir({ prefix: `pm3k-${options.name}-` });
  const simulatorDir = await Deno.makeTempDir({
    prefix: `pm3k-${options.name}-tiktok-`,
  });
  const simulatorKvPath = `${simulatorDir}/tiktok.kv`;
  const ports = [freePort(), freePort()];
  // One public address for the files, as behind a load balancer.
  const filesBaseUrl = `http://127.0.0.1:${ports[0]}/files`;
  const client = { key: "bench_client", secret: "bench_client_secret" };
  const simulator = await startSimulator(simulatorDir, {
    SIM_KV_PATH: simulatorKvPath,
    SIM_CLIENT_KEY: client.key,
    SIM_CLIENT_SECRET: client.secret,
    SIM_VERIFIED_PREFIX: `${filesBaseUrl}/`,
    SIM_WEBHOOK_URL: `http://127.0.0.1:${ports[0]}/webhooks/tiktok`,
    // TikTok's webhooks by default, as TikTok sends them;
    // SANDBOX_WEBHOOKS=off measures the polling path alone.
    SANDBOX_WEBHOOKS: Deno.env.get("SANDBOX_WEBHOOKS") ?? "on",
  });
  const tiktok = `${simulator.url}/_sandbox/tiktok`;
  const env = {
    DATA_DIR: dataDir,
    SECRET_KEY: "bench-secret-bench-secret-bench-secret-0000",
    LOG_REQUESTS: "true",
    FILES_BASE_URL: filesBaseUrl,
    TIKTOK_CLIENT_KEY: client.key,
    TIKTOK_CLIENT_SECRET: client.secret,
    TIKTOK_AUTH_BASE_URL: tiktok,
    TIKTOK_API_BASE_URL: tiktok,
    TIKTOK_APP_AUDITED: "true",
  };
  const config: Config = loadConfig({
    ...env,
    PORT: String(ports[0]),
    PUBLIC_BASE_URL: `http://127.0.0.1:${ports[0]}`,
    LOG_REQUESTS: "false",
  });
  // A failed setup stops the simulator's process and removes the folders.
  let setup: AppDeps | undefined;
  const cleanUp = async () => {
    setup?.kv.close();
    await simulator.stop();
    await Deno.remove(dataDir, { recursive: true });
    await Deno.remove(simulatorDir, { recursive: true });
  };
  let accounts: FleetAccount[];
  try {
    setup = await openRuntime(config, manifest, {
      clock: systemClock,
      log: () => {},
    });
    accounts = await prepareAccounts(setup, n, options.name, {
      simulatorKvPath,
      config,
      tiktok,
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const logs: FleetLogCounts = {
    requests: 0,
    serverErrors: 0,
    problems: 0,
    samples: [],
    times: new Map(),
  };
  const onLogLine = (line: string) => {
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line);
    } catch {
      return; // not one of the app's JSON lines
    }
    if (typeof entry.status === "number") {
      logs.requests++;
      if (entry.status >= 500) logs.serverErrors++;
      const route = `${entry.method} ${entry.route}`;
      const list = logs.times.get(route) ?? [];
      list.push(Number(entry.ms));
      logs.times.set(route, list);
    }
    if (entry.level === "error" || entry.level === "warn") {
      logs.problems++;
      if (logs.samples.length < 5) logs.samples.push(line.slice(0, 300));
    }
  };
  const processes: ServerProcess[] = [];
  return {
    setup,
    simulator,
    accounts,
    processes,
    logs,
    async start() {
      // BENCH_PROCESSES=1 starts one process only (to compare).
      const count = Number(Deno.env.get("BENCH_PROCESSES") ?? 2);
      for (const port of ports.slice(0, count)) {
        processes.push(await startServerProcess(port, env, { onLogLine }));
      }
    },
    openKv: () => openKv(config),
    openSimulatorKv: () => openKv({ ...config, kvPath: simulatorKvPath }),
    async cpu() {
      let total = 0;
      for (const p of processes) total += await cpuSeconds(p.child.pid);
      return total;
    },
    async close() {
      for (const p of processes) await stopServerProcess(p);
      await cleanUp();
    },
  };
}

/**
 * Signs in `n` simulator users with a monthly plan, an API key and one
 * completed video upload each. Completing an upload asks TikTok for
 * creator_info and caches it for minutes; the benches model uploads made
 * long before their posts, so the cache is dropped again.
 */
async function prepareAccounts(
  setup: AppDeps,
  n: number,
  name: string,
  where: { simulatorKvPath: string; config: Config; tiktok: string },
): Promise<FleetAccount[]> {
  const video = await Deno.readFile(
    new URL("../fixtures/portrait.mp4", import.meta.url),
  );
  const simulatorKv = await openKv({
    ...where.config,
    kvPath: where.simulatorKvPath,
  });
  try {
    return await inParallel(n, SETUP_CONCURRENCY, async (i) => {
      const signedIn = await signInSandboxUser(setup, {
        username: `${name}_${i}`,
        plan: "monthly",
        simulatorKv,
        simulatorBaseUrl: where.tiktok,
      });
      const { apiKey } = await issueApiKey(setup, signedIn.openId);
      const account = (await getAccount(setup, signedIn.openId))!;
      const started = await createUpload(setup, account, {
        filename: "v.mp4",
        contentType: "video/mp4",
        size: video.length,
      });
      await setup.storage.put(started.record.key, video, {
        contentType: "video/mp4",
      });
      const done = await completeUpload(setup, account, started.record.id);
      await setup.kv.delete(keys.creatorInfo(account.openId));
      return { account, apiKey, videoUrl: done.record.url };
    });
  } finally {
    simulatorKv.close();
  }
}
