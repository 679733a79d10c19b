/**
 * How long and how many copies from verified domains an API request may
 * wait for (docs/media.md#ingest-limits): a source slower than a floor
 * rate once a grace period has passed is dropped, all the copies of one
 * request share one deadline, and an account copies a few sources at once
 * at most. Tests shorten them through `deps.ingestLimits`.
 * @module
 */
export interface IngestLimits {
  /**
   * Bytes per second a source must average, from the moment it is asked
   * for, once the grace period is over (`source_too_slow` below it).
   */
  minBytesPerSecond: number;
  /** How long a source may be slower than that (a slow start, a DNS wait). */
  graceMs: number;
  /** All the copies one request makes, together (`source_too_slow` past it). */
  deadlineMs: number;
  /** Requests of one account copying at the same time (429 beyond). */
  maxConcurrentPerAccount: number;
}

export const INGEST_LIMITS: Readonly<IngestLimits> = {
  // 64 KiB/s is a very slow web server: the plan's 200 MB at this rate
  // would take 52 minutes, so the deadline below bounds big files too.
  minBytesPerSecond: 64 * 1024,
  graceMs: 10_000,
  // 200 MB in 5 minutes is 670 kB/s; Make's HTTP module gives up after
  // 300 s at most, so a longer wait would answer nobody.
  deadlineMs: 5 * 60_000,
  maxConcurrentPerAccount: 3,
};

/**
 * After its last byte, a copy is read back and probed from storage (a few
 * ranged reads) and recorded in KV: bounded by storage's own timeouts, well
 * within this.
 */
export const INGEST_PROBE_SLACK_MS = 60_000;

/** The limits in force: the defaults, or what a test set (`deps.ingestLimits`). */
export function ingestLimitsOf(
  overrides: Partial<IngestLimits> | undefined,
): IngestLimits {
  return { ...INGEST_LIMITS, ...overrides };
}

/** The longest one request's copies hold an ingest slot. */
export function ingestHoldMs(limits: IngestLimits): number {
  return limits.deadlineMs + INGEST_PROBE_SLACK_MS;
}
