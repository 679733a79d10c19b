import { useEffect } from "preact/hooks";
import {
  LocalTime,
  MediaThumb,
  OutdatedListNotice,
  PostAgainLink,
  PostPrivacy,
  PostStateAnnouncer,
  postStateLabel,
  postStateSentence,
  reportFailure,
  tellIslands,
  TikTokPostLink,
  useIslandEvent,
  useLivePosts,
} from "../shared_chunk.ts";
import type { PostJson } from "../../lib/http/api_responses.ts";

export interface PostsListProps {
  posts: PostJson[];
  /** How often pending posts are refreshed, in ms. */
  refreshMs: number;
  /** The creator's TikTok handle when known, for links to public posts. */
  username: string | null;
  /** Where public posts' pages are (lib/tiktok/posts_site.ts). */
  postsSite: string;
}

/**
 * Recent posts with their live state; refreshes while any is pending. The
 * card around it, its heading and Older posts, is the page's
 * (routes/dashboard/index.tsx).
 */
export default function PostsList(props: PostsListProps) {
  const { posts, reload, outdated } = useLivePosts(
    props.posts,
    props.refreshMs,
  );

  useIslandEvent(
    "pm3k:posted",
    () => reload().catch(reportFailure("reloading the posts")),
  );
  // The composer's "Sent to TikTok" must not outlive the post's failure.
  useEffect(() => {
    for (const p of posts) {
      // By post_id when TikTok gave none: a post whose outcome was unknown,
      // marked not posted (docs/dashboard.md#freshness).
      if (p.state === "failed") {
        tellIslands("pm3k:post-failed", p.publish_id ?? p.post_id);
      }
    }
  }, [posts]);

  return (
    <>
      <PostStateAnnouncer posts={posts} />
      <OutdatedListNotice shown={outdated} />
      {posts.length === 0
        ? <p class="muted">Nothing posted yet.</p>
        : (
          <table class="posts">
            <thead>
              <tr>
                <th>When</th>
                <th>Caption</th>
                <th>State</th>
                <th>What TikTok said</th>
              </tr>
            </thead>
            <tbody>
              {posts.map((p) => (
                <tr
                  key={p.post_id}
                  // The composer's "TikTok could not post it" links here,
                  // by the id pm3k:post-failed gives it.
                  id={`post-${p.publish_id ?? p.post_id}`}
                  data-publish-id={p.publish_id ?? ""}
                  data-state={p.state}
                >
                  {
                    /* Naming its zone, as Compose's times do: the column
                      does not (docs/dashboard.md#times). */
                  }
                  <td>
                    <LocalTime at={p.created_at} zone />
                  </td>
                  <td>
                    {
                      /* Its picture, as Scheduled posts above shows one
                        (docs/dashboard.md#compose). */
                    }
                    <span class="job-post">
                      <MediaThumb
                        src={p.source_urls[0]}
                        photo={p.kind === "photo"}
                        small
                      />
                      <span class="clip-lines">
                        {p.kind === "photo" ? "📷 " : ""}
                        {p.title || <span class="muted">No caption</span>}
                      </span>
                    </span>
                  </td>
                  <td class={`state-${p.state}`} data-testid="post-state">
                    {postStateLabel(p)}
                    <PostPrivacy privacy={p.privacy} />
                  </td>
                  {
                    /* TikTok's fail_reason in words only, as on the Posts
                      page: the code is for programs, which read it from
                      the API (docs/dashboard.md#words-not-codes). */
                  }
                  <td class="said" data-testid="post-fail-sentence">
                    {postStateSentence(p)}
                    {
                      /* A public post's page, as on the posts page. */
                    }
                    <TikTokPostLink
                      post={p}
                      username={props.username}
                      site={props.postsSite}
                    />
                    {
                      /* The way on from a failure, where it is said, as
                        on the posts page (docs/dashboard.md#post-again). */
                    }
                    {p.state === "failed" && (
                      <p>
                        <PostAgainLink post={p} />
                      </p>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
    </>
  );
}
