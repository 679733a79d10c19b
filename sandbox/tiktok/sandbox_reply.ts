/**
 * TikTok's JSON envelope for the sandbox's answers: `data` and an `error`
 * object with code, message and log_id, "ok" on success.
 * @module
 */
import type { Context } from "hono";
import type { Clock } from "../../lib/clock.ts";
import { newLogId } from "./sandbox_store.ts";

/** A success: `data` with error code "ok". */
export function replyOk(c: Context, clock: Clock, data: unknown): Response {
  return c.json(
    { data, error: { code: "ok", message: "", log_id: newLogId(clock) } },
    200,
  );
}

/** A refusal with TikTok's status, error code and message (empty data). */
export function replyError(
  c: Context,
  clock: Clock,
  status: number,
  code: string,
  message: string,
): Response {
  return c.json(
    { data: {}, error: { code, message, log_id: newLogId(clock) } },
    status as 400,
  );
}

/** TikTok's answer when a token goes over its per-minute limit. */
export function replyRateLimited(c: Context, clock: Clock): Response {
  return replyError(
    c,
    clock,
    429,
    "rate_limit_exceeded",
    "API rate limit was exceeded, please retry later.",
  );
}
