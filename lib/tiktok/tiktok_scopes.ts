/**
 * The TikTok scopes sign-in asks for (docs/tiktok.md#oauth).
 * @module
 */

/**
 * Scopes PM3K may ask for: sign-in, direct posting, drafts (video.upload)
 * and published posts' counts (video.list; docs/tiktok.md#oauth).
 */
export const TIKTOK_SCOPES = [
  "user.info.basic",
  "video.publish",
  "video.upload",
  "video.list",
];

/**
 * The scopes sign-in asks for: all of them, or without video.list when the
 * operator turned post stats off (TIKTOK_POST_STATS=off, for an app review
 * that cannot see counts: docs/tiktok-audit.md#scopes-and-post-stats).
 */
export function tiktokScopes(postStats: boolean): readonly string[] {
  return postStats
    ? TIKTOK_SCOPES
    : TIKTOK_SCOPES.filter((s) => s !== "video.list");
}

/**
 * The scopes a creator granted, from the `scope` TikTok's token answer
 * gave (comma-separated; spaces taken too), none for an account without
 * TikTok tokens. Sign-in takes a creator who withheld some
 * (docs/accounts.md#sign-in-with-tiktok): what each post mode can do
 * follows from it.
 */
export function grantedScopes(scope: string | undefined): string[] {
  return (scope ?? "").split(/[,\s]+/).filter((s) => s !== "");
}

/**
 * What each scope lets PM3K do, in a creator's words: Settings lists them
 * (docs/dashboard.md#settings) and audit-check names a withheld one.
 */
export const SCOPE_USES: Readonly<Record<string, string>> = {
  "user.info.basic": "read your name and avatar",
  "video.publish": "post to your profile directly",
  "video.upload": "send posts to your TikTok drafts",
  "video.list": "read your published posts' counts",
};
