/**
 * What KV keeps per `Idempotency-Key` (idempotency.ts): the claim, then
 * the answer to replay.
 * @module
 */

export interface IdempotencyRecord {
  bodyHash: string;
  state: "in_progress" | "done";
  at: number;
  /**
   * While `in_progress`: when the request holding the key can no longer be
   * alive (its claim plus the longest a post can run). Absent on claims
   * written before it was recorded.
   */
  deadline?: number;
  status: number | null;
  body: Record<string, unknown> | null;
}
