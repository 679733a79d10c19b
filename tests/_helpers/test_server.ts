/**
 * Starts the real app on a loopback port with an in-memory KV (or a given
 * file KV), the sandbox TikTok mounted, and an injectable clock.
 */
import { loadConfig } from "../../lib/config.ts";
import type { Config } from "../../lib/config.ts";
import { ManualClock } from "../../lib/clock.ts";
import { openRuntime } from "../../lib/runtime/app_runtime.ts";
import { createApp } from "../../lib/http/create_app.ts";
import type { AppDeps, Manifest } from "../../lib/http/app_types.ts";
import manifest from "../../fresh.gen.ts";

export interface TestServer {
  url: string;
  deps: AppDeps;
  kv: Deno.Kv;
  clock: ManualClock;
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Changes to the derived config (e.g. a wrong TikTok secret). */
  configure?: (config: Config) => void;
  manifest?: Manifest;
  clock?: ManualClock;
}

export const TEST_SECRET_KEY = "test-secret-key-0123456789abcdefghijklmnop";

export async function startTestServer(
  options: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = await Deno.makeTempDir({ prefix: "pm3k-test-" });
  let handler:
    | ((
      req: Request,
      info: Deno.ServeHandlerInfo,
    ) => Response | Promise<Response>)
    | null = null;
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    (req, info) => handler!(req, info),
  );
  const { port } = server.addr as Deno.NetAddr;
  const url = `http://127.0.0.1:${port}`;
  try {
    const config = loadConfig({
      PORT: String(port),
      PUBLIC_BASE_URL: url,
      KV_PATH: ":memory:",
      DATA_DIR: dataDir,
      SECRET_KEY: TEST_SECRET_KEY,
      LOG_REQUESTS: "true",
      ...options.env,
    });
    options.configure?.(config);
    const clock = options.clock ?? new ManualClock(Date.now());
    const logs: Record<string, unknown>[] = [];
    const routes = options.manifest ?? manifest;
    const deps = await openRuntime(config, routes, {
      clock,
      log: (line) => logs.push(line),
    });
    const app = createApp(deps, routes);
    handler = (req, info) => app.fetch(req, info);
    return {
      url,
      deps,
      kv: deps.kv,
      clock,
      logs,
      async close() {
        await server.shutdown();
        deps.kv.close();
        await Deno.remove(dataDir, { recursive: true });
      },
    };
  } catch (error) {
    await server.shutdown();
    throw error;
  }
}
