/**
 * How long each KV key family lives (docs/architecture.md#how-long-each-record-lives),
 * as the growth simulation checks it: every family of lib/kv_keys.ts is
 * listed here with its end of life, so a new family cannot be added
 * without saying when its entries go.
 * @module
 */
import { keys } from "../../lib/kv_keys.ts";
import {
  DAY_MS,
  DUPLICATE_WINDOW_MS,
  HOUR_MS,
} from "../../lib/posting/post_reservation.ts";
import {
  POST_KEPT_MS,
  TIKTOK_COOLDOWN_MS,
} from "../../lib/posting/post_reservation.ts";
import { JOB_KEPT_MS } from "../../lib/jobs/jobs.ts";
import { IDEMPOTENCY_WINDOW_MS } from "../../lib/posting/idempotency.ts";
import { CREATOR_INFO_TTL_MS } from "../../lib/posting/creator_info_cache.ts";
import { POST_STATS_TTL_MS } from "../../lib/posting/post_stats.ts";
import { SIGN_IN_ATTEMPT_TTL_MS } from "../../lib/auth/sign_in.ts";
import { SIGN_IN_COUNT_KEPT_MS } from "../../lib/auth/sign_in_rate_limit.ts";
import { FOLLOW_FOR_MS } from "../../lib/posting/follow_publishes.ts";
import { LATE_CHECK_MS } from "../../lib/posting/publish_outcome.ts";
import { EVENT_KEPT_MS } from "../../lib/tiktok_webhooks/tiktok_event_intake.ts";
import {
  EVENT_LEASE_MS,
  EVENT_RETRY_FOR_MS,
} from "../../lib/tiktok_webhooks/tiktok_event_processing.ts";
import { REFRESH_CLAIM_MS } from "../../lib/auth/token_refresh.ts";
import { UPLOAD_FAILURE_KEPT_MS } from "../../lib/posting/video_source.ts";
import {
  ATTEMPT_LEASE_MS,
  DELIVERY_LOG_SIZE,
  RETRY_DELAYS_MS,
} from "../../lib/webhooks/webhooks.ts";
import { UPLOAD_DAY_COUNT_KEPT_MS } from "../../lib/media/upload_quota.ts";
import { ingestHoldMs, ingestLimitsOf } from "../../lib/media/ingest_limits.ts";
import { REFUSAL_KEPT_MS } from "../../lib/activity/api_refusals.ts";
import { ERASURE_CLAIM_MS } from "../../lib/erasure/account_erasure.ts";

/** How a family's entries end. */
export type FamilyLife =
  /** Read only (never written). */
  | { kind: "never" }
  /** One entry for the whole service (a cursor), never more. */
  | { kind: "single" }
  /** Lives with its account: at most `max` entries per account. */
  | { kind: "account"; max: number }
  /** Every write carries `expireIn` ≤ `windowMs`. */
  | { kind: "expires"; windowMs: number }
  /** Removed by `by` at most `windowMs` after its last write. */
  | { kind: "swept"; windowMs: number; by: string }
  /** Per account at most `max` settled entries, pruned by `by`. */
  | { kind: "capped"; max: number; by: string };

/** The simulation's settings that some lives depend on. */
export interface LifeSettings {
  /** The plan's media retention (uploads, albums, objects). */
  mediaTtlMs: number;
  sessionTtlMs: number;
  /** How far ahead the simulation schedules jobs (due entries live so long). */
  scheduleAheadMs: number;
  /** How long a job's claim lasts (lib/jobs/job_timing.ts jobLeaseMs). */
  jobLeaseMs: number;
}

/** The life of every family (the first part of its keys). */
export function familyLives(s: LifeSettings): Record<string, FamilyLife> {
  const media: FamilyLife = {
    kind: "swept",
    // The plan's TTL from completion (a job keeps it until its run + 1 h).
    windowMs: Math.max(s.mediaTtlMs, s.scheduleAheadMs + HOUR_MS),
    by: "the retention sweep",
  };
  const retries = RETRY_DELAYS_MS.reduce((a, b) => Math.max(a, b), 0);
  return {
    health_probe: { kind: "never" },
    accounts: { kind: "account", max: 1 },
    // A deletion's last step removes it; one cut short is finished by the
    // retention cron once its claim runs out (docs/accounts.md#a-deletion-cut-short).
    erasures_pending: {
      kind: "swept",
      windowMs: ERASURE_CLAIM_MS + 2 * 60_000,
      by: "the account deletion (or the retention cron after a crash)",
    },
    // The retention cron's place among them (lib/erasure/erasure_cron_cursor.ts).
    erasures_pending_cursor: { kind: "single" },
    // The live key's record (the previous one goes when a key is issued).
    api_keys_by_hash: { kind: "account", max: 1 },
    sessions: { kind: "expires", windowMs: s.sessionTtlMs },
    oauth_attempts: { kind: "expires", windowMs: SIGN_IN_ATTEMPT_TTL_MS },
    sign_in_attempts: { kind: "expires", windowMs: SIGN_IN_COUNT_KEPT_MS },
    uploads: media,
    uploads_by_account: media,
    uploads_by_storage_key: media,
    upload_day_counts: { kind: "expires", windowMs: UPLOAD_DAY_COUNT_KEPT_MS },
    albums: media,
    albums_by_account: media,
    media_expiry: media,
    media_deleted_at: { kind: "account", max: 1 },
    domains: { kind: "account", max: 20 },
    posts: { kind: "expires", windowMs: POST_KEPT_MS },
    posts_by_publish_id: { kind: "expires", windowMs: POST_KEPT_MS },
    posts_by_account: { kind: "expires", windowMs: POST_KEPT_MS },
    posts_following: {
      kind: "swept",
      // Each entry lives until the next check, at most LATE_CHECK_MS.
      windowMs: Math.max(FOLLOW_FOR_MS, LATE_CHECK_MS),
      by: "the publish follower",
    },
    post_upload_failures: { kind: "expires", windowMs: UPLOAD_FAILURE_KEPT_MS },
    post_fallback_claims: { kind: "expires", windowMs: POST_KEPT_MS },
    tiktok_status_calls: { kind: "expires", windowMs: 2 * 60_000 },
    post_quota: { kind: "account", max: 1 },
    post_last_success: { kind: "account", max: 1 },
    video_fingerprints: {
      kind: "expires",
      windowMs: DUPLICATE_WINDOW_MS + DAY_MS,
    },
    account_captions: {
      kind: "expires",
      windowMs: DUPLICATE_WINDOW_MS + DAY_MS,
    },
    global_captions: { kind: "expires", windowMs: DAY_MS + HOUR_MS },
    tiktok_cooldowns: {
      kind: "expires",
      windowMs: TIKTOK_COOLDOWN_MS + HOUR_MS,
    },
    creator_info_cache: { kind: "expires", windowMs: 2 * CREATOR_INFO_TTL_MS },
    post_stats_cache: { kind: "expires", windowMs: 2 * POST_STATS_TTL_MS },
    status_limits: { kind: "account", max: 1 },
    idempotency: { kind: "expires", windowMs: 2 * IDEMPOTENCY_WINDOW_MS },
    jobs: { kind: "expires", windowMs: s.scheduleAheadMs + JOB_KEPT_MS },
    jobs_by_account: {
      kind: "expires",
      windowMs: s.scheduleAheadMs + JOB_KEPT_MS,
    },
    jobs_due: {
      kind: "swept",
      windowMs: s.scheduleAheadMs,
      by: "the job runner (or a cancel)",
    },
    jobs_leases: {
      kind: "swept",
      windowMs: s.jobLeaseMs,
      by: "the job runner",
    },
    job_calendars: { kind: "account", max: 1 },
    media_orphan_sweep_cursor: { kind: "single" },
    ingest_slots: {
      kind: "expires",
      windowMs: 2 * ingestHoldMs(ingestLimitsOf(undefined)),
    },
    // One per stoppable MCP call running, removed when it ends
    // (docs/mcp.md#cancelling-a-call).
    mcp_calls: {
      kind: "expires",
      windowMs: 2 * ingestHoldMs(ingestLimitsOf(undefined)),
    },
    // Groups bounded by PM3K's routes and codes, each kept a week after
    // its last refusal (docs/api.md#refused-requests).
    api_refusals: { kind: "expires", windowMs: REFUSAL_KEPT_MS },
    webhooks: { kind: "account", max: 1 },
    webhook_deliveries: {
      kind: "capped",
      max: DELIVERY_LOG_SIZE,
      by: "pruning at each event",
    },
    tiktok_events: { kind: "expires", windowMs: EVENT_KEPT_MS },
    tiktok_events_due: {
      kind: "swept",
      windowMs: EVENT_RETRY_FOR_MS + EVENT_LEASE_MS,
      by: "the TikTok events round",
    },
    token_refresh_claims: { kind: "expires", windowMs: REFRESH_CLAIM_MS },
    // One entry per connected account, moved with its grant; none once
    // disconnected (docs/tiktok.md#token-refresh).
    token_expiry: { kind: "account", max: 1 },
    // The backfill's marker: one for the whole service.
    token_expiry_backfill: { kind: "single" },
    secret_key_check: { kind: "single" },
    tiktok_app_mark: { kind: "single" },
    webhook_due: {
      kind: "swept",
      windowMs: retries + ATTEMPT_LEASE_MS,
      by: "the webhook round",
    },
  };
}

/** Every family lib/kv_keys.ts builds keys for. */
export function keyFamilies(): string[] {
  const families = new Set<string>();
  for (const build of Object.values(keys)) {
    const args = Array.from({ length: build.length }, () => "x");
    families.add(
      String((build as (...a: unknown[]) => Deno.KvKey)(...args)[0]),
    );
  }
  return [...families].sort();
}

/**
 * Families whose whole life is a day or less, or that live with their
 * account: their count per account must stay flat from day 1 on.
 */
export function isShortLived(life: FamilyLife): boolean {
  return life.kind === "account" || life.kind === "never" ||
    life.kind === "single" ||
    ((life.kind === "expires" || life.kind === "swept") &&
      life.windowMs <= DAY_MS + HOUR_MS);
}

/** The window of a family that holds entries longer than a day. */
export function windowOf(life: FamilyLife): number | null {
  if (life.kind === "expires" || life.kind === "swept") return life.windowMs;
  return null;
}
