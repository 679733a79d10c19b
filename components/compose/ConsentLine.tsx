/**
 * TikTok's consent line above the post button (TikTok's audit points 3
 * and 5, docs/dashboard.md#tiktok-audit-checklist): the Music Usage
 * Confirmation, and the Branded Content Policy with branded content.
 * @module
 */

import { pageWords } from "../page_words.ts";

export function ConsentLine({ branded }: { branded: boolean }) {
  // The policies' addresses and names are the page's words
  // (lib/tiktok/tiktok_policies.ts, docs/dashboard.md#budget).
  const words = pageWords().compose;
  return (
    <p class="muted" data-testid="post-declaration">
      {words.consentLead}
      {branded && (
        <>
          <a href={words.brandedContentUrl} target="_blank" rel="noopener">
            Branded Content Policy
          </a>{" "}
          and{" "}
        </>
      )}
      <a href={words.musicUsageUrl} target="_blank" rel="noopener">
        Music Usage Confirmation
      </a>.
    </p>
  );
}
