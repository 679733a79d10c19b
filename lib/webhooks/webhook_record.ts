/** What KV keeps for webhooks. */
import type { EncryptedText } from "../crypto/encrypted_text_record.ts";

import type { WebhookEvent } from "./webhook_events.ts";

export type { WebhookEvent };

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
  /** The exact JSON sent (signed as is). */
  body: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}
