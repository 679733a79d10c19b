/**
 * "View on TikTok" of a public post, on the posts page and the composer's
 * Your posts (docs/posting.md#posts-page): the caption named for screen
 * readers, as Post again is, since a list holds several links alike.
 * @module
 */
import type { PostJson } from "../lib/http/api_responses.ts";
import { quotedCaption } from "./item_names.ts";

/** The public post's page; none while the handle is unknown (no "@/"). */
function tiktokPostUrl(
  p: PostJson,
  username: string | null,
  site: string,
): string | null {
  if (!p.public_post_id || !username) return null;
  const kind = p.kind === "photo" ? "photo" : "video";
  return `${site}/@${encodeURIComponent(username)}/${kind}/${
    encodeURIComponent(p.public_post_id)
  }`;
}

/**
 * The link to `post`'s public page on `site`, named for its caption, after
 * `lead` (a space beside other words); nothing, not even `lead`, for a
 * post with no public page or while the handle is unknown.
 */
export function TikTokPostLink(
  props: {
    post: PostJson;
    username: string | null;
    site: string;
    lead?: string;
  },
) {
  const { post, lead } = props;
  const href = tiktokPostUrl(post, props.username, props.site);
  if (!href) return null;
  return (
    <>
      {lead}
      <a href={href} rel="noopener" target="_blank">
        View on TikTok
        {post.title && (
          <span class="visually-hidden">
            {` ${quotedCaption(post.title)}`}
          </span>
        )}
      </a>
    </>
  );
}
