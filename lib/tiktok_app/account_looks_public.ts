/**
 * Whether a TikTok account looks public, from its creator_info: TikTok
 * refuses every post of an app it has not audited to a public account
 * (docs/tiktok-audit.md#running-unaudited). creator_info does not say which
 * an account is; TikTok's documentation has Duet and Stitch off for a
 * private one (docs/tiktok.md#content-posting-api). That is read, not proved
 * against TikTok: said as "looks public", never a refusal. The one rule for
 * the audit check (app_review_check.ts), the composer
 * (components/compose/PrivacyField.tsx) and Settings' default privacy card
 * (lib/posting/default_privacy_options.ts).
 * @module
 */

/**
 * The interactions creator_info gives, as the API passes them on (read as
 * JSON by the audit check, hence unknown: true turns one off).
 */
export interface InteractionSettings {
  duet_disabled?: unknown;
  stitch_disabled?: unknown;
}

/**
 * What a private account would have off and this one leaves open
 * ("Duet and Stitch", "Duet" or "Stitch"): it looks public; null when both
 * are off.
 */
export function openOnPublicLooking(
  info: InteractionSettings,
): string | null {
  const duet = !info.duet_disabled;
  const stitch = !info.stitch_disabled;
  return duet && stitch
    ? "Duet and Stitch"
    : duet
    ? "Duet"
    : stitch
    ? "Stitch"
    : null;
}
