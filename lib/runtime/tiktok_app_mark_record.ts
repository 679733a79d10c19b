/**
 * Which TikTok a KV's accounts belong to (tiktok_app_mark.ts): the built-in
 * sandbox, or a TikTok app by its client key (not a secret: it is in every
 * sign-in address).
 */
export interface TikTokAppMark {
  /** `sandbox`, or the TIKTOK_CLIENT_KEY a server last started with. */
  app: string;
  /** When a server last started with it. */
  at: number;
}
