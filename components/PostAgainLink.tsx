/**
 * "Post again" of a failed post: a link to the one composer, prefilled
 * with the post's media and caption (docs/dashboard.md#post-again), in the
 * posts page and in Compose's Your posts alike. `#compose` lands on the
 * composer, below the upload card (docs/dashboard.md#post-again). Once a
 * newer post listed has the same media and did not fail, the post was
 * posted again: TikTok would refuse the media a second time, so the link
 * goes to that post instead ("Posted again").
 * @module
 */
import type { PostJson } from "../lib/http/api_responses.ts";
import { quotedCaption } from "./item_names.ts";

export function PostAgainLink(
  { post, posts }: { post: PostJson; posts: PostJson[] },
) {
  const again = posts.find((q) =>
    q.state !== "failed" && q.created_at > post.created_at &&
    q.source_urls + "" === post.source_urls + ""
  );
  return (
    <a
      class={again ? "" : "button"}
      href={again
        ? `/dashboard/posts?post=${again.post_id}#post-${again.post_id}`
        : `/dashboard?again=${encodeURIComponent(post.post_id)}#compose`}
      data-testid={again ? "posted-again" : "post-again"}
    >
      {again ? "Posted again" : "Post again"}
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
