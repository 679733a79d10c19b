/**
 * Settings: who can view a post made through the API, MCP or a workflow
 * tool when it names no privacy (docs/dashboard.md#settings). A plain
 * form, no script: it posts to /dashboard/default_privacy and the page
 * comes back saying it was saved.
 */
import { PAGE_ACCOUNT_FIELD } from "../lib/http/page_account_names.ts";
import { PRIVACY_LEVELS } from "../lib/posting/privacy_levels.ts";
import type { PrivacyLevel } from "../lib/posting/direct_post_input_record.ts";
import { privacyLabel } from "./compose_rules.ts";
import { UnauditedNotice } from "./UnauditedNotice.tsx";

export function DefaultPrivacyCard(
  { openId, current, appAudited, saved }: {
    openId: string;
    current: PrivacyLevel;
    appAudited: boolean;
    /** The page comes back from saving. */
    saved: boolean;
  },
) {
  // While the app is unaudited TikTok takes only private posts: the other
  // levels would only be refused.
  const levels = appAudited ? PRIVACY_LEVELS : ["SELF_ONLY"] as const;
  const usable = (levels as readonly string[]).includes(current);
  return (
    <section
      class="card"
      id="default-privacy"
      data-testid="default-privacy-card"
      aria-labelledby="default-privacy-title"
    >
      <h2 id="default-privacy-title">Privacy of posts from automations</h2>
      <p class="muted" id="default-privacy-help">
        Who can view a post made through the API, MCP, n8n or Make when the
        request does not say (<code>privacy</code>). The composer always asks.
        Now:{" "}
        <strong data-testid="default-privacy-now">
          {privacyLabel(current)}
        </strong>
        {usable
          ? "."
          : ", which TikTok refuses until this app passes its audit."}
      </p>
      {!appAudited && (
        <UnauditedNotice
          id="default-privacy-unaudited"
          testId="default-privacy-unaudited"
          class="muted"
        />
      )}
      {!usable && (
        <p
          class="error-message"
          id="default-privacy-refused"
          data-testid="default-privacy-refused"
        >
          Until you save Only me here, a post from an automation that does not
          name its privacy is refused.
        </p>
      )}
      <form
        method="post"
        action="/dashboard/default_privacy"
        class="inline-form"
      >
        <input type="hidden" name={PAGE_ACCOUNT_FIELD} value={openId} />
        <label for="default-privacy-select">Who can view these posts</label>
        <select
          id="default-privacy-select"
          name="privacy"
          aria-describedby={[
            "default-privacy-help",
            !appAudited && "default-privacy-unaudited",
            !usable && "default-privacy-refused",
          ].filter(Boolean).join(" ")}
        >
          {levels.map((level) => (
            <option key={level} value={level} selected={level === current}>
              {privacyLabel(level)}
            </option>
          ))}
        </select>{" "}
        <button type="submit">Save</button>
      </form>
      {saved && (
        // Already in the page as it loads: data-reannounce has the boot
        // script say it again, or a screen reader would not read it.
        // Saving reloads the page at this line (#default-privacy-saved,
        // focusable): focus and the next Tab start here, not at the top.
        <p
          class="notice"
          role="status"
          data-reannounce
          id="default-privacy-saved"
          tabIndex={-1}
          data-testid="default-privacy-saved"
        >
          Saved: posts from automations that do not name a privacy go to{" "}
          {privacyLabel(current)}.
        </p>
      )}
    </section>
  );
}
