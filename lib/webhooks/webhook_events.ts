/**
 * The events PM3K sends to an account's webhook, in one list: the API's
 * `GET /api/webhook` answer and the dashboard's Webhook card both read it,
 * so a new event cannot be sent without being named (docs/webhooks.md).
 * @module
 */
export const WEBHOOK_EVENTS = [
  "post.published",
  "post.failed",
  "job.failed",
  "account.disconnected",
] as const;

/** A subscribable event, or the dashboard's "Send test". */
export type WebhookEvent = typeof WEBHOOK_EVENTS[number] | "test";
