/**
 * Why only "Only me" is offered while PM3K's TikTok app is unaudited
 * (docs/posting.md#unaudited-apps), and that the TikTok account itself must
 * be private: the composer's wording, "Post again" included (it opens the
 * composer). The words are the page's (components/page_words.ts).
 * @module
 */
import { pageWords } from "./page_words.ts";

/** The two lines; `id` is the reason's, for the select's aria-describedby. */
export function UnauditedNotice(
  { id, testId, class: className }: {
    id: string;
    testId: string;
    class: string;
  },
) {
  return (
    <>
      <p class={className} id={id} data-testid={testId}>
        {pageWords().unauditedReason}
      </p>
      <p class={className} data-testid={`${testId}-account`}>
        {pageWords().unauditedAccount}
      </p>
    </>
  );
}
