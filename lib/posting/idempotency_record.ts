/**
 * What KV keeps per `Idempotency-Key` (idempotency.ts): the claim, then
 * the answer to replay.
 * @module
 */

export interface IdempotencyRecord {
  bodyHash: string;
  /**
   * The request the key was used on (`POST /api/jobs`): the same body on
   * another route is another request. Absent on records written before it
   * was recorded, which match any route.
   */
  route?: string;
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
