/**
 * `Idempotency-Key` for direct_post (n8n and Make retry on timeouts;
 * docs/posting.md#idempotency): the same key with the same body within 24
 * hours gets the first answer back without posting again; the same key
 * with another body gets 409 `idempotency_conflict`. The key is claimed
 * atomically before the work starts, so two concurrent retries cannot both
 * post. The claim records when its request can no longer be alive; until
 * then a retry answers 409 `idempotency_in_progress` with Retry-After, and
 * after it the first retry takes the key over.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import { leftOutcomeUnknown } from "./tiktok_errors.ts";
import { sha256Hex } from "../crypto/hashing.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import type { IdempotencyRecord } from "./idempotency_record.ts";

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;
/** What a key may be: 1 to 255 visible ASCII characters (header or argument). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** How long a key's record stays: twice the replay window. */
export const IDEMPOTENCY_KEPT_MS = IDEMPOTENCY_WINDOW_MS * 2;
/**
 * A request racing a claim younger than this (the same call sent twice at
 * once) waits for the claim's answer; a retry of an older claim (after a
 * client timeout, or a crash) is answered at once.
 */
export const CONCURRENT_WAIT_MS = 2_000;
/** Retry-After of `idempotency_in_progress`, at most (seconds). */
export const IN_PROGRESS_RETRY_AFTER_S = 5;
/** Claims written before deadlines were recorded lived this long. */
const LEGACY_CLAIM_MS = 5 * 60_000;

export interface StoredAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** What one call protects: whose key, which body, how long it may run. */
export interface IdempotencyScope {
  openId: string;
  key: string;
  /**
   * The request (`POST /api/tiktok/direct_post`, `POST /api/jobs`): one
   * key names one request, so the same body on another route conflicts.
   */
  route: string;
  /** The body as compared (canonical_json.ts `comparedBody`). */
  body: string;
  /**
   * The body as sent, when it differs: a key claimed by a PM3K that
   * compared the bytes sent (before its bodies were compared as data) is
   * still matched by them, so a retry across that upgrade is no conflict.
   */
  sentBody?: string;
  /**
   * The longest `work` can run (post_duration.ts): once that long has
   * passed since the claim, the request holding it is dead.
   */
  maxRunMs: number;
}

/**
 * Refusals that nothing in the request can fix, and that end with an act
 * outside it: the creator reconnecting TikTok (with every permission) or
 * making the account private, a new day for the app's cap of creators.
 * Nothing was posted; kept, they would be replayed to the retry made after
 * that act, so the key is freed (docs/posting.md#idempotency).
 */
const FIXED_OUTSIDE_THE_REQUEST: ReadonlySet<string> = new Set([
  "tiktok_reauth_required",
  "tiktok_scope_missing",
  "tiktok_active_user_cap",
  "tiktok_unaudited_private_only",
]);

/** When the request holding an in-progress claim can no longer be alive. */
function holderDeadline(record: IdempotencyRecord): number {
  return record.deadline ?? record.at + LEGACY_CLAIM_MS;
}

/**
 * 409 `idempotency_conflict`: the key was used on another route
 * (`usedOn`), or on this one with another body (`usedOn` null). MCP words
 * it for a tool call from these fields
 * (docs/mcp.md#retries-and-idempotency).
 */
export class IdempotencyConflict extends AppError {
  constructor(readonly usedOn: string | null) {
    super(
      "idempotency_conflict",
      usedOn === null
        ? "This Idempotency-Key was already used with a different request body: send that first body again to get its answer, or use a new key for this request (one key per post)."
        : `This Idempotency-Key was already used on ${usedOn}: use a new key for each request.`,
    );
  }
}

/**
 * Runs `work` once per key and body; replays its answer afterwards.
 * Errors with an API error code are answers too and are replayed, except
 * those that pass with time (429s, a 409 `conflict` saying "try again"),
 * those an act outside the request ends (reconnecting TikTok), refusals
 * of what a fetched URL answered (`ofSource`: the source may change), and
 * server-side failures (5xx, but an unknown outcome, which is final):
 * those are not stored (the key is freed so a retry can run), nor are
 * answers too large for a KV value, nor crashes
 * (docs/posting.md#idempotency).
 * @throws {AppError} `idempotency_conflict`, `idempotency_in_progress`
 */
export async function withIdempotency(
  deps: Pick<AppDeps, "kv" | "clock">,
  scope: IdempotencyScope,
  work: () => Promise<StoredAnswer>,
): Promise<StoredAnswer & { replayed: boolean }> {
  const k = keys.idempotency(scope.openId, scope.key);
  const bodyHash = await sha256Hex(scope.body);
  const sameBody = new Set([bodyHash]);
  if (scope.sentBody !== undefined && scope.sentBody !== scope.body) {
    sameBody.add(await sha256Hex(scope.sentBody));
  }
  const started = performance.now();
  for (;;) {
    const entry = await getTyped(deps.kv, k);
    const now = deps.clock.now();
    const record = entry.value;
    const holderDead = record?.state === "in_progress" &&
      holderDeadline(record) <= now;
    const existing =
      record && !holderDead && record.at > now - IDEMPOTENCY_WINDOW_MS
        ? record
        : null;
    if (existing) {
      if (existing.route !== undefined && existing.route !== scope.route) {
        throw new IdempotencyConflict(existing.route);
      }
      if (!sameBody.has(existing.bodyHash)) {
        throw new IdempotencyConflict(null);
      }
      if (existing.state === "done") {
        return {
          status: existing.status!,
          body: existing.body!,
          replayed: true,
        };
      }
      const age = Math.max(now - existing.at, performance.now() - started);
      if (age < CONCURRENT_WAIT_MS) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      throw inProgress(holderDeadline(existing), now);
    }
    // Checked on the versionstamp read: of two retries taking over a dead
    // holder's key, one claims it and the other finds the new claim.
    const claimed = await deps.kv.atomic().check(entry)
      .set(k, {
        bodyHash,
        route: scope.route,
        state: "in_progress",
        at: now,
        deadline: now + scope.maxRunMs,
        status: null,
        body: null,
      }, {
        expireIn: IDEMPOTENCY_KEPT_MS,
      })
      .commit();
    if (!claimed.ok) continue;
    // Written only while still ours: a request that outlived its deadline
    // (a retry took the key over) must not overwrite the new record.
    const ours = { key: k, versionstamp: claimed.versionstamp };
    let answer: StoredAnswer;
    try {
      answer = await work();
    } catch (error) {
      // An unknown outcome is a final answer: a retry cannot learn more
      // and would only meet the post's own reservation as a duplicate.
      if (
        !(error instanceof AppError) ||
        error.status >= 500 && !leftOutcomeUnknown(error) ||
        error.status === 429 ||
        // "Try again" (records changing under contention): the same
        // request runs once the contention is over.
        error.code === "conflict" ||
        FIXED_OUTSIDE_THE_REQUEST.has(error.code) ||
        // What a fetched URL answered, not the request: the file shared
        // or replaced since, the retry fetches it again.
        error.ofSource
      ) {
        await deps.kv.atomic().check(ours).delete(k).commit();
        throw error;
      }
      answer = { status: error.status, body: error.toJSON() };
    }
    try {
      await deps.kv.atomic().check(ours)
        .set(k, {
          bodyHash,
          route: scope.route,
          state: "done",
          at: now,
          ...answer,
        }, {
          expireIn: IDEMPOTENCY_KEPT_MS,
        })
        .commit();
    } catch (error) {
      if (!isTooLargeToKeep(error)) throw error;
      // An answer past KV's 64 KiB a value cannot be kept (none is known
      // since refusals list at most 20 issues; a safety net): the key is
      // freed, as for an answer that passes with time, and the answer
      // given (docs/posting.md#idempotency). Left claimed, every retry
      // would meet idempotency_in_progress for minutes.
      await deps.kv.atomic().check(ours).delete(k).commit();
    }
    return { ...answer, replayed: false };
  }
}

/** Deno KV's refusal of a value over its size limit. */
function isTooLargeToKeep(error: unknown): boolean {
  return error instanceof TypeError && /^Value too large/.test(error.message);
}

/** The answer to a retry while the key's holder may still be running. */
function inProgress(deadline: number, now: number): AppError {
  return new AppError(
    "idempotency_in_progress",
    "A request with this Idempotency-Key is still in progress: retry with the same key and body for its answer.",
    {
      extra: {
        retry_after_seconds: Math.max(
          1,
          Math.min(
            IN_PROGRESS_RETRY_AFTER_S,
            Math.ceil((deadline - now) / 1000),
          ),
        ),
        // Past this, a retry runs the request anew if it has no answer.
        in_progress_until: new Date(deadline).toISOString(),
      },
    },
  );
}
