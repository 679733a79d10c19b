/**
 * Why only "Only me" is offered while PM3K's TikTok app is unaudited
 * (docs/posting.md#unaudited-apps), and that the TikTok account itself must
 * be private: the composer's wording, "Post again" included (it opens the
 * composer). The words are the page's (components/page_words.ts).
 * @module
 */
import { fillWords, pageWords } from "./page_words.ts";

/**
 * The two lines; `id` is the reason's, for the select's aria-describedby.
 * `openOnPublic`: what the account leaves open that a private one has off
 * (lib/tiktok_app/account_looks_public.ts); given, the second line says
 * plainly that this account looks public, and what to do.
 */
export function UnauditedNotice(
  { id, testId, class: className, openOnPublic }: {
    id: string;
    testId: string;
    class: string;
    openOnPublic?: string | null;
  },
) {
  return (
    <>
      <p class={className} id={id} data-testid={testId}>
        {pageWords().unauditedReason}
      </p>
      <p
        class={className}
        data-testid={`${testId}-account`}
        data-looks-public={openOnPublic ? "" : undefined}
      >
        {openOnPublic
          ? fillWords(pageWords().unauditedPublic, { open: openOnPublic })
          : pageWords().unauditedAccount}
      </p>
    </>
  );
}
