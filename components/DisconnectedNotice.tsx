/**
 * "TikTok disconnected, reconnect" (docs/tiktok.md#disconnected-accounts):
 * shown while the account has lost TikTok access; nothing otherwise.
 */
import type { Account } from "@/lib/accounts/account_record.ts";
import { DISCONNECT_CAUSES } from "@/lib/accounts/disconnect.ts";
import { ReconnectLink } from "./ReconnectLink.tsx";

export function DisconnectedNotice(
  { account, serviceName }: { account: Account; serviceName: string },
) {
  if (!account.tiktokReauthRequired) return null;
  return (
    // .stop, not .notice: nothing can be posted until the creator acts.
    <section class="card stop" data-testid="tiktok-disconnected">
      <h2>TikTok disconnected</h2>
      <p>
        {account.disconnectReason
          ? `${serviceName} can no longer post for you: ${
            DISCONNECT_CAUSES[account.disconnectReason]
          }. `
          : `${serviceName} can no longer post for you. `}
        Posts and scheduled posts fail until you reconnect.
      </p>
      <p>
        <ReconnectLink class="button" />
      </p>
    </section>
  );
}
