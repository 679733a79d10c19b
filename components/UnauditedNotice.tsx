/**
 * Why only "Only me" is offered while PM3K's TikTok app is unaudited
 * (docs/posting.md#unaudited-apps), and that the TikTok account itself must
 * be private: the composer's wording, "Post again" included (it opens the
 * composer).
 */

export const UNAUDITED_REASON =
  "Posts stay private (Only me) until this app passes TikTok's audit: until then TikTok lets it make only private posts.";
export const UNAUDITED_ACCOUNT =
  "Your TikTok account itself must be private too: TikTok refuses posts from such apps to public accounts (TikTok app: Settings and privacy → Privacy → Private account).";

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
        {UNAUDITED_REASON}
      </p>
      <p class={className} data-testid={`${testId}-account`}>
        {UNAUDITED_ACCOUNT}
      </p>
    </>
  );
}
