/**
 * "Post again" of a failed post: a link to the one composer, prefilled
 * with the post's media and caption (docs/dashboard.md#post-again), in the
 * posts page and in Compose's Your posts alike. `#compose` lands on the
 * composer, below the upload card (docs/dashboard.md#post-again). Once
 * the post's media was posted again, or a scheduled post will post it,
 * the link goes to that post instead ("Posted again", "Scheduled again"):
 * TikTok would refuse the media a second time. The server says so
 * (`posted_again`, lib/posting/posted_again.ts), from all the account's
 * posts and scheduled posts, not from those the list holds.
 * @module
 */
import type { PostJson } from "../lib/http/api_responses.ts";
import { quotedCaption } from "./item_names.ts";

export function PostAgainLink({ post }: { post: PostJson }) {
  const again = post.posted_again;
  const id = again?.post_id;
  return (
    <a
      class={again ? "" : "button"}
      href={id
        ? `/dashboard/posts?post=${id}#post-${id}`
        : again
        ? `/dashboard/calendar?job=${again.job_id}`
        : `/dashboard?again=${encodeURIComponent(post.post_id)}#compose`}
      data-testid={again ? "posted-again" : "post-again"}
    >
      {id ? "Posted again" : again ? "Scheduled again" : "Post again"}
      {
        /* Which post, for a screen reader reading the links alone
          (components/item_names.ts). */
      }
      {post.title && (
        <span class="visually-hidden">{` ${quotedCaption(post.title)}`}</span>
      )}
    </a>
  );
}
