/**
 * Opens everything the app depends on from a configuration: KV, the secret,
 * the TikTok client, the island bundles. main.ts, the admin CLI and the
 * tests all start from here.
 * @module
 */
import { busyWithDueJobs } from "../jobs/job_backlog.ts";
import { systemClock } from "../clock.ts";
import type { Clock } from "../clock.ts";
import { ConfigError } from "../config.ts";
import type { Config } from "../config.ts";
import { AppError, firstLineOf } from "../errors.ts";
import { retryBusy, withBusyRetry } from "../kv_busy_retry.ts";
import { confirmSecretKey } from "../crypto/secret_key_check.ts";
import { markTikTokApp } from "./tiktok_app_mark.ts";
import { resolveSecretKey } from "../crypto/secret_key.ts";
import { deriveTokenKey } from "../crypto/token_cipher.ts";
import { TikTokOAuthClient } from "../tiktok/oauth_client.ts";
import { TikTokContentClient } from "../tiktok/content_client.ts";
import { StopWords } from "../posting/caption_rules.ts";
import { loadIslandAssets } from "./island_build_cache.ts";
import type { IslandManifest } from "./island_build_cache.ts";
import { createStorage } from "../storage/create_storage.ts";
import { deriveUploadKey } from "../storage/local_upload_signature.ts";
import type { AppDeps } from "./app_deps.ts";
import { jsonLineLogger } from "./logger.ts";
import type { Logger } from "./logger.ts";
import type { IngestLimits } from "../media/ingest_limits.ts";
import { PRODUCTION_TIMING } from "./timing.ts";
import type { Timing } from "./timing.ts";

/** kv.enqueue accepts delays up to 30 days. */
const MAX_QUEUE_DELAY_MS = 30 * 24 * 3600_000 - 3600_000;

export interface RuntimeOptions {
  clock?: Clock;
  fetch?: typeof fetch;
  log?: Logger;
  /** Tests only: shorter ingest limits (`AppDeps.ingestLimits`). */
  ingestLimits?: Partial<IngestLimits>;
  /** Real-time waits; production values unless given (tests shorten them). */
  timing?: Partial<Timing>;
}

/**
 * Opens the KV store named by the configuration, retrying while another
 * process keeps its file busy (lib/kv_busy_retry.ts).
 * @throws {ConfigError} in one line when it cannot be opened (a path that
 *   cannot hold it, a file that is not a KV), for the server and the admin
 *   CLI to say and stop (docs/configuration.md); `database_busy` when the
 *   file stays busy
 */
export async function openKv(config: Config): Promise<Deno.Kv> {
  try {
    if (
      config.kvPath && !config.kvPath.includes("://") &&
      config.kvPath !== ":memory:"
    ) {
      const dir = config.kvPath.replace(/\/[^/]*$/, "");
      if (dir && dir !== config.kvPath) {
        await Deno.mkdir(dir, { recursive: true });
      }
    }
    return withBusyRetry(await retryBusy(() => Deno.openKv(config.kvPath)));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new ConfigError(
      `cannot open the KV at ${config.kvPath ?? "Deno Deploy"}: ${
        firstLineOf(error)
      }${kvVariableHint(config)}`,
    );
  }
}

/**
 * Which variable to change when a KV file cannot be opened: DATA_DIR for
 * the default file (unless KV_PATH names that same file), KV_PATH when it
 * names another (docs/configuration.md).
 * A KV Connect URL's own error says what it lacks.
 */
export function kvVariableHint(config: Config): string {
  const path = config.kvPath;
  if (path === undefined || path.includes("://") || path === ":memory:") {
    return "";
  }
  return path === `${config.dataDir}/pm3k.kv`
    ? `; set DATA_DIR (or KV_PATH, when given) to a place PM3K can create and write`
    : "; set KV_PATH to a KV file PM3K can create and write, or a KV Connect URL";
}

/** Builds the app's dependencies; the caller closes `deps.kv`. */
export async function openRuntime(
  config: Config,
  manifest: IslandManifest,
  options: RuntimeOptions = {},
): Promise<AppDeps> {
  const kv = await openKv(config);
  const timing: Timing = { ...PRODUCTION_TIMING, ...options.timing };
  /** The real wait of a queue message for a delay asked in app time. */
  const queueDelay = (delayMs: number) =>
    Math.round(delayMs * timing.queueDelayScale);
  try {
    const secret = await resolveSecretKey(config.secretKey, config.dataDir);
    const uploadKey = await deriveUploadKey(secret);
    const tokenKey = await deriveTokenKey(secret);
    // Another SECRET_KEY than the KV's first could read none of its secrets.
    await confirmSecretKey(kv, tokenKey, {
      dataDir: config.secretKey === undefined ? undefined : config.dataDir,
    });
    // Sandbox mode on a TikTok app's data: its variables were forgotten.
    await markTikTokApp(kv, config, (options.clock ?? systemClock).now());
    return {
      storage: createStorage(
        config,
        uploadKey,
        options.fetch,
        options.log ?? jsonLineLogger,
      ),
      uploadKey,
      config,
      kv,
      clock: options.clock ?? systemClock,
      tokenKey,
      tiktokOAuth: new TikTokOAuthClient(config.tiktok, options.fetch),
      tiktokContent: new TikTokContentClient(config.tiktok.apiBaseUrl, {
        fetch: options.fetch,
        timeoutMs: config.tiktokTimeoutMs,
      }),
      stopWords: new StopWords(config.stopWordsExtra),
      allowLoopback: config.sandbox,
      enqueueFollow: config.queues
        ? async (postId, delayMs) => {
          // While due jobs wait for a turn, the cron makes the check
          // (job_backlog.ts): no message adds commits to the busy KV.
          if (busyWithDueJobs(kv)) return;
          await kv.enqueue({ type: "follow_post", postId }, {
            delay: queueDelay(delayMs),
          });
        }
        : undefined,
      enqueueWebhook: config.queues
        ? async (openId, deliveryId, delayMs) => {
          await kv.enqueue({ type: "webhook", openId, deliveryId }, {
            delay: Math.max(
              0,
              Math.min(queueDelay(delayMs), MAX_QUEUE_DELAY_MS),
            ),
          });
        }
        : undefined,
      enqueueJob: config.queues
        ? async (jobId, delayMs) => {
          // Queue delays stop at 30 days: an early message re-enqueues the rest.
          await kv.enqueue({ type: "run_job", jobId }, {
            delay: Math.max(
              0,
              Math.min(queueDelay(delayMs), MAX_QUEUE_DELAY_MS),
            ),
          });
        }
        : undefined,
      timing,
      islands: await loadIslandAssets(manifest, {
        prebuiltOnly: config.onDeploy,
      }),
      log: options.log ?? jsonLineLogger,
      ingestLimits: options.ingestLimits,
    };
  } catch (error) {
    kv.close();
    throw error;
  }
}
