/**
 * Starts the TikTok simulator in its own process
 * (tiktok_simulator_process.ts), as TikTok is another machine: its HTTP
 * server, KV writes and disk writes are not PM3K's.
 */
import { readFirstLine } from "../_helpers/server_process.ts";
import { TESTS_CONFIG } from "../_helpers/tests_config.ts";

/** The simulator process: started, and stopped with its files. */
export interface Simulator {
  url: string;
  pid: number;
  post(path: string): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * Starts it with its temporary files under `tmpDir` and `env` beside
 * (see tiktok_simulator_process.ts for what it reads).
 */
export async function startSimulator(
  tmpDir: string,
  env: Record<string, string> = {},
): Promise<Simulator> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--config",
      TESTS_CONFIG,
      new URL("./tiktok_simulator_process.ts", import.meta.url).pathname,
    ],
    env: { ...env, TMPDIR: tmpDir },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const { line, reader } = await readFirstLine(child.stdout);
  const url = `http://127.0.0.1:${JSON.parse(line).port}`;
  return {
    url,
    pid: child.pid,
    async post(path) {
      const res = await fetch(`${url}${path}`, { method: "POST" });
      if (!res.ok) throw new Error(`${path} answered ${res.status}`);
      return res.status === 204 ? {} : await res.json();
    },
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await reader.cancel();
    },
  };
}
