/**
 * A PM3K account: one TikTok user who signed in.
 * @module
 */
import type { EncryptedText } from "../crypto/encrypted_text_record.ts";

/** The plan an account is on (what each plan allows: lib/plans.ts). */
export type PlanId = "free" | "monthly" | "annual";

export interface Account {
  openId: string;
  displayName: string;
  avatarUrl: string;
  /** Null until the user picks a plan on first sign-in. */
  plan: PlanId | null;
  createdAt: number;
  updatedAt: number;
  /** SHA-256 (hex) of the current API key, null when none was issued. */
  apiKeyHash: string | null;
  apiKeyExpiresAt: number | null;
  tiktok: TikTokGrant | null;
  /** Privacy used when a post names none (initially PUBLIC_TO_EVERYONE). */
  defaultPrivacy?: string;
  /** Set when a token refresh failed: the user must sign in again. */
  tiktokReauthRequired?: boolean;
}

/** TikTok tokens, encrypted at rest. */
export interface TikTokGrant {
  accessToken: EncryptedText;
  refreshToken: EncryptedText;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  scope: string;
}
