/**
 * The probes of what PM3K cannot work without, KV and storage: answered by
 * `GET /healthz`, and the storage one also run once at start, so an
 * unreachable bucket is said in the log at once rather than found by the
 * first upload (docs/operations.md#health-check).
 * @module
 */
import { keys } from "../kv_keys.ts";
import type { AppDeps } from "./app_deps.ts";

/** A probe's outcome: how long it took, or why it failed. */
type ProbeState = { ok: true; ms: number } | {
  ok: false;
  error: string;
};

async function probe(run: () => Promise<unknown>): Promise<ProbeState> {
  const started = performance.now();
  try {
    await run();
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** A read of a key never written: answered by a working KV. */
export function probeKv(deps: Pick<AppDeps, "kv">): Promise<ProbeState> {
  return probe(() => deps.kv.get(keys.healthProbe()));
}

/** A HEAD of a key that does not exist: answered by a working store. */
export function probeStorage(
  deps: Pick<AppDeps, "storage">,
): Promise<ProbeState> {
  return probe(() => deps.storage.head("healthz/probe"));
}

/** At start: a warning in the log when storage does not answer. */
export async function warnIfStorageDown(
  deps: Pick<AppDeps, "storage" | "log">,
): Promise<void> {
  const state = await probeStorage(deps);
  if (state.ok) return;
  deps.log({
    level: "warn",
    message:
      `storage (${deps.storage.kind}) is not answering at start: ${state.error}. Uploads and posts fail and GET /healthz answers 503 until it does; deno task storage-check says what is wrong.`,
  });
}
