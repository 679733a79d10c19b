/**
 * "Commercial content" (TikTok's audit point 4,
 * docs/dashboard.md#tiktok-audit-checklist): the disclosure, off at
 * first; opened, "Your brand" and "Branded content" with the label TikTok
 * will add, TikTok's sentence while neither is ticked, and why branded
 * content cannot be private.
 * @module
 */
import { NotedToggleRow, ToggleRow } from "../ToggleRow.tsx";
import { fillWords, pageWords } from "../page_words.ts";

export interface DisclosureFieldsProps {
  disclose: boolean;
  yourBrand: boolean;
  brandedContent: boolean;
  /** The privacy level chosen, or "". */
  privacy: string;
  mode: "video" | "photo";
  /** Disclosed as branded content: a "Paid partnership". */
  branded: boolean;
  /** Disclosure open with neither box ticked. */
  choiceMissing: boolean;
  onDisclose: (on: boolean) => void;
  onYourBrand: (on: boolean) => void;
  onBrandedContent: (on: boolean) => void;
}

export function DisclosureFields(props: DisclosureFieldsProps) {
  const { disclose, privacy, mode, branded, choiceMissing } = props;
  // Its sentences are the page's (docs/dashboard.md#budget).
  const words = pageWords().compose;
  return (
    <fieldset>
      <legend>{words.commercialContent}</legend>
      <ToggleRow
        checked={disclose}
        testId="post-is_ad"
        onToggle={(on) => {
          props.onDisclose(on);
          // Hidden choices are not sent: closing clears them.
          if (!on) {
            props.onYourBrand(false);
            props.onBrandedContent(false);
          }
        }}
        text={words.discloseContent}
      />
      <p class="reason">{words.discloseReason}</p>
      {disclose && (
        <>
          <ToggleRow
            checked={props.yourBrand}
            testId="post-ad_your_brand"
            onToggle={props.onYourBrand}
            text={words.yourBrand}
          />
          <p class="reason">{words.yourBrandReason}</p>
          {
            /* Why it is greyed, or why "Only me" is closed, in its own row:
            beside the box (docs/tiktok-audit.md#checking-before-you-submit). */
          }
          <NotedToggleRow
            checked={props.brandedContent}
            disabled={privacy === "SELF_ONLY"}
            describedBy={privacy === "SELF_ONLY"
              ? "post-ad-private-hint"
              : undefined}
            testId="post-ad_branded_content"
            onToggle={props.onBrandedContent}
            text={words.brandedContent}
          >
            <p class="reason">{words.brandedReason}</p>
            {(branded || privacy === "SELF_ONLY") && (
              <p
                class="reason"
                id="post-ad-private-hint"
                data-testid="post-ad-private-hint"
              >
                {words.brandedPrivate}
              </p>
            )}
          </NotedToggleRow>
          <p
            class={choiceMissing ? "error-message" : "muted"}
            id="post-ad-label"
            data-testid="post-ad-label"
            aria-live="polite"
          >
            {choiceMissing ? words.choiceMissing : fillWords(words.labeled, {
              mode,
              label: branded ? "Paid partnership" : "Promotional content",
            })}
          </p>
        </>
      )}
    </fieldset>
  );
}
