/**
 * The app's real-time waits that are not clock readings: how long a queue
 * message sleeps for a delay the app asks for, how often the dashboard's
 * lists reload. The app's own times (a post's next check, a delivery's
 * next_attempt_at) come from the Clock and never from here. Production
 * uses PRODUCTION_TIMING; tests that drive a ManualClock shorten these
 * waits so a 10 s backoff is not waited out for real.
 * @module
 */

export interface Timing {
  /**
   * Real milliseconds a queue message waits per millisecond of delay asked
   * (`enqueueFollow`, `enqueueJob`, `enqueueWebhook`): 1 in production.
   * Below 1 only with a ManualClock moved ahead by the test: with the
   * system clock a message woken early finds its work not due yet.
   */
  queueDelayScale: number;
  /** How often the dashboard's posts and jobs lists reload themselves. */
  listRefreshMs: number;
  /**
   * How long a post waits for another process's renewal of its account's
   * TikTok token before answering 503 `tiktok_token_busy`.
   */
  tokenRefreshWaitMs: number;
  /**
   * How often an MCP tool call that asked for progress (a progressToken)
   * is told it still runs (docs/mcp.md#long-calls).
   */
  mcpProgressMs: number;
}

export const PRODUCTION_TIMING: Readonly<Timing> = {
  queueDelayScale: 1,
  listRefreshMs: 5_000,
  tokenRefreshWaitMs: 20_000,
  mcpProgressMs: 5_000,
};
