/**
 * Watches one copy from a verified domain (docs/media.md#ingest-limits):
 * once the grace period has passed, a source averaging less than the floor
 * rate since it was asked for is dropped, and so is one still running at
 * its request's deadline — both 504 `source_too_slow`. Chunks only add to
 * a counter; one timer judges, a few times a second. A copy whose client
 * went away is dropped at once too (`gone`: docs/media.md#uploads-from-a-url).
 * @module
 */
import { AppError } from "../errors.ts";
import type { IngestLimits } from "./ingest_limits.ts";
import { UPLOAD_INSTEAD } from "./source_status_message.ts";

export interface SourcePace {
  /** Aborted once the source is judged too slow: give it to the fetch. */
  readonly signal: AbortSignal;
  /** Counts bytes as they arrive. */
  count(bytes: number): void;
  /** Why the source was dropped, once it was. */
  failure(): AppError | null;
  /** Ends the watch (the copy finished or failed otherwise). */
  stop(): void;
}

/**
 * Starts watching now; `deadlineAt` is the request's deadline on the
 * `performance.now()` scale (shared by all its copies). `gone`, aborted
 * once nobody waits for the copy any more (the request's own signal),
 * drops it then.
 */
export function watchSourcePace(
  limits: IngestLimits,
  deadlineAt: number,
  gone?: AbortSignal,
): SourcePace {
  const controller = new AbortController();
  const startedAt = performance.now();
  let bytes = 0;
  let failure: AppError | null = null;
  const trip = (error: AppError) => {
    failure ??= error;
    stop();
    controller.abort(failure);
  };
  // Caused by the signal's reason, so that a caller can tell a copy its
  // own client stopped (an MCP cancel: docs/mcp.md#cancelling-a-call).
  const leave = () =>
    trip(
      new AppError(
        "bad_request",
        "The request was given up before the copy ended: nothing was kept.",
        { cause: gone?.reason },
      ),
    );
  const stop = () => {
    clearInterval(timer);
    gone?.removeEventListener("abort", leave);
  };
  const judge = () => {
    const now = performance.now();
    if (now >= deadlineAt) {
      return trip(
        tooSlow(
          `The source did not arrive within the ${
            limits.deadlineMs / 1000
          } s a request may spend copying from verified domains`,
          "deadline",
          bytes,
        ),
      );
    }
    const elapsed = now - startedAt;
    const rate = bytes / (elapsed / 1000);
    if (elapsed >= limits.graceMs && rate < limits.minBytesPerSecond) {
      trip(
        tooSlow(
          `The source sent ${Math.floor(rate)} bytes/s over ${
            Math.round(elapsed / 100) / 10
          } s, below the ${limits.minBytesPerSecond} bytes/s needed`,
          "below_floor",
          bytes,
        ),
      );
    }
  };
  const timer = setInterval(
    judge,
    Math.max(10, Math.min(1000, limits.graceMs / 4)),
  );
  gone?.addEventListener("abort", leave);
  if (gone?.aborted) leave();
  else judge();
  return {
    signal: controller.signal,
    count: (n) => {
      bytes += n;
    },
    failure: () => failure,
    stop,
  };
}

function tooSlow(
  message: string,
  reason: "deadline" | "below_floor",
  bytes: number,
): AppError {
  return new AppError(
    "source_too_slow",
    `${message}: serve the file from a faster host, ${UPLOAD_INSTEAD}.`,
    { extra: { reason, bytes_received: bytes } },
  );
}
