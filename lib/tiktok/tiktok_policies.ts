/**
 * TikTok's policies a creator agrees to by posting (TikTok's audit points
 * 3 and 5, docs/dashboard.md#tiktok-audit-checklist): linked by the
 * composer's consent line (its links the page's words,
 * lib/islands/page_words.ts), the terms page and the audit check.
 * @module
 */

export const MUSIC_USAGE_URL =
  "https://www.tiktok.com/legal/page/global/music-usage-confirmation/en";
export const BRANDED_CONTENT_URL =
  "https://www.tiktok.com/legal/page/global/bc-policy/en";
