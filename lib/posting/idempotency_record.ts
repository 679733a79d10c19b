/**
 * What KV keeps per `Idempotency-Key` (idempotency.ts): the claim, then
 * the answer to replay.
 * @module
 */

export interface IdempotencyRecord {
  bodyHash: string;
  state: "in_progress" | "done";
  at: number;
  status: number | null;
  body: Record<string, unknown> | null;
}
