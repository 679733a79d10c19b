/** What KV keeps while a process refreshes an account's TikTok token. */

/** A process refreshing an account's TikTok token, until `until`. */
export interface TokenRefreshClaim {
  owner: string;
  until: number;
}
