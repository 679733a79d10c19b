/**
 * TikTok's creator_info, cached per account for a few minutes: it decides
 * the privacy options and the longest video, and TikTok allows only 20 calls
 * a minute per token.
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import type { CreatorInfo } from "../tiktok/creator_info_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { rememberTikTokUsername } from "../accounts/accounts_store.ts";
import type { Account } from "../accounts/account_record.ts";
import { logFailure } from "../runtime/logger.ts";

export const CREATOR_INFO_TTL_MS = 5 * 60_000;

/** The cached creator_info when fresh, else null. */
export async function cachedCreatorInfo(
  deps: Pick<AppDeps, "kv" | "clock">,
  openId: string,
): Promise<CreatorInfo | null> {
  const cached = (await getTyped(deps.kv, keys.creatorInfo(openId))).value;
  return cached && cached.fetchedAt > deps.clock.now() - CREATOR_INFO_TTL_MS
    ? cached.info
    : null;
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
  const info = await deps.tiktokContent.creatorInfo(accessToken);
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
