/**
 * The cap on copies from verified domains running at once for one account
 * (docs/media.md#ingest-limits), held across processes: the account's
 * leases live in one KV record, changed only by commits checked on what
 * was read. A lease is released when its request ends, whatever the way,
 * and lapses by itself once its request can no longer be copying (a crash
 * releases nothing).
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { logFailure } from "../runtime/logger.ts";
import { ingestHoldMs, ingestLimitsOf } from "./ingest_limits.ts";
import type { IngestLease } from "./ingest_slot_record.ts";

/** Retry-After of `ingest_limit`, at most (seconds): copies end any time. */
export const INGEST_LIMIT_RETRY_AFTER_S = 5;
/** Commits lost to other requests of the account before giving up. */
const MAX_ATTEMPTS = 50;

export type IngestSlotDeps = Pick<AppDeps, "kv" | "clock" | "ingestLimits">;

/**
 * Takes one of the account's slots.
 * @param options.mayExceed counted but never refused (a scheduled job's
 *   run: one per account per hour, and refusing it would fail the job)
 * @throws {AppError} `ingest_limit` when every slot is taken
 */
export async function acquireIngestSlot(
  deps: IngestSlotDeps,
  openId: string,
  options: { mayExceed?: boolean } = {},
): Promise<IngestLease> {
  const limits = ingestLimitsOf(deps.ingestLimits);
  const k = keys.ingestSlots(openId);
  const id = crypto.randomUUID();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const entry = await getTyped(deps.kv, k);
    const now = deps.clock.now();
    const live = (entry.value?.leases ?? []).filter((l) => l.until > now);
    if (!options.mayExceed && live.length >= limits.maxConcurrentPerAccount) {
      throw ingestLimit(live, now, limits.maxConcurrentPerAccount);
    }
    const lease = { id, until: now + ingestHoldMs(limits) };
    const res = await deps.kv.atomic().check(entry)
      .set(k, { leases: [...live, lease] }, {
        // Only tidies KV: the leases' own `until` decides.
        expireIn: ingestHoldMs(limits) * 2,
      })
      .commit();
    if (res.ok) return lease;
  }
  throw new AppError(
    "conflict",
    "Too many copies started at once for this account; try again.",
  );
}

/** Gives a slot back (a lapsed one is gone already). */
export async function releaseIngestSlot(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  lease: IngestLease,
): Promise<void> {
  const k = keys.ingestSlots(openId);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const entry = await getTyped(deps.kv, k);
    const leases = entry.value?.leases ?? [];
    if (!leases.some((l) => l.id === lease.id)) return;
    const now = deps.clock.now();
    const rest = leases.filter((l) => l.id !== lease.id && l.until > now);
    const op = deps.kv.atomic().check(entry);
    if (rest.length === 0) op.delete(k);
    else {
      const last = Math.max(...rest.map((l) => l.until));
      op.set(k, { leases: rest }, { expireIn: Math.max(1, last - now) * 2 });
    }
    if ((await op.commit()).ok) return;
  }
  throw new Error(`Could not release ingest slot ${lease.id}: too contended`);
}

function ingestLimit(
  live: IngestLease[],
  now: number,
  max: number,
): AppError {
  const firstLapse = Math.min(...live.map((l) => l.until));
  return new AppError(
    "ingest_limit",
    `This account is already copying ${max} sources at once (files from verified domains, uploads from a URL); retry when one has finished.`,
    {
      extra: {
        max_concurrent: max,
        retry_after_seconds: Math.max(
          1,
          Math.min(
            INGEST_LIMIT_RETRY_AFTER_S,
            Math.ceil((firstLapse - now) / 1000),
          ),
        ),
      },
    },
  );
}

/**
 * One request's copies: the first takes one of the account's slots and
 * starts the deadline they all share; `end` gives the slot back.
 */
export interface IngestSession {
  /** Before each copy: its deadline (`performance.now()` scale). */
  begin(): Promise<number>;
  /** Gives the slot back, if one was taken; a failure is only logged. */
  end(): Promise<void>;
}

export function ingestSession(
  deps: IngestSlotDeps & Pick<AppDeps, "log">,
  openId: string,
  options: { mayExceedCap?: boolean } = {},
): IngestSession {
  let deadlineAt: number | null = null;
  let lease: IngestLease | null = null;
  return {
    async begin() {
      if (deadlineAt === null) {
        lease = await acquireIngestSlot(deps, openId, {
          mayExceed: options.mayExceedCap,
        });
        deadlineAt = performance.now() +
          ingestLimitsOf(deps.ingestLimits).deadlineMs;
      }
      return deadlineAt;
    },
    async end() {
      if (!lease) return;
      const held = lease;
      lease = null;
      // A slot not given back lapses by itself at its `until`.
      await releaseIngestSlot(deps, openId, held).catch(
        logFailure(deps.log, "releasing an ingest slot", {
          open_id: openId,
          lease_id: held.id,
        }),
      );
    },
  };
}
