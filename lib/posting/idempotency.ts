/**
 * `Idempotency-Key` for direct_post (n8n and Make retry on timeouts): the
 * same key with the same body within 24 hours gets the first answer back
 * without posting again; the same key with another body gets 409
 * `idempotency_conflict`. The key is claimed atomically before the work
 * starts, so two concurrent retries cannot both post.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { AppError } from "../errors.ts";
import { sha256Hex } from "../crypto/hashing.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600_000;
/**
 * A request still "in progress" after this long died with its process: a
 * retry takes the key over (a post it may have made is still guarded by
 * its reservation, so the retry cannot post twice).
 */
export const IN_PROGRESS_LEASE_MS = 5 * 60_000;

export interface StoredAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Runs `work` once per key and body; replays its answer afterwards.
 * Errors with an API error code are answers too and are replayed, except
 * those that pass with time (429s) and server-side failures (5xx): those
 * are not stored (the key is freed so a retry can run), nor are crashes
 * (docs/posting.md#idempotency).
 */
export async function withIdempotency(
  deps: Pick<AppDeps, "kv" | "clock">,
  scope: { openId: string; key: string; body: string },
  work: () => Promise<StoredAnswer>,
): Promise<StoredAnswer & { replayed: boolean }> {
  const k = keys.idempotency(scope.openId, scope.key);
  const bodyHash = await sha256Hex(scope.body);
  for (let waited = 0;; waited++) {
    const entry = await getTyped(deps.kv, k);
    const now = deps.clock.now();
    const abandoned = entry.value?.state === "in_progress" &&
      entry.value.at <= now - IN_PROGRESS_LEASE_MS;
    const existing =
      entry.value && !abandoned && entry.value.at > now - IDEMPOTENCY_WINDOW_MS
        ? entry.value
        : null;
    if (existing) {
      if (existing.bodyHash !== bodyHash) {
        throw new AppError(
          "idempotency_conflict",
          "This Idempotency-Key was already used with a different request body.",
        );
      }
      if (existing.state === "done") {
        return {
          status: existing.status!,
          body: existing.body!,
          replayed: true,
        };
      }
      if (waited >= 300) {
        throw new AppError(
          "idempotency_conflict",
          "A request with this Idempotency-Key is still in progress; retry later.",
        );
      }
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    const claimed = await deps.kv.atomic().check(entry)
      .set(k, {
        bodyHash,
        state: "in_progress",
        at: now,
        status: null,
        body: null,
      }, {
        expireIn: IDEMPOTENCY_WINDOW_MS * 2,
      })
      .commit();
    if (!claimed.ok) continue;
    // Written only while still ours: a request so slow that a retry took
    // the key over (IN_PROGRESS_LEASE_MS) must not overwrite its record.
    const ours = { key: k, versionstamp: claimed.versionstamp };
    let answer: StoredAnswer;
    try {
      answer = await work();
    } catch (error) {
      if (
        !(error instanceof AppError) || error.status >= 500 ||
        error.status === 429
      ) {
        await deps.kv.atomic().check(ours).delete(k).commit();
        throw error;
      }
      answer = { status: error.status, body: error.toJSON() };
    }
    await deps.kv.atomic().check(ours)
      .set(k, { bodyHash, state: "done", at: now, ...answer }, {
        expireIn: IDEMPOTENCY_WINDOW_MS * 2,
      })
      .commit();
    return { ...answer, replayed: false };
  }
}
