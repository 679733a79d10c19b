/**
 * Everything the app needs from outside, built once by `openRuntime`
 * (app_runtime.ts) or a test. Domain functions take the part they use as
 * their first parameter, `deps: Pick<AppDeps, …>`; routes pass
 * `c.get("deps")` and the background work passes its own whole.
 * @module
 */
import type { Config } from "../config.ts";
import type { Clock } from "../clock.ts";
import type { TikTokOAuthClient } from "../tiktok/oauth_client.ts";
import type { TikTokContentClient } from "../tiktok/content_client.ts";
import type { StopWords } from "../posting/caption_rules.ts";
import type { IslandAssets } from "../islands/island_assets.ts";
import type { ObjectStorage } from "../storage/object_storage.ts";
import type { SafeFetchOptions } from "../net/safe_fetch.ts";
import type { IngestLimits } from "../media/ingest_limits.ts";
import type { Logger } from "./logger.ts";
import type { Timing } from "./timing.ts";

export interface AppDeps {
  config: Config;
  kv: Deno.Kv;
  clock: Clock;
  /** AES-GCM key for TikTok tokens at rest. */
  tokenKey: CryptoKey;
  tiktokOAuth: TikTokOAuthClient;
  tiktokContent: TikTokContentClient;
  stopWords: StopWords;
  /**
   * Sandbox mode (`config.sandbox`): loopback hosts may be ingested from,
   * verified as domains (over http) and sent webhooks.
   */
  allowLoopback: boolean;
  /** Set where the KV has queues: a follow-up of a post after a delay. */
  enqueueFollow?: (postId: string, delayMs: number) => Promise<void>;
  /** Set where the KV has queues: wakes a job at its run time. */
  enqueueJob?: (jobId: string, delayMs: number) => Promise<void>;
  /** Set where the KV has queues: a webhook delivery attempt. */
  enqueueWebhook?: (
    openId: string,
    deliveryId: string,
    delayMs: number,
  ) => Promise<void>;
  /** Real-time waits: queue message delays, dashboard list refresh. */
  timing: Timing;
  islands: IslandAssets;
  storage: ObjectStorage;
  /** HMAC key of the local adapter's signed upload URLs. */
  uploadKey: CryptoKey;
  log: Logger;
  /**
   * Tests only: TikTok status calls allowed per token per minute (the
   * follower's default, 25, when absent).
   */
  statusCallsPerMinute?: number;
  /**
   * Tests only: changes to the SSRF-safe fetch of ingest, webhooks and
   * domain verification (shorter timeouts, a fake resolver).
   */
  fetchOptions?: Partial<SafeFetchOptions>;
  /**
   * Tests only: changes to the limits of copies from verified domains
   * (floor rate, grace, deadline, concurrent copies per account).
   */
  ingestLimits?: Partial<IngestLimits>;
  /**
   * Tests and the bench only: FILE_UPLOAD's preferred chunk size (kept
   * within TikTok's rules), attempts per chunk and first retry wait.
   */
  fileUpload?: Partial<
    { chunkBytes: number; attempts: number; retryBaseMs: number }
  >;
}
