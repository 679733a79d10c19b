/**
 * "Reconnect with TikTok", wherever a page offers it: signs the account in
 * again as "Add another TikTok account" does, so the browser's other
 * accounts stay signed in; a plain sign-in would end their session
 * (docs/accounts.md#several-tiktok-accounts).
 * @module
 */
import { pageWords } from "./page_words.ts";

export function ReconnectLink({ class: className }: { class?: string }) {
  return (
    <a class={className} href="/auth/login?add=1">
      {pageWords().compose.reconnect}
    </a>
  );
}
