/**
 * TikTok's creator_info, cached per account for a few minutes: it decides
 * the privacy options and the longest video, and TikTok allows only 20 calls
 * a minute per token.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { CreatorInfo } from "../tiktok/creator_info_record.ts";
import type { CachedCreatorInfo } from "./creator_info_cache_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { rememberTikTokUsername } from "../accounts/accounts_store.ts";
import type { Account } from "../accounts/account_record.ts";
import { logFailure } from "../runtime/logger.ts";
import { TikTokApiError } from "../tiktok/tiktok_api_error.ts";

export const CREATOR_INFO_TTL_MS = 5 * 60_000;

/**
 * How old a copy the composer may still be shown as TikTok's latest: a
 * reload storm then asks TikTok at most 6 times a minute, well inside its 20
 * (whose 429 would pause the account's posting for hours).
 */
export const CREATOR_INFO_FRESH_MS = 10_000;

/**
 * TikTok's "cannot post now" answers to creator_info (HTTP 200 with one of
 * these codes, docs/tiktok.md#errors-and-limits). One is kept a minute: an
 * automation scheduling a batch while the creator is capped would
 * otherwise ask TikTok once per job, past its 20 calls a minute, and start
 * TikTok's 3-hour cooldown.
 */
const CANNOT_POST_NOW: ReadonlySet<string> = new Set([
  "spam_risk_too_many_posts",
  "spam_risk_user_banned_from_posting",
  "reached_active_user_cap",
]);
export const CREATOR_INFO_REFUSAL_TTL_MS = 60_000;

/** The kept creator_info entry, read once, to be judged at several ages. */
export type KeptCreatorInfo = CachedCreatorInfo | null;

/** Reads the kept creator_info entry (a copy or a refusal), if any. */
export async function readKeptCreatorInfo(
  deps: Pick<AppDeps, "kv">,
  openId: string,
): Promise<KeptCreatorInfo> {
  return (await getTyped(deps.kv, keys.creatorInfo(openId))).value;
}

/**
 * The kept creator_info when younger than `maxAgeMs` (the cache's life by
 * default), else null; a fresh "cannot post now" refusal is thrown again,
 * as TikTok gave it.
 * @throws {TikTokApiError} a kept refusal
 */
export function keptCreatorInfoWithin(
  kept: KeptCreatorInfo,
  now: number,
  maxAgeMs = CREATOR_INFO_TTL_MS,
): CreatorInfo | null {
  if (!kept) return null;
  const age = now - kept.fetchedAt;
  if ("refusal" in kept) {
    if (age >= CREATOR_INFO_REFUSAL_TTL_MS) return null;
    const { tiktokCode, message, logId, httpStatus } = kept.refusal;
    throw new TikTokApiError(tiktokCode, message, { httpStatus, logId });
  }
  return age < Math.min(maxAgeMs, CREATOR_INFO_TTL_MS) ? kept.info : null;
}

/**
 * The cached creator_info when younger than `maxAgeMs`, else null.
 * @throws {TikTokApiError} a kept refusal
 */
export async function cachedCreatorInfo(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
  maxAgeMs = CREATOR_INFO_TTL_MS,
): Promise<CreatorInfo | null> {
  const kept = await readKeptCreatorInfo(deps, openId);
  return keptCreatorInfoWithin(kept, deps.clock.now(), maxAgeMs);
}

/**
 * Fetches creator_info from TikTok and caches it; the handle is kept on the
 * account too, where it outlives the cache (the posts page's links).
 */
export async function fetchCreatorInfo(
  deps: Pick<AppDeps, "kv" | "clock" | "tiktokContent" | "log">,
  account: Account,
  accessToken: string,
): Promise<CreatorInfo> {
  const { openId } = account;
  let info: CreatorInfo;
  try {
    info = await deps.tiktokContent.creatorInfo(accessToken);
  } catch (error) {
    if (
      error instanceof TikTokApiError && CANNOT_POST_NOW.has(error.tiktokCode)
    ) {
      await deps.kv.set(keys.creatorInfo(openId), {
        refusal: {
          tiktokCode: error.tiktokCode,
          message: error.message,
          logId: error.logId,
          httpStatus: error.httpStatus,
        },
        fetchedAt: deps.clock.now(),
      }, { expireIn: CREATOR_INFO_REFUSAL_TTL_MS * 2 }).catch(
        logFailure(deps.log, "keeping creator_info's refusal", {
          open_id: openId,
        }),
      );
    }
    throw error;
  }
  // Keeping it is a saving, not the answer: TikTok's answer stands even if
  // a busy database refuses the writes (the next lookup asks TikTok again).
  try {
    await deps.kv.set(keys.creatorInfo(openId), {
      info,
      fetchedAt: deps.clock.now(),
    }, { expireIn: CREATOR_INFO_TTL_MS * 2 });
    await rememberTikTokUsername(deps, account, info.creatorUsername);
  } catch (error) {
    logFailure(deps.log, "keeping creator_info", { open_id: openId })(error);
  }
  return info;
}

/** Lookups in flight in this process, per account. */
const inFlight = new Map<string, Promise<unknown>>();

/**
 * Runs `load` once at a time per account in this process: a burst of posts
 * checks the cache and, when needed, asks TikTok once.
 */
export function singleFlight<T>(
  openId: string,
  load: () => Promise<T>,
): Promise<T> {
  const running = inFlight.get(openId) as Promise<T> | undefined;
  if (running) return running;
  const call = load().finally(() => inFlight.delete(openId));
  inFlight.set(openId, call);
  return call;
}
