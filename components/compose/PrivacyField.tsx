/**
 * "Who can view this post" (TikTok's audit point 2,
 * docs/dashboard.md#tiktok-audit-checklist): the creator's own privacy
 * levels in TikTok's words, none chosen at first; "Only me" closed to
 * branded content; while the app is unaudited, why only "Only me".
 * @module
 */
import { privacyLabel } from "../compose_rules.ts";
import { UnauditedNotice } from "../UnauditedNotice.tsx";
import { pageWords } from "../page_words.ts";

export interface PrivacyFieldProps {
  /** The level chosen, or "". */
  value: string;
  /** The levels offered. */
  options: string[];
  appAudited: boolean;
  /**
   * What the account leaves open that a private one has off, when it looks
   * public (lib/tiktok_app/account_looks_public.ts), else null.
   */
  openOnPublic: string | null;
  /** Disclosed as branded content, which cannot be private. */
  branded: boolean;
  onChoose: (level: string) => void;
}

export function PrivacyField(props: PrivacyFieldProps) {
  // Its words are the page's (docs/dashboard.md#budget).
  const words = pageWords().compose;
  return (
    <>
      <label for="post-privacy">{words.whoCanView}</label>
      <select
        id="post-privacy"
        value={props.value}
        required
        data-testid="post-privacy"
        aria-describedby={props.appAudited ? undefined : "unaudited"}
        onChange={(e) =>
          props.onChoose((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="" disabled>{words.chooseWhoCanView}</option>
        {props.options.map((p) => (
          <option
            key={p}
            value={p}
            disabled={props.branded && p === "SELF_ONLY"}
          >
            {privacyLabel(p)}
          </option>
        ))}
      </select>
      {!props.appAudited && (
        <UnauditedNotice
          id="unaudited"
          testId="post-unaudited"
          class="reason"
          openOnPublic={props.openOnPublic}
        />
      )}
    </>
  );
}
