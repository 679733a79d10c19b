/**
 * Claims a record found through a time-ordered "due" index (see
 * drain_due.ts) under a lease: whoever moves its due entry first makes the
 * claim, and the entry moves `leaseMs` ahead, so a process dying mid-work
 * delays the work, never loses it. Shared by the publish follower and the
 * webhook deliveries.
 * @module
 */

/** The fields of `T` that hold a due time (a number, or null when none). */
type DueField<T> = {
  [K in keyof T]: T[K] extends number | null ? K : never;
}[keyof T];

export interface DueClaimOptions<T> {
  /** The field of the record that holds its due time. */
  field: DueField<T>;
  /** The due index key of the record at a time. */
  dueKey: (at: number) => Deno.KvKey;
  now: number;
  leaseMs: number;
  /**
   * The due entry the cron found: removed when it is stale (the record
   * gone, settled, or due at another time).
   */
  foundAt?: number;
  /** The record's `expireIn` when rewritten (a record that expires). */
  keep?: (value: T, now: number) => { expireIn: number };
  /** Whether the record may be claimed (default: its state is pending). */
  claimable?: (value: T) => boolean;
}

/**
 * Claims the pending, due record of `entry`; null when it is not pending,
 * not due yet, or another process claimed it first.
 */
export async function claimDue<
  T extends { state: string; updatedAt: number },
>(
  kv: Deno.Kv,
  entry: Deno.KvEntryMaybe<T>,
  options: DueClaimOptions<T>,
): Promise<{ value: T; leaseAt: number; versionstamp: string } | null> {
  const { field, dueKey, now, foundAt } = options;
  const value = entry.value;
  const dueAt = value?.[field] as number | null | undefined;
  const claimable = options.claimable ?? ((v: T) => v.state === "pending");
  if (!value || !claimable(value) || dueAt == null || dueAt > now) {
    if (foundAt !== undefined && dueAt !== foundAt) {
      await kv.atomic().check(entry).delete(dueKey(foundAt)).commit();
    }
    return null;
  }
  const leaseAt = now + options.leaseMs;
  const claimed = await kv.atomic().check(entry)
    .delete(dueKey(dueAt))
    .set(dueKey(leaseAt), true)
    .set(
      entry.key,
      { ...value, [field]: leaseAt, updatedAt: now },
      options.keep?.(value, now),
    )
    .commit();
  return claimed.ok
    ? { value, leaseAt, versionstamp: claimed.versionstamp }
    : null;
}
