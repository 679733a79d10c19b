/**
 * creator_info for posting: the cached copy, else TikTok's, asked once at a
 * time per account, and never during TikTok's cooldown (then null, and the
 * cooldown check refuses the post). A rate limit starts the cooldown.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { Account } from "../accounts/account_record.ts";
import { TikTokApiError } from "../tiktok/tiktok_api_error.ts";
import type { CreatorInfo } from "../tiktok/creator_info_record.ts";
import {
  CREATOR_INFO_FRESH_MS,
  CREATOR_INFO_TTL_MS,
  fetchCreatorInfo,
  keptCreatorInfoWithin,
  readKeptCreatorInfo,
  singleFlight,
} from "./creator_info_cache.ts";
import { accessTokenFor, checkConnected } from "./tiktok_session.ts";
import { checkCreatorInfoScope } from "./post_modes.ts";
import type { TikTokSessionDeps } from "./tiktok_session.ts";
import { cooldownError, KEEP, TIKTOK_COOLDOWN_MS } from "./post_reservation.ts";
import { isTikTokRateLimit, tiktokAppError } from "./tiktok_errors.ts";
import { rejectedTokenError } from "./token_rejection.ts";
import type { AppDeps } from "../runtime/app_deps.ts";

/** What a creator_info lookup uses, given the access token. */
export type CreatorInfoDeps =
  & Pick<AppDeps, "kv" | "clock" | "tiktokContent" | "config">
  & TikTokSessionDeps;

/** How a lookup may answer. */
export interface CreatorInfoLookup {
  /**
   * Ask TikTok unless the copy kept is seconds old (CREATOR_INFO_FRESH_MS):
   * the composer, which TikTok's guidelines want rendered from the latest
   * creator_info (docs/dashboard.md#tiktok-audit-checklist). The copy kept
   * still answers during TikTok's cooldown, and a kept "cannot post now"
   * still stands.
   */
  fresh?: boolean;
}

/**
 * creator_info from cache or TikTok; null while in cooldown with no cache.
 * A disconnected account, or one without video.publish, is refused before
 * the cache is read or TikTok is called.
 */
export async function creatorInfoFor(
  deps: CreatorInfoDeps,
  account: Account,
  token: () => Promise<string>,
  lookup: CreatorInfoLookup = {},
): Promise<CreatorInfo | null> {
  checkConnected(account);
  checkCreatorInfoScope(account, deps.config.site.serviceName);
  const fresh = lookup.fresh === true;
  // A fresh lookup does not join a cached one in flight, which may answer
  // from the cache.
  return await singleFlight(
    fresh ? `${account.openId} fresh` : account.openId,
    () => loadCreatorInfo(deps, account, token, fresh),
  );
}

async function loadCreatorInfo(
  deps: CreatorInfoDeps,
  account: Account,
  token: () => Promise<string>,
  fresh: boolean,
): Promise<CreatorInfo | null> {
  try {
    const kept = await readKeptCreatorInfo(deps, account.openId);
    const now = deps.clock.now();
    const cached = keptCreatorInfoWithin(
      kept,
      now,
      fresh ? CREATOR_INFO_FRESH_MS : CREATOR_INFO_TTL_MS,
    );
    if (cached) return cached;
    const cooldown =
      (await getTyped(deps.kv, keys.tiktokCooldown(account.openId))).value;
    // Do not call TikTok during its own cooldown: the cooldown check answers
    // (the composer is shown the copy kept, if any).
    if (cooldownError(cooldown, now)) {
      return fresh ? keptCreatorInfoWithin(kept, now) : null;
    }
    return await fetchCreatorInfo(deps, account, await token());
  } catch (error) {
    if (!(error instanceof TikTokApiError)) throw error;
    if (isTikTokRateLimit(error)) {
      const now = deps.clock.now();
      await deps.kv.set(keys.tiktokCooldown(account.openId), {
        startedAt: now,
        until: now + TIKTOK_COOLDOWN_MS,
      }, KEEP.cooldown);
    }
    throw (await rejectedTokenError(deps, account, error)) ??
      tiktokAppError(error, deps.config.site.serviceName);
  }
}

/** creator_info for the dashboard (null during a TikTok cooldown without cache). */
export function creatorInfoForAccount(
  deps: CreatorInfoDeps,
  account: Account,
  lookup: CreatorInfoLookup = {},
): Promise<CreatorInfo | null> {
  return creatorInfoFor(
    deps,
    account,
    () => accessTokenFor(deps, account),
    lookup,
  );
}
