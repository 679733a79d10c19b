/**
 * Starts the real app on a loopback port with an in-memory KV (or a given
 * file KV), the sandbox TikTok mounted, and an injectable clock. Strict
 * documented-errors mode is on: `close()` throws if any `/api/*` answer
 * carried an error code its OpenAPI operation does not list.
 */
import { loadConfig } from "../../lib/config.ts";
import type { Config } from "../../lib/config.ts";
import { ManualClock } from "../../lib/clock.ts";
import { openRuntime } from "../../lib/runtime/app_runtime.ts";
import { createApp } from "../../lib/http/create_app.ts";
import type { AppDeps, Manifest } from "../../lib/http/app_types.ts";
import manifest from "../../fresh.gen.ts";
import { enableStrictDocumentedErrors } from "../../lib/openapi/documented_errors.ts";
import type { UndocumentedError } from "../../lib/openapi/documented_errors.ts";

export interface TestServer {
  url: string;
  deps: AppDeps;
  kv: Deno.Kv;
  clock: ManualClock;
  logs: Record<string, unknown>[];
  /** Error answers not in their operation's documented list (strict mode). */
  undocumentedErrors: readonly UndocumentedError[];
  /** Stops the server; then throws if there were undocumented errors. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Changes to the derived config (e.g. a wrong TikTok secret). */
  configure?: (config: Config) => void;
  manifest?: Manifest;
  clock?: ManualClock;
  /** Strict documented-errors mode; on unless `false`. */
  strictDocumentedErrors?: boolean;
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
    const undocumentedErrors = options.strictDocumentedErrors === false
      ? []
      : enableStrictDocumentedErrors(deps, routes);
    const app = createApp(deps, routes);
    handler = (req, info) => app.fetch(req, info);
    return {
      url,
      deps,
      kv: deps.kv,
      clock,
      logs,
      undocumentedErrors,
      async close() {
        await server.shutdown();
        deps.kv.close();
        await Deno.remove(dataDir, { recursive: true });
        if (undocumentedErrors.length) {
          const seen = [
            ...new Set(
              undocumentedErrors.map((e) => `${e.method} ${e.route} ${e.code}`),
            ),
          ];
          throw new Error(
            `Undocumented API errors (add them to the route's docs.errors):\n  ${
              seen.join("\n  ")
            }`,
          );
        }
      },
    };
  } catch (error) {
    await server.shutdown();
    throw error;
  }
}
