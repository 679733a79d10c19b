/**
 * The app's log: one structured line per event. The runtime writes each as
 * JSON on stdout; tests capture the lines. A failure the code chooses not
 * to propagate is logged with what failed and for whom ({@link logFailure}).
 * @module
 */
import { AppError } from "../errors.ts";

export type LogLevel = "info" | "warn" | "error";

/** One log line: a level, a message, and fields saying for whom. */
export interface LogLine {
  level: LogLevel;
  message: string;
  [field: string]: unknown;
}

export type Logger = (line: LogLine) => void;

/** Writes each line as one JSON object with a timestamp. */
export const jsonLineLogger: Logger = (line) =>
  console.log(JSON.stringify({ ts: new Date().toISOString(), ...line }));

/** The fields of a log line that describe a thrown value. */
export function errorFields(error: unknown): Record<string, string> {
  if (error instanceof Error) {
    return {
      error: `${error.name}: ${error.message}`,
      ...(error.stack ? { stack: error.stack } : {}),
    };
  }
  return { error: String(error) };
}

/**
 * The level a failure is logged at: a busy KV file past its retries is
 * expected under load (the work is retried by its next round), not a bug.
 */
export function failureLevel(error: unknown): "warn" | "error" {
  return error instanceof AppError && error.code === "database_busy"
    ? "warn"
    : "error";
}

/**
 * A `.catch` handler for a failure that is logged and not propagated:
 * `what` names the work that failed, `context` whom it was for
 * (open_id, post_id, job_id, key…).
 *
 *     await deps.enqueueFollow?.(post.id, delay)
 *       .catch(logFailure(deps.log, "enqueueing the first status check", {
 *         post_id: post.id,
 *       }));
 */
export function logFailure(
  log: Logger,
  what: string,
  context: Record<string, unknown> = {},
): (error: unknown) => void {
  return (error) =>
    log({
      level: failureLevel(error),
      message: `${what} failed`,
      ...context,
      ...errorFields(error),
    });
}
