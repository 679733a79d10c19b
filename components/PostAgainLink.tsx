/**
 * "Post again" of a failed post: a link to the one composer, prefilled
 * with the post's media and caption (docs/dashboard.md#post-again), in the
 * posts page and in Compose's Your posts alike. `#compose` lands on the
 * composer, below the upload card (docs/dashboard.md#post-again).
 * @module
 */
import { quotedCaption } from "./item_names.ts";

export function PostAgainLink(
  { postId, title }: { postId: string; title: string },
) {
  return (
    <a
      class="button"
      href={`/dashboard?again=${encodeURIComponent(postId)}#compose`}
      data-testid="post-again"
    >
      Post again
      {
        /* Which post, for a screen reader reading the links alone
          (components/item_names.ts). */
      }
      {title && (
        <span class="visually-hidden">{` ${quotedCaption(title)}`}</span>
      )}
    </a>
  );
}
