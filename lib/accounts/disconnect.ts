/**
 * Marks an account disconnected from TikTok (docs/tiktok.md#disconnected-accounts):
 * TikTok's `authorization.removed` event or a refresh TikTok refused. Posts
 * then answer 401 `tiktok_reauth_required`, due jobs fail naming the cause,
 * the dashboard asks to reconnect, and one `account.disconnected` webhook
 * event goes out. Signing in again clears it (accounts_store.ts).
 * @module
 */
import { getTyped, keys } from "../kv_keys.ts";
import { afterWebhookStaged, stageWebhook } from "../webhooks/webhooks.ts";
import type { EmitDeps } from "../webhooks/webhooks.ts";
import type {
  Account,
  DisconnectReason,
  TikTokGrant,
} from "./account_record.ts";
import { stepTokenExpiry } from "./token_expiry_index.ts";

/**
 * What each reason means, in the words posts and jobs answer with and the
 * dashboard shows: "the app", as TikTok's settings list it, so the words
 * hold whatever SERVICE_NAME is (docs/configuration.md#the-service-name).
 */
export const DISCONNECT_CAUSES: Record<DisconnectReason, string> = {
  authorization_removed:
    "the creator removed the app's access in TikTok, or TikTok revoked it",
  refresh_failed: "TikTok refused to renew the app's access token",
};

/**
 * How far TikTok's clock may be behind ours: a removal stamped up to this
 * long before a sign-in is still taken as being about it.
 */
export const GRANT_CLOCK_SKEW_MS = 60_000;

/**
 * Whether TikTok's word at `atSeconds` (an event's `create_time`) can be
 * about `grant`: a sign-in well after it made a grant that word never
 * saw. An event without a usable time is always about the grant there is.
 */
export function grantPredates(
  grant: TikTokGrant | null,
  atSeconds: number,
): boolean {
  if (!(atSeconds > 0) || grant?.grantedAt === undefined) return true;
  return grant.grantedAt < (atSeconds + 1) * 1000 + GRANT_CLOCK_SKEW_MS;
}

/**
 * Disconnects the account if it is connected and `appliesTo` its current
 * grant (read in the same atomic as the change: a sign-in racing the call
 * is never undone); returns whether this call did it (only that call sends
 * `account.disconnected`, so duplicates and races send it once).
 */
export async function disconnectAccount(
  deps: EmitDeps,
  openId: string,
  reason: DisconnectReason,
  detail: Record<string, unknown> = {},
  appliesTo: (grant: TikTokGrant | null) => boolean = () => true,
): Promise<boolean> {
  const { kv, clock } = deps;
  for (let attempt = 0; attempt < 10; attempt++) {
    const entry = await getTyped(kv, keys.account(openId));
    const account = entry.value;
    if (!account || account.disconnectedAt !== undefined) return false;
    if (!appliesTo(account.tiktok)) return false;
    const now = clock.now();
    const next: Account = {
      ...account,
      tiktokReauthRequired: true,
      disconnectedAt: now,
      disconnectReason: reason,
      updatedAt: now,
    };
    // Nothing left to refresh: its token expiry entry goes in the same commit.
    // Its cached creator_info goes too: nothing cached answers for it.
    const op = kv.atomic().check(entry).set(entry.key, next)
      .delete(keys.creatorInfo(openId));
    stepTokenExpiry(op, openId, account, next);
    // The event is recorded by the same commit: a crash right after it
    // cannot lose it.
    const delivery = await stageWebhook(
      deps,
      op,
      openId,
      "account.disconnected",
      {
        open_id: openId,
        reason,
        disconnected_at: new Date(now).toISOString(),
        ...detail,
      },
    );
    const res = await op.commit();
    if (!res.ok) continue;
    deps.log({
      level: "warn",
      message: "TikTok access ended; the account must sign in again",
      open_id: openId,
      reason,
    });
    if (delivery) await afterWebhookStaged(deps, delivery);
    return true;
  }
  throw new Error("Cannot disconnect the account: too much contention");
}
