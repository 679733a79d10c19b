/** A dashboard session: KV proves the server issued the cookie. */
export interface SessionRecord {
  /** The account the dashboard and the session's API calls act for. */
  openId: string;
  /**
   * Every TikTok account signed in to this browser session, `openId`
   * among them (docs/accounts.md#several-tiktok-accounts). A record
   * without it holds `openId` alone.
   */
  openIds?: string[];
  createdAt: number;
  expiresAt: number;
}
