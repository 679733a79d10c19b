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

/**
 * The levels the card offers: while the app is unaudited only Only me
 * (TikTok refuses the others); once audited, those the creator offers
 * (creator_info's privacy_level_options, `offered`), or only the level
 * saved when TikTok did not say (`offered` null).
 */
export function defaultPrivacyChoices(
  current: PrivacyLevel,
  appAudited: boolean,
  offered: readonly string[] | null,
): PrivacyLevel[] {
  if (!appAudited) return ["SELF_ONLY"];
  if (!offered) return [current];
  return PRIVACY_LEVELS.filter((level) => offered.includes(level));
}

export function DefaultPrivacyCard(
  { openId, current, appAudited, offered, openOnPublic, saved }: {
    openId: string;
    current: PrivacyLevel;
    appAudited: boolean;
    /** The creator's privacy options (creator_info), null when unknown. */
    offered: readonly string[] | null;
    /**
     * Unaudited: what the account leaves open that a private one has off
     * (lib/tiktok_app/account_looks_public.ts), said as the composer says
     * it; null when it looks private or TikTok cannot say.
     */
    openOnPublic?: string | null;
    /** The page comes back from saving. */
    saved: boolean;
  },
) {
  const levels = defaultPrivacyChoices(current, appAudited, offered);
  // Unaudited, a default other than Only me is the state every account
  // starts in (the contract's PUBLIC_TO_EVERYONE): said plainly, not as an
  // error. Audited, a default the creator no longer offers is one.
  const untilAudit = !appAudited && current !== "SELF_ONLY";
  const notOffered = appAudited && offered !== null &&
    !offered.includes(current);
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
        {notOffered ? ", which your TikTok account does not offer." : "."}
      </p>
      {untilAudit && (
        <p
          class="notice"
          id="default-privacy-until-audit"
          data-testid="default-privacy-until-audit"
        >
          Until this app passes TikTok's audit, a post from an automation is
          refused unless it names <code>"privacy": "SELF_ONLY"</code>{" "}
          or this default is Only me. Save Only me below to let them through.
        </p>
      )}
      {!appAudited && (
        <UnauditedNotice
          id="default-privacy-unaudited"
          testId="default-privacy-unaudited"
          class="muted"
          openOnPublic={openOnPublic}
        />
      )}
      {notOffered && (
        <p
          class="error-message"
          id="default-privacy-refused"
          data-testid="default-privacy-refused"
        >
          Until you save one of the choices below, a post from an automation
          that does not name its privacy is refused.
        </p>
      )}
      {appAudited && offered === null && (
        <p
          class="muted"
          id="default-privacy-unknown"
          data-testid="default-privacy-unknown"
        >
          TikTok did not tell which privacy choices your account has just now:
          reload the page to change this.
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
            untilAudit && "default-privacy-until-audit",
            !appAudited && "default-privacy-unaudited",
            notOffered && "default-privacy-refused",
            appAudited && offered === null && "default-privacy-unknown",
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
