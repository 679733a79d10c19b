/**
 * A PM3K account: one TikTok user who signed in.
 * @module
 */
import type { EncryptedText } from "../crypto/encrypted_text_record.ts";
import type { PrivacyLevel } from "../posting/direct_post_input_record.ts";

/** The plan an account is on (what each plan allows: lib/plans.ts). */
export type PlanId = "free" | "monthly" | "annual";

export interface Account {
  openId: string;
  displayName: string;
  avatarUrl: string;
  /**
   * The creator's TikTok handle (creator_info's `creator_username`), kept
   * from the last creator_info fetch: sign-in's user.info.basic does not
   * carry it, and the cached creator_info lasts minutes, not as long as the
   * links to public posts that need it (docs/posting.md#posts-page).
   */
  tiktokUsername?: string;
  /** Null until the user picks a plan on first sign-in. */
  plan: PlanId | null;
  createdAt: number;
  updatedAt: number;
  /** SHA-256 (hex) of the current API key, null when none was issued. */
  apiKeyHash: string | null;
  apiKeyExpiresAt: number | null;
  tiktok: TikTokGrant | null;
  /**
   * Privacy used when a post names none (initially PUBLIC_TO_EVERYONE;
   * lib/posting/default_privacy.ts).
   */
  defaultPrivacy?: PrivacyLevel;
  /**
   * Set when TikTok access ended (a refused refresh, the creator removing
   * the app): the user must sign in again. The one flag posts check.
   */
  tiktokReauthRequired?: boolean;
  /** When TikTok access ended (with tiktokReauthRequired; cleared on sign-in). */
  disconnectedAt?: number;
  /** Why: TikTok's authorization.removed event, or a refused refresh. */
  disconnectReason?: DisconnectReason;
}

/** Why an account lost TikTok access (docs/tiktok.md#disconnected-accounts). */
export type DisconnectReason = "authorization_removed" | "refresh_failed";

/** TikTok tokens, encrypted at rest. */
export interface TikTokGrant {
  accessToken: EncryptedText;
  refreshToken: EncryptedText;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  scope: string;
  /**
   * When the creator signed in for this grant (ms); refreshes keep it. A
   * late `authorization.removed` from before it is about an older grant
   * (docs/tiktok.md#disconnected-accounts). Absent on grants stored before
   * it was kept: any removal applies to those.
   */
  grantedAt?: number;
}
