/**
 * "Older posts": the posts page opened at the first post not listed
 * (`?post=<post_id>`), under the posts page's table and under Compose's
 * Your posts alike (docs/dashboard.md#calendar-posts-and-media). A link
 * the server renders: no dashboard JavaScript for paging
 * (docs/dashboard.md#budget).
 * @module
 */

/** The link, or nothing when no post is below those listed. */
export function OlderPostsLink({ postId }: { postId: string | null }) {
  if (!postId) return null;
  return (
    <p>
      <a
        href={`/dashboard/posts?post=${encodeURIComponent(postId)}`}
        data-testid="older-posts"
      >
        Older posts
      </a>
    </p>
  );
}
