/**
 * TikTok's consent line above the post button (TikTok's audit points 3
 * and 5, docs/dashboard.md#tiktok-audit-checklist): the Music Usage
 * Confirmation, and the Branded Content Policy with branded content.
 * @module
 */

export const MUSIC_USAGE_URL =
  "https://www.tiktok.com/legal/page/global/music-usage-confirmation/en";
export const BRANDED_CONTENT_URL =
  "https://www.tiktok.com/legal/page/global/bc-policy/en";

export function ConsentLine({ branded }: { branded: boolean }) {
  return (
    <p class="muted" data-testid="post-declaration">
      By posting, you agree to TikTok's {branded && (
        <>
          <a href={BRANDED_CONTENT_URL} target="_blank" rel="noopener">
            Branded Content Policy
          </a>{" "}
          and{" "}
        </>
      )}
      <a href={MUSIC_USAGE_URL} target="_blank" rel="noopener">
        Music Usage Confirmation
      </a>.
    </p>
  );
}
