/** What KV keeps for webhooks. */
import type { EncryptedText } from "../crypto/encrypted_text_record.ts";

/**
 * The events PM3K sends to an account's webhook, in one list: the API's
 * `GET /api/webhook` answer and the dashboard's Webhook card both read it,
 * so a new event cannot be sent without being named (docs/webhooks.md).
 */
export const WEBHOOK_EVENTS = [
  "post.published",
  "post.failed",
  "job.failed",
  "account.disconnected",
] as const;

/** A subscribable event, or the dashboard's "Send test". */
export type WebhookEvent = typeof WEBHOOK_EVENTS[number] | "test";

export interface WebhookSettings {
  url: string;
  /** The signing secret, encrypted at rest (it must be usable to sign). */
  secret: EncryptedText;
  createdAt: number;
  updatedAt: number;
}

export interface WebhookDelivery {
  id: string;
  openId: string;
  event: WebhookEvent;
  /**
   * The exact JSON sent (signed as is); one recorded by an older PM3K is
   * filled and stored again before its first attempt (older_bodies.ts).
   */
  body: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}
