/**
 * The probes of what PM3K cannot work without, KV and storage: answered by
 * `GET /healthz`, and the storage one also run once at start, so an
 * unreachable bucket is said in the log at once rather than found by the
 * first upload (docs/operations.md#health-check).
 * @module
 */
import { keys } from "../kv_keys.ts";
import type { ErrorCode } from "../errors.ts";
import type { AppDeps } from "./app_deps.ts";

/**
 * A probe's outcome as `GET /healthz` answers it: how long it took, or only
 * that it failed. The failure's own text stays in the log: it can name
 * internal hosts and paths, and the health check answers anyone.
 */
type ProbeState = { ok: true; ms: number } | { ok: false };

/** A probe's outcome with the failure's text, for the log. */
type ProbeOutcome = { ok: true; ms: number } | { ok: false; error: string };

async function probe(run: () => Promise<unknown>): Promise<ProbeOutcome> {
  const started = performance.now();
  try {
    await run();
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** A read of a key never written: answered by a working KV. */
function probeKv(deps: Pick<AppDeps, "kv">): Promise<ProbeOutcome> {
  return probe(() => deps.kv.get(keys.healthProbe()));
}

/** A HEAD of a key that does not exist: answered by a working store. */
function probeStorage(
  deps: Pick<AppDeps, "storage">,
): Promise<ProbeOutcome> {
  return probe(() => deps.storage.head("healthz/probe"));
}

/** What `GET /healthz` answers, with its status. */
export type HealthReport = {
  status: 200 | 503;
  body: {
    ok: boolean;
    error?: ErrorCode;
    message?: string;
    kv: ProbeState;
    storage: { kind: string } & ProbeState;
  };
};

/**
 * Both probes; a failing one is logged with its error and named in the
 * answer by a documented code (docs/operations.md#health-check).
 */
export async function healthReport(
  deps: Pick<AppDeps, "kv" | "storage" | "log">,
): Promise<HealthReport> {
  const [kv, storage] = await Promise.all([probeKv(deps), probeStorage(deps)]);
  const failed: { code: ErrorCode; message: string } | null = !kv.ok
    ? { code: "kv_unavailable", message: "KV is not answering." }
    : !storage.ok
    ? { code: "storage_unavailable", message: "Storage is not answering." }
    : null;
  for (const [what, outcome] of [["KV", kv], ["storage", storage]] as const) {
    if (outcome.ok) continue;
    deps.log({
      level: "warn",
      message: `health check: ${what} is not answering: ${outcome.error}`,
    });
  }
  return {
    status: failed ? 503 : 200,
    body: {
      ok: !failed,
      ...(failed ? { error: failed.code, message: failed.message } : {}),
      kv: stateOf(kv),
      storage: { kind: deps.storage.kind, ...stateOf(storage) },
    },
  };
}

function stateOf(outcome: ProbeOutcome): ProbeState {
  return outcome.ok ? outcome : { ok: false };
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
