/**
 * What KV keeps of an event TikTok sent to `POST /webhooks/tiktok`
 * (docs/tiktok.md#tiktoks-webhooks): recorded before the 200, worked
 * through after it.
 * @module
 */

export interface TikTokEventRecord {
  /** The event's identity (tiktok_event_intake.ts): duplicates share it. */
  id: string;
  event: string;
  userOpenId: string;
  /** TikTok's `create_time` (epoch seconds). */
  createTime: number;
  /** TikTok's `content`, parsed (it arrives as a JSON string). */
  content: Record<string, unknown>;
  /** pending: still to be applied; done: applied or nothing to apply. */
  state: "pending" | "done";
  /** When the event is (next) worked on; null once done. */
  nextAttemptAt: number | null;
  attempts: number;
  receivedAt: number;
  updatedAt: number;
  /** What applying it did, for the log (e.g. "post_not_found"). */
  outcome?: string;
}
