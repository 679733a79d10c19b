/** One sign-in attempt between the redirect to TikTok and the callback. */
export interface OAuthAttempt {
  codeVerifier: string;
  createdAt: number;
  expiresAt: number;
  /**
   * "Add another TikTok account": the account joins the browser's session
   * instead of replacing it (docs/accounts.md#several-tiktok-accounts).
   */
  addAccount?: boolean;
}
