/**
 * The one catalogue of Deno KV keys. Every key PM3K reads or writes is built
 * here, so the key space can be read in one place; each builder's return
 * type carries the type of the value stored under it.
 * @module
 */
import type { Account } from "./accounts/account_record.ts";
import type { EncryptedText } from "./crypto/encrypted_text_record.ts";
import type { ApiKeyRecord } from "./api_keys/api_key_record.ts";
import type { SessionRecord } from "./sessions/session_record.ts";
import type { OAuthAttempt } from "./auth/oauth_attempt_record.ts";
import type { AlbumRecord, UploadRecord } from "./media/media_record.ts";
import type { DomainRecord } from "./domains/domain_record.ts";
import type { IngestSlots } from "./media/ingest_slot_record.ts";
import type {
  FallbackClaim,
  GlobalCaptionUses,
  PostQuota,
  PostRecord,
  PublishSnapshot,
  TikTokCooldown,
  UploadFailureMark,
  UsageMark,
} from "./posting/post_record.ts";
import type { CachedCreatorInfo } from "./posting/creator_info_cache_record.ts";
import type { CachedPostStats } from "./posting/post_stats_record.ts";
import type { StatusLimitState } from "./posting/status_limit_record.ts";
import type { IdempotencyRecord } from "./posting/idempotency_record.ts";
import type { JobCalendar, JobRecord } from "./jobs/job_record.ts";
import type {
  WebhookDelivery,
  WebhookSettings,
} from "./webhooks/webhook_record.ts";
import type { TikTokEventRecord } from "./tiktok_webhooks/tiktok_event_record.ts";
import type { TokenRefreshClaim } from "./auth/token_refresh_record.ts";
import type { TokenExpiryBackfill } from "./accounts/token_expiry_record.ts";
import type { TikTokAppMark } from "./runtime/tiktok_app_mark_record.ts";
import type { ApiRefusal } from "./activity/api_refusal_record.ts";
import type { ErasurePending } from "./erasure/erasure_pending_record.ts";
import type { McpCallMark } from "./mcp/mcp_call_record.ts";

/** A KV key whose stored value has type `T` (phantom, for typed reads). */
export type TypedKey<T> = Deno.KvKey & { readonly __value?: T };

/** Builds a typed key; also used by the sandbox's own key catalogue. */
export function key<T>(...parts: Deno.KvKeyPart[]): TypedKey<T> {
  return parts as TypedKey<T>;
}

export const keys = {
  /** Read by /healthz to prove KV answers (never written). */
  healthProbe: () => key<null>("health_probe"),
  account: (openId: string) => key<Account>("accounts", openId),
  accountsPrefix: () => key<Account>("accounts"),
  /**
   * A deleted account whose records are not all gone yet
   * (docs/accounts.md#a-deletion-cut-short): set with the account record's
   * deletion, removed when the deletion finishes.
   */
  erasurePending: (openId: string) =>
    key<ErasurePending>("erasures_pending", openId),
  erasuresPendingPrefix: () => key<ErasurePending>("erasures_pending"),
  /**
   * The retention cron's place among the marks above: the open_id of the
   * last one a round dealt with (lib/erasure/erasure_cron_cursor.ts).
   */
  erasuresCronCursor: () => key<string>("erasures_pending_cursor"),
  apiKeyByHash: (hash: string) => key<ApiKeyRecord>("api_keys_by_hash", hash),
  session: (id: string) => key<SessionRecord>("sessions", id),
  sessionsPrefix: () => key<SessionRecord>("sessions"),
  oauthAttempt: (state: string) => key<OAuthAttempt>("oauth_attempts", state),
  /** Sign-in attempts of one client address in one minute (a counter). */
  signInAttempts: (ip: string, minute: number) =>
    key<Deno.KvU64>("sign_in_attempts", ip, minute),

  upload: (id: string) => key<UploadRecord>("uploads", id),
  /** Index: the account's uploads, newest last (ULID order); value = id. */
  uploadByAccount: (openId: string, id: string) =>
    key<string>("uploads_by_account", openId, id),
  uploadsByAccountPrefix: (openId: string) =>
    key<string>("uploads_by_account", openId),
  /** Index: storage key → upload id (to serve only live, completed files). */
  uploadByStorageKey: (storageKey: string) =>
    key<string>("uploads_by_storage_key", storageKey),
  /** Uploads counted for one account on one UTC day (albums count once). */
  uploadDayCount: (openId: string, day: string) =>
    key<Deno.KvU64>("upload_day_counts", openId, day),
  uploadDayCountsPrefix: (openId: string) =>
    key<Deno.KvU64>("upload_day_counts", openId),
  album: (id: string) => key<AlbumRecord>("albums", id),
  albumByAccount: (openId: string, id: string) =>
    key<string>("albums_by_account", openId, id),
  albumsByAccountPrefix: (openId: string) =>
    key<string>("albums_by_account", openId),
  /**
   * When the account last deleted media through the API (an upload or an
   * album): each deletion's commit writes it, and a post's reservation or a
   * job's creation checks it unchanged since its uploads were found live
   * (docs/media.md#deleting-media).
   */
  mediaDeletedAt: (openId: string) => key<number>("media_deleted_at", openId),
  /** Retention index: what expires when; the sweep lists it up to now. */
  mediaExpiry: (expiresAt: number, kind: "upload" | "album", id: string) =>
    key<true>("media_expiry", expiresAt, kind, id),
  mediaExpiryPrefix: () => key<true>("media_expiry"),
  /** The orphan sweep's place in the bucket: the last object key it saw. */
  orphanSweepCursor: () => key<string>("media_orphan_sweep_cursor"),
  /** The account's copies from verified domains in flight (leases). */
  ingestSlots: (openId: string) => key<IngestSlots>("ingest_slots", openId),
  domain: (openId: string, domain: string) =>
    key<DomainRecord>("domains", openId, domain),
  domainsPrefix: (openId: string) => key<DomainRecord>("domains", openId),

  post: (id: string) => key<PostRecord>("posts", id),
  /** The post's id, owner and latest TikTok status, by publish_id. */
  postByPublishId: (publishId: string) =>
    key<PublishSnapshot>("posts_by_publish_id", publishId),
  postByAccount: (openId: string, id: string) =>
    key<string>("posts_by_account", openId, id),
  postsByAccountPrefix: (openId: string) =>
    key<string>("posts_by_account", openId),
  /** Follow index: in-flight publishes by the time to check them next. */
  postFollow: (at: number, id: string) => key<true>("posts_following", at, id),
  postFollowPrefix: () => key<true>("posts_following"),
  /** A FILE_UPLOAD of the post that stopped short (its follower fails it). */
  postUploadFailure: (id: string) =>
    key<UploadFailureMark>("post_upload_failures", id),
  /** auto's file upload fallback of the post, claimed before its init. */
  postFallbackClaim: (id: string) =>
    key<FallbackClaim>("post_fallback_claims", id),
  /** Times of the account's status/fetch calls to TikTok in the last minute. */
  tiktokStatusCalls: (openId: string) =>
    key<number[]>("tiktok_status_calls", openId),
  postQuota: (openId: string) => key<PostQuota>("post_quota", openId),
  /** When the account last started a publish successfully. */
  lastPostSuccess: (openId: string) => key<number>("post_last_success", openId),
  videoFingerprint: (openId: string, fingerprint: string) =>
    key<UsageMark>("video_fingerprints", openId, fingerprint),
  videoFingerprintsPrefix: (openId: string) =>
    key<UsageMark>("video_fingerprints", openId),
  accountCaption: (openId: string, captionHash: string) =>
    key<UsageMark>("account_captions", openId, captionHash),
  accountCaptionsPrefix: (openId: string) =>
    key<UsageMark>("account_captions", openId),
  globalCaption: (captionHash: string) =>
    key<GlobalCaptionUses>("global_captions", captionHash),
  tiktokCooldown: (openId: string) =>
    key<TikTokCooldown>("tiktok_cooldowns", openId),
  creatorInfo: (openId: string) =>
    key<CachedCreatorInfo>("creator_info_cache", openId),
  postStats: (postId: string) =>
    key<CachedPostStats>("post_stats_cache", postId),
  statusLimits: (openId: string) =>
    key<StatusLimitState>("status_limits", openId),
  idempotency: (openId: string, idempotencyKey: string) =>
    key<IdempotencyRecord>("idempotency", openId, idempotencyKey),
  idempotencyPrefix: (openId: string) =>
    key<IdempotencyRecord>("idempotency", openId),
  /**
   * An MCP tool call that a `notifications/cancelled` may stop, by its
   * JSON-RPC id as the key's client sent it (JSON text) and a call id of
   * its own: ids are unique per client only (docs/mcp.md#cancelling-a-call).
   */
  mcpCall: (openId: string, keyHash: string, requestId: string, id: string) =>
    key<McpCallMark>("mcp_calls", openId, keyHash, requestId, id),
  mcpCallsWithId: (openId: string, keyHash: string, requestId: string) =>
    key<McpCallMark>("mcp_calls", openId, keyHash, requestId),
  mcpCallsPrefix: (openId: string) => key<McpCallMark>("mcp_calls", openId),

  job: (id: string) => key<JobRecord>("jobs", id),
  jobByAccount: (openId: string, id: string) =>
    key<string>("jobs_by_account", openId, id),
  jobsByAccountPrefix: (openId: string) =>
    key<string>("jobs_by_account", openId),
  /** Due index: scheduled jobs by run time (the runner lists it). */
  jobDue: (runAt: number, id: string) => key<true>("jobs_due", runAt, id),
  jobsDuePrefix: () => key<true>("jobs_due"),
  /** Publishing jobs by lease end, to find crashed claims. */
  jobLease: (leaseUntil: number, id: string) =>
    key<true>("jobs_leases", leaseUntil, id),
  jobLeasesPrefix: () => key<true>("jobs_leases"),
  jobCalendar: (openId: string) => key<JobCalendar>("job_calendars", openId),

  /** What the API refused an account's key, by request and code. */
  apiRefusal: (openId: string, request: string, code: string) =>
    key<ApiRefusal>("api_refusals", openId, request, code),
  apiRefusalsPrefix: (openId: string) =>
    key<ApiRefusal>("api_refusals", openId),

  webhook: (openId: string) => key<WebhookSettings>("webhooks", openId),
  webhookDelivery: (openId: string, id: string) =>
    key<WebhookDelivery>("webhook_deliveries", openId, id),
  webhookDeliveriesPrefix: (openId: string) =>
    key<WebhookDelivery>("webhook_deliveries", openId),
  /** Deliveries waiting for their next attempt, by time. */
  webhookDue: (at: number, openId: string, id: string) =>
    key<true>("webhook_due", at, openId, id),
  webhookDuePrefix: () => key<true>("webhook_due"),

  /** An event TikTok sent, by its identity (dedupes redeliveries). */
  tiktokEvent: (id: string) => key<TikTokEventRecord>("tiktok_events", id),
  tiktokEventsPrefix: () => key<TikTokEventRecord>("tiktok_events"),
  /** Events of TikTok's still to work on, by time. */
  tiktokEventDue: (at: number, id: string) =>
    key<true>("tiktok_events_due", at, id),
  tiktokEventsDuePrefix: () => key<true>("tiktok_events_due"),
  /** Who refreshes the account's TikTok token now (a lease; expires). */
  tokenRefreshClaim: (openId: string) =>
    key<TokenRefreshClaim>("token_refresh_claims", openId),
  /**
   * Index: connected accounts by access-token expiry, one entry each, moved
   * in the commits that write the grant (the refresh cron lists it).
   */
  tokenExpiry: (accessExpiresAt: number, openId: string) =>
    key<true>("token_expiry", accessExpiresAt, openId),
  tokenExpiryPrefix: () => key<true>("token_expiry"),
  /** How far the one-time backfill of that index got. */
  tokenExpiryBackfill: () => key<TokenExpiryBackfill>("token_expiry_backfill"),
  /** A known text sealed with the first SECRET_KEY (secret_key_check.ts). */
  secretKeyCheck: () => key<EncryptedText>("secret_key_check"),
  /** Which TikTok the accounts belong to (tiktok_app_mark.ts). */
  tiktokAppMark: () => key<TikTokAppMark>("tiktok_app_mark"),
} as const;

/** The most bytes Deno KV stores in one key; it refuses longer keys. */
const KV_KEY_MAX_BYTES = 2048;

/**
 * The size of `k` as Deno KV encodes it (a type byte per part; strings and
 * bytes escape their zero bytes and end with one; numbers take 8 bytes).
 */
function encodedKeySize(k: Deno.KvKey): number {
  let size = 0;
  for (const part of k) {
    if (typeof part === "string" || part instanceof Uint8Array) {
      const bytes = typeof part === "string"
        ? new TextEncoder().encode(part)
        : part;
      size += 2 + bytes.length + bytes.filter((b) => b === 0).length;
    } else if (typeof part === "bigint") {
      size += 2 + Math.ceil(part.toString(16).length / 2);
    } else if (typeof part === "number") size += 9;
    else size += 1;
  }
  return size;
}

/**
 * Whether KV can hold `k`: a key built from an id a client made up may be
 * longer, and names nothing (docs/api.md#errors).
 */
export function fitsKvKey(k: Deno.KvKey): boolean {
  return encodedKeySize(k) <= KV_KEY_MAX_BYTES;
}

/**
 * Reads one key with its value typed by the key builder. A key longer than
 * KV stores (an id or URL a client made up: docs/api.md#errors) holds
 * nothing, so it reads as absent instead of making KV throw.
 */
export function getTyped<T>(
  kv: Deno.Kv,
  k: TypedKey<T>,
): Promise<Deno.KvEntryMaybe<T>> {
  if (!fitsKvKey(k)) {
    return Promise.resolve({ key: k, value: null, versionstamp: null });
  }
  return kv.get<T>(k);
}

/**
 * The entry at `k` when it holds a value `kept` accepts (default: any),
 * else the caller's own refusal from `missing`: a record of another
 * account, or one whose time is up, is answered as one not there
 * (docs/api.md#errors).
 */
export async function requireTyped<T>(
  kv: Deno.Kv,
  k: TypedKey<T>,
  missing: () => Error,
  kept: (value: T) => boolean = () => true,
): Promise<Deno.KvEntry<T>> {
  const entry = await getTyped(kv, k);
  if (!entry.value || !kept(entry.value)) throw missing();
  return entry as Deno.KvEntry<T>;
}

/** Lists the values under a typed prefix, in key order. */
export async function listTyped<T>(
  kv: Deno.Kv,
  prefix: TypedKey<T>,
  options: Deno.KvListOptions = {},
): Promise<Deno.KvEntry<T>[]> {
  const out: Deno.KvEntry<T>[] = [];
  for await (const entry of kv.list<T>({ prefix }, options)) out.push(entry);
  return out;
}

/** Reads the entries of `ks` in order, 10 a call as KV allows. */
export async function getManyEntries<T>(
  kv: Deno.Kv,
  ks: TypedKey<T>[],
): Promise<Deno.KvEntryMaybe<T>[]> {
  const out: Deno.KvEntryMaybe<T>[] = [];
  for (let i = 0; i < ks.length; i += 10) {
    out.push(...await kv.getMany<T[]>(ks.slice(i, i + 10)));
  }
  return out;
}

/** Reads the values of `ks` in order (null for a missing one). */
export async function getManyTyped<T>(
  kv: Deno.Kv,
  ks: TypedKey<T>[],
): Promise<(T | null)[]> {
  return (await getManyEntries(kv, ks)).map((e) => e.value);
}

/**
 * A page of the ids an account index keeps under `prefix`, newest first,
 * and the next page's cursor: null once a page comes back short.
 */
export async function newestIdsPage(
  kv: Deno.Kv,
  prefix: TypedKey<string>,
  page: { limit: number; cursor?: string },
): Promise<{ ids: string[]; cursor: string | null }> {
  // The cursor is the last id of the page before, a ULID: the next page is
  // the keys below it. A client's cursor is thus checked by its form, where
  // one of KV's own opaque cursors, made up, would read as an empty page.
  const selector = page.cursor
    ? { prefix, end: [...prefix, page.cursor] }
    : { prefix };
  const ids: string[] = [];
  let last: Deno.KvKeyPart | null = null;
  for await (
    const e of kv.list<string>(selector, { reverse: true, limit: page.limit })
  ) {
    ids.push(e.value);
    last = e.key[e.key.length - 1];
  }
  return {
    ids,
    cursor: ids.length === page.limit && typeof last === "string" ? last : null,
  };
}

/** How many ids a page of {@link newestShownPage} reads at most. */
export const SHOWN_PAGE_SCAN = 1000;

/**
 * A page of the records an account index lists that a list shows (`shows`),
 * newest first, as {@link newestIdsPage} pages ids: up to `limit` of them,
 * the cursor the id of the last one, null at the end of the index
 * (docs/api.md#list-cursors). Ids not shown are read past, up to
 * {@link SHOWN_PAGE_SCAN} of them for one page: a page that stops there is
 * shorter and has the last id read as its cursor, so only null ends a list.
 */
export async function newestShownPage<T>(
  kv: Deno.Kv,
  prefix: TypedKey<string>,
  page: { limit: number; cursor?: string },
  load: (ids: string[]) => Promise<(T | null)[]>,
  shows: (record: T) => boolean,
): Promise<{ records: T[]; cursor: string | null }> {
  const records: T[] = [];
  let cursor = page.cursor;
  for (let read = 0; read < SHOWN_PAGE_SCAN;) {
    const batch = Math.min(100, SHOWN_PAGE_SCAN - read);
    const ids = await newestIdsPage(kv, prefix, { limit: batch, cursor });
    read += ids.ids.length;
    const loaded = await load(ids.ids);
    for (const [i, record] of loaded.entries()) {
      if (record === null || !shows(record)) continue;
      records.push(record);
      if (records.length === page.limit) {
        return { records, cursor: ids.ids[i] };
      }
    }
    if (ids.cursor === null) return { records, cursor: null };
    cursor = ids.cursor;
  }
  return { records, cursor: cursor ?? null };
}
