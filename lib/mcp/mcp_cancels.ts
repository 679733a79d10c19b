/**
 * MCP's `notifications/cancelled` for a stateless server
 * (docs/mcp.md#cancelling-a-call). The SDK's client cancels a call by
 * POSTing the notification on its own, the call's POST left open, to
 * whichever process takes it: so a call that may stop (a copy from a URL)
 * marks itself in KV under its key and JSON-RPC id and watches that entry,
 * and the notification sets it. Ids are unique per client only, and one
 * key may serve several clients: a notification naming an id that two of
 * the key's calls run under stops neither.
 * @module
 */
import { keys, listTyped } from "../kv_keys.ts";
import { isJsonObject } from "../json_object.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { ingestHoldMs, ingestLimitsOf } from "../media/ingest_limits.ts";
import type { McpCallMark } from "./mcp_call_record.ts";

/** Who calls: the account and the API key, by its hash. */
export interface McpCaller {
  openId: string;
  keyHash: string;
}

/** A JSON-RPC id, as MCP defines it. */
export type McpRequestId = string | number;

export type McpCancelDeps = Pick<AppDeps, "kv" | "ingestLimits">;

/** A call's watch on its mark: `signal` aborts once it is cancelled. */
export interface CancelWatch {
  signal: AbortSignal;
  /** Stops watching and removes the mark (the call ended). */
  end(): Promise<void>;
}

/** Only tidies KV: a watched call removes its mark when it ends. */
const markKeptMs = (deps: McpCancelDeps) =>
  2 * ingestHoldMs(ingestLimitsOf(deps.ingestLimits));

/**
 * The longest JSON-RPC id, as JSON text in UTF-8, a call is marked under:
 * ids are a client's counter or a UUID, and the key must stay within KV's
 * 2 KiB (docs/architecture.md#kv-limits). A call with a longer id runs
 * unmarked, so a cancel naming it stops nothing.
 */
const MAX_ID_BYTES = 256;

/** `requestId` as the mark's key holds it, or null past the bound. */
function idPart(requestId: McpRequestId): string | null {
  const text = JSON.stringify(requestId);
  return new TextEncoder().encode(text).length <= MAX_ID_BYTES ? text : null;
}

/** The id a `notifications/cancelled` message names, or null. */
export function cancelledRequestId(message: unknown): McpRequestId | null {
  if (
    !isJsonObject(message) || message.method !== "notifications/cancelled" ||
    message.id !== undefined || !isJsonObject(message.params)
  ) return null;
  const id = message.params.requestId;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

/**
 * Marks the call `requestId` of `caller` as running, and watches it; null
 * for an id too long to mark (the call then runs unwatched).
 */
export async function watchCancel(
  deps: McpCancelDeps,
  caller: McpCaller,
  requestId: McpRequestId,
): Promise<CancelWatch | null> {
  const id = idPart(requestId);
  if (id === null) return null;
  const k = keys.mcpCall(
    caller.openId,
    caller.keyHash,
    id,
    crypto.randomUUID(),
  );
  await deps.kv.set(k, { cancelled: false } satisfies McpCallMark, {
    expireIn: markKeptMs(deps),
  });
  const controller = new AbortController();
  const reader = deps.kv.watch<[McpCallMark]>([k]).getReader();
  const watching = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value[0].value?.cancelled) {
          controller.abort(new Error("cancelled by the client"));
          return;
        }
      }
    } catch {
      // The watch was ended while a read waited.
    }
  })();
  return {
    signal: controller.signal,
    async end() {
      // A watch that already ended (the stream done) has nothing to cancel.
      await reader.cancel().catch(() => {});
      await watching;
      await deps.kv.delete(k);
    },
  };
}

/**
 * Cancels `caller`'s call `requestId` if exactly one runs under that id;
 * none found (ended, never stoppable, its id too long to mark) or two is
 * nothing to do.
 */
export async function cancelCall(
  deps: McpCancelDeps,
  caller: McpCaller,
  requestId: McpRequestId,
): Promise<void> {
  // No call runs marked under an id past the bound.
  const id = idPart(requestId);
  if (id === null) return;
  const calls = await listTyped(
    deps.kv,
    keys.mcpCallsWithId(caller.openId, caller.keyHash, id),
  );
  if (calls.length !== 1) return;
  // Checked: a call that ended meanwhile leaves no mark behind.
  await deps.kv.atomic().check(calls[0])
    .set(calls[0].key, { cancelled: true } satisfies McpCallMark, {
      expireIn: markKeptMs(deps),
    })
    .commit();
}
