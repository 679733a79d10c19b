/**
 * Settings: delete the account shown from the service, with everything kept for
 * it (docs/accounts.md#deleting-an-account). A plain form behind a
 * disclosure, no script: opening it is the confirmation step, and the
 * button names the account it deletes.
 */
import { PAGE_ACCOUNT_FIELD } from "../lib/http/page_account_names.ts";

export function DeleteAccountCard(
  { openId, displayName, serviceName }: {
    openId: string;
    displayName: string;
    /** SERVICE_NAME, as the card names the service. */
    serviceName: string;
  },
) {
  return (
    <section
      class="card"
      data-testid="delete-account-card"
      aria-labelledby="delete-account-title"
    >
      <h2 id="delete-account-title">Delete this account from {serviceName}</h2>
      <p class="muted">
        Deletes everything {serviceName} keeps for{" "}
        {displayName}: its files, posts, scheduled posts (they will not run),
        API key, webhook, domains and plan, and revokes{" "}
        {serviceName}'s access in TikTok. What is already on TikTok stays there.
        This cannot be undone.
      </p>
      <details data-testid="delete-account">
        <summary>Delete {displayName}…</summary>
        <form method="post" action="/dashboard/delete_account">
          <input type="hidden" name={PAGE_ACCOUNT_FIELD} value={openId} />
          <p>
            Delete {displayName} and all its data from {serviceName} now?
          </p>
          <button
            type="submit"
            class="danger"
            data-testid="delete-account-yes"
          >
            Delete {displayName} from {serviceName}
          </button>
        </form>
      </details>
    </section>
  );
}
