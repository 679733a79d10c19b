/** One sign-in attempt between the redirect to TikTok and the callback. */
export interface OAuthAttempt {
  codeVerifier: string;
  createdAt: number;
  expiresAt: number;
}
