/**
 * Starts the real app on a loopback port with an in-memory KV (or a given
 * file KV), the sandbox TikTok mounted, and an injectable clock. Strict
 * documented-answers mode is on: `close()` throws if any `/api/*` answer
 * carried an error code its OpenAPI operation does not list, or a 2xx body
 * that does not match its documented response schema.
 */
import { loadConfig } from "../../lib/config.ts";
import type { Config } from "../../lib/config.ts";
import { ManualClock } from "../../lib/clock.ts";
import { openRuntime } from "../../lib/runtime/app_runtime.ts";
import { createApp } from "../../lib/http/create_app.ts";
import type { Manifest } from "../../lib/http/app_types.ts";
import type { AppDeps } from "../../lib/runtime/app_deps.ts";
import type { IngestLimits } from "../../lib/media/ingest_limits.ts";
import type { Timing } from "../../lib/runtime/timing.ts";
import type { SafeFetchOptions } from "../../lib/net/safe_fetch.ts";
import manifest from "../../fresh.gen.ts";
import { enableStrictDocumentedAnswers } from "../../lib/http/openapi/documented_answers.ts";
import type {
  SuccessMismatch,
  UndocumentedError,
} from "../../lib/http/openapi/documented_answers.ts";

export interface TestServer {
  url: string;
  deps: AppDeps;
  kv: Deno.Kv;
  clock: ManualClock;
  logs: Record<string, unknown>[];
  /** Error answers not in their operation's documented list (strict mode). */
  undocumentedErrors: readonly UndocumentedError[];
  /** 2xx answers unlike their operation's documented success (strict mode). */
  successMismatches: readonly SuccessMismatch[];
  /** Stops the server; then throws if strict mode found anything. */
  close(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** The loopback port to listen on (any free one unless given). */
  port?: number;
  /** Changes to the derived config (e.g. a wrong TikTok secret). */
  configure?: (config: Config) => void;
  manifest?: Manifest;
  clock?: ManualClock;
  /** Shorter limits of copies from verified domains (floor rate, deadline…). */
  ingestLimits?: Partial<IngestLimits>;
  /** Real-time waits (queue message delays, list refresh); production's unless given. */
  timing?: Partial<Timing>;
  /** Strict documented-answers mode (errors and success bodies); on unless `false`. */
  strictDocumentedAnswers?: boolean;
  /** Wraps the app's KV (e.g. to record writes); the wrapper is `kv`. */
  wrapKv?: (kv: Deno.Kv) => Deno.Kv;
  /**
   * Options of every server-side fetch of a user's URL (safe_fetch.ts):
   * a resolver and a fetch standing in for hosts the tests cannot reach.
   */
  fetchOptions?: Partial<SafeFetchOptions>;
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
    { port: options.port ?? 0, hostname: "127.0.0.1", onListen: () => {} },
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
      // The simulator's webhooks race the poller: on only in tests of them.
      SANDBOX_WEBHOOKS: "off",
      ...options.env,
    });
    options.configure?.(config);
    const clock = options.clock ?? new ManualClock(Date.now());
    const logs: Record<string, unknown>[] = [];
    const routes = options.manifest ?? manifest;
    const opened = await openRuntime(config, routes, {
      clock,
      log: (line) => logs.push(line),
      ingestLimits: options.ingestLimits,
      timing: options.timing,
    });
    const deps = options.wrapKv
      ? { ...opened, kv: options.wrapKv(opened.kv) }
      : opened;
    if (options.fetchOptions) {
      deps.fetchOptions = { ...deps.fetchOptions, ...options.fetchOptions };
    }
    const strict = options.strictDocumentedAnswers === false
      ? { undocumentedErrors: [], successMismatches: [] }
      : enableStrictDocumentedAnswers(deps, routes);
    const { undocumentedErrors, successMismatches } = strict;
    const app = createApp(deps, routes);
    handler = (req, info) => app.fetch(req, info);
    return {
      url,
      deps,
      kv: deps.kv,
      clock,
      logs,
      undocumentedErrors,
      successMismatches,
      async close() {
        await server.shutdown();
        deps.kv.close();
        await Deno.remove(dataDir, { recursive: true });
        const problems = [];
        if (undocumentedErrors.length) {
          problems.push(
            `Undocumented API errors (add the code to the route's docs.errors, a field to lib/http/openapi/error_fields.ts):${
              listed(undocumentedErrors.map((e) =>
                `${e.method} ${e.route} ${e.code}${
                  e.fields ? ` with fields ${e.fields.join(", ")}` : ""
                }`
              ))
            }`,
          );
        }
        if (successMismatches.length) {
          problems.push(
            `API success bodies unlike their documented response (fix lib/http/api_responses.ts or the route's docs.response):${
              listed(successMismatches.map((m) =>
                `${m.method} ${m.route} ${m.status}: ${m.problem}`
              ))
            }`,
          );
        }
        if (problems.length) throw new Error(problems.join("\n"));
      },
    };
  } catch (error) {
    await server.shutdown();
    throw error;
  }
}

/** Distinct lines, indented under a heading. */
function listed(lines: string[]): string {
  return [...new Set(lines)].map((line) => `\n  ${line}`).join("");
}
