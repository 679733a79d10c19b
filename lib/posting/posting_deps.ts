/** What the posting domain needs from outside. */
import type { Clock } from "../clock.ts";
import type { ObjectStorage } from "../storage/object_storage.ts";
import type { TikTokOAuthClient } from "../tiktok/oauth_client.ts";
import type { TikTokContentClient } from "../tiktok/content_client.ts";
import type { StopWords } from "./caption_rules.ts";

export interface PostingDeps {
  kv: Deno.Kv;
  clock: Clock;
  storage: ObjectStorage;
  tokenKey: CryptoKey;
  tiktokOAuth: TikTokOAuthClient;
  tiktokContent: TikTokContentClient;
  stopWords: StopWords;
  /** Sandbox and tests: loopback sources allowed for ingest. */
  allowLoopback: boolean;
  /** TikTok status calls allowed per token per minute (default 25). */
  statusCallsPerMinute?: number;
  /** Where the KV has queues: asks for a follow-up of a post after a delay. */
  enqueueFollow?: (postId: string, delayMs: number) => Promise<void>;
  /** Where the KV has queues: a webhook delivery attempt after a delay. */
  enqueueWebhook?: (
    openId: string,
    deliveryId: string,
    delayMs: number,
  ) => Promise<void>;
}
