/**
 * Progress of a long tool call (docs/mcp.md#long-calls). A copy from a URL
 * or a post copying from a verified domain can take minutes, longer than
 * an MCP client waits by default (the SDK's 60 s). A client that sends a
 * `progressToken` with its tools/call gets its answer on an event stream,
 * told every few seconds that the call still runs (MCP's
 * `notifications/progress`), so a client resetting its timeout on
 * progress keeps waiting; the answer itself is unchanged. The tools report
 * no fraction done: `progress` counts the notifications, with no `total`.
 * @module
 */
import { isJsonObject } from "../json_object.ts";

/** A request's progress token, as MCP defines it. */
export type ProgressToken = string | number;

/**
 * The progress token of a JSON-RPC `tools/call` request, or null: the one
 * case whose answer goes on an event stream (mcp_app.ts); every other
 * answer stays one JSON body.
 */
export function toolCallProgressToken(message: unknown): ProgressToken | null {
  if (!isJsonObject(message) || message.method !== "tools/call") return null;
  if (message.id === undefined || !isJsonObject(message.params)) return null;
  const meta = message.params._meta;
  if (!isJsonObject(meta)) return null;
  const token = meta.progressToken;
  return typeof token === "string" || typeof token === "number" ? token : null;
}

/** A progress notification as MCP's `notifications/progress` carries it. */
export interface ProgressNotification {
  method: "notifications/progress";
  params: {
    progressToken: ProgressToken;
    progress: number;
    message: string;
  };
}

/**
 * Runs `work`, sending `send` a progress notification every `everyMs`
 * while it runs, when the call gave a token; none once it ended. A
 * notification that cannot be sent (the client left) is dropped: the call
 * still runs to its end, as without progress, so an idempotency_key's
 * retry gets its answer.
 */
export async function withProgress<T>(
  token: ProgressToken | undefined,
  everyMs: number,
  tool: string,
  send: (notification: ProgressNotification) => Promise<void>,
  work: () => Promise<T>,
): Promise<T> {
  if (token === undefined) return await work();
  const started = performance.now();
  let progress = 0;
  const timer = setInterval(() => {
    progress += 1;
    const seconds = Math.round((performance.now() - started) / 1000);
    send({
      method: "notifications/progress",
      params: {
        progressToken: token,
        progress,
        message:
          `${tool} still running after ${seconds} s; its answer comes on this request.`,
      },
    }).catch(() => {
      // The stream is gone: the client stopped listening, nothing to tell.
    });
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
