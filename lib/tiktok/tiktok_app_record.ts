/**
 * The TikTok app PM3K signs in and posts with, as configuration gives it
 * (lib/config.ts): its credentials, TikTok's addresses, and the scopes
 * sign-in asks for (tiktok_scopes.ts).
 * @module
 */

export interface TikTokAppCredentials {
  clientKey: string;
  clientSecret: string;
  authBaseUrl: string;
  apiBaseUrl: string;
  /** The scopes sign-in asks for (tiktok_scopes.ts's tiktokScopes). */
  scopes: readonly string[];
}
