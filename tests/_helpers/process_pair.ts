/**
 * Two real server processes (server_process.ts) on one KV file, both
 * running the crons and the queue, with that KV opened as the admin CLI
 * opens it, and accounts made there for them to post for.
 */
import { loadConfig } from "../../lib/config.ts";
import type { Config } from "../../lib/config.ts";
import { runAdminCommand } from "../../lib/admin/admin_commands.ts";
import { openKv } from "../../lib/runtime/app_runtime.ts";
import { systemClock } from "../../lib/clock.ts";
import { TEST_SECRET_KEY } from "./test_server.ts";
import {
  freePort,
  startServerProcess,
  stopServerProcess,
  uploadOverApi,
} from "./server_process.ts";
import type { ServerProcess } from "./server_process.ts";

export interface ProcessPair {
  /** The env both were started with (PORT and PUBLIC_BASE_URL aside). */
  env: Record<string, string>;
  /** A's port, for starting it again. */
  portA: number;
  /** A's config, as the admin CLI would load it. */
  config: Config;
  /** The KV file both use, opened as the admin CLI opens it. */
  kv: Deno.Kv;
  /** The running processes, A then B; those in it at the end are stopped. */
  procs: ServerProcess[];
}

/**
 * Runs `fn` with processes A and B started at once on one DATA_DIR (a new
 * temporary folder named `prefix`…), queues `queues`, files served by A;
 * stops the processes left in `procs` (SIGTERM), closes the KV and removes
 * the folder after, whatever `fn` did.
 */
export async function withProcessPair(
  prefix: string,
  queues: "on" | "off",
  fn: (pair: ProcessPair) => Promise<void>,
): Promise<void> {
  const dataDir = await Deno.makeTempDir({ prefix });
  const portA = freePort();
  const portB = freePort();
  const env = {
    DATA_DIR: dataDir,
    SECRET_KEY: TEST_SECRET_KEY,
    QUEUES: queues,
    LOG_REQUESTS: "false",
    FILES_BASE_URL: `http://127.0.0.1:${portA}/files`,
  };
  const procs: ServerProcess[] = [];
  const config = loadConfig({
    ...env,
    PORT: String(portA),
    PUBLIC_BASE_URL: `http://127.0.0.1:${portA}`,
  });
  // As the admin CLI opens it: the two servers keep the file busy at
  // times, and the KV of openKv retries a busy read or commit.
  const kv = await openKv(config);
  try {
    // Both start at once; whichever started is stopped in `finally`.
    const started = await Promise.allSettled([
      startServerProcess(portA, env),
      startServerProcess(portB, env),
    ]);
    for (const s of started) if (s.status === "fulfilled") procs.push(s.value);
    for (const s of started) if (s.status === "rejected") throw s.reason;
    await fn({ env, portA, config, kv, procs });
  } finally {
    for (const p of procs) await stopServerProcess(p, "SIGTERM");
    kv.close();
    await Deno.remove(dataDir, { recursive: true });
  }
}

/** An account of the pair's KV, and a video it uploaded. */
export interface PairAccount {
  openId: string;
  /** Its API key's Authorization, and a JSON Content-Type. */
  auth: Record<string, string>;
  /** The URL of `video` uploaded through a process. */
  source: string;
}

/**
 * A sandbox user `username` on the monthly plan and an API key for it,
 * made with the admin CLI on the pair's KV; `video` uploaded through `via`.
 */
export async function pairAccount(
  pair: ProcessPair,
  username: string,
  video: Uint8Array,
  via: ServerProcess,
): Promise<PairAccount> {
  const deps = { config: pair.config, kv: pair.kv, clock: systemClock };
  const openId = (await runAdminCommand(
    deps,
    ["create-sandbox-user", username, "--plan", "monthly"],
  )).at(-1)!;
  const key = (await runAdminCommand(deps, ["issue-key", openId])).at(-1)!;
  const auth = {
    Authorization: `Bearer ${key}`,
    "Content-Type": "application/json",
  };
  const { done } = await uploadOverApi(via.url, auth, video);
  return { openId, auth, source: String(done.url) };
}
