import { useEffect, useRef, useState } from "preact/hooks";
import {
  callApi,
  ConfirmAction,
  ErrorRegion,
  errorText,
  fillWords,
  LocalTime,
  MediaThumb,
  numberText,
  OutdatedListNotice,
  pageWords,
  PostAgainLink,
  PostPrivacy,
  PostStateAnnouncer,
  postStateLabel,
  postStateSentence,
  quotedCaption,
  reportFailure,
  TikTokPostLink,
  useFocusRescue,
  useLivePosts,
} from "../components/shared_chunk.ts";
import type {
  PostCountsJson,
  PostJson,
  PostStatsResponse,
} from "../lib/http/api_responses.ts";

export interface PostsTableProps {
  posts: PostJson[];
  /** TikTok's counts of the public posts, by post id, as the page loaded. */
  counts: Record<string, PostCountsJson>;
  /** The creator's TikTok handle when known, for links to public posts. */
  username: string | null;
  /**
   * Where public posts' pages are: https://www.tiktok.com, or in sandbox
   * mode the simulator's own (docs/sandbox.md#posts-pages).
   */
  postsSite: string;
  refreshMs: number;
  /** SERVICE_NAME, given by the server (no code of its own to find it). */
  serviceName: string;
  /**
   * The list's cursor when it is an older page, opened at a linked post
   * (`?post=<id>`), read again so; null for the newest posts.
   */
  cursor: string | null;
}

/** "1,520 views · 1 like · …", in the reader's way of writing numbers. */
function countsLine(c: PostCountsJson): string {
  return ([
    [c.view_count, "view"],
    [c.like_count, "like"],
    [c.comment_count, "comment"],
    [c.share_count, "share"],
  ] as const).map(([n, word]) =>
    `${numberText(n)} ${word}${n === 1 ? "" : "s"}`
  ).join(" · ");
}

/**
 * The account's posts: thumbnail, caption, state, source, the TikTok link
 * once public, TikTok's fail_reason as a sentence, and "Post again" for a
 * failed post: a link to the one composer, prefilled with the post's media
 * and caption, where every rule of a new post applies
 * (docs/posting.md#posts-page).
 */
export default function PostsTable(props: PostsTableProps) {
  const { posts, reload, outdated } = useLivePosts(
    props.posts,
    props.refreshMs,
    props.cursor,
  );
  const [error, setError] = useState("");
  const [counts, setCounts] = useState(props.counts);
  // Public posts the server asked TikTok about when it rendered the page.
  const asked = useRef(
    new Set(props.posts.filter((p) => p.public_post_id).map((p) => p.post_id)),
  );
  // A post that became public while the page was open (published, or made
  // in another tab): its counts are asked for once, as a reload would.
  useEffect(() => {
    for (const { post_id: id, public_post_id } of posts) {
      if (!public_post_id || asked.current.has(id)) continue;
      asked.current.add(id);
      callApi<PostStatsResponse>(
        "GET",
        `/api/tiktok/posts/${encodeURIComponent(id)}/stats`,
      ).then(({ stats }) => stats && setCounts((c) => ({ ...c, [id]: stats })))
        .catch(reportFailure("loading a post's counts"));
    }
  }, [posts]);
  const listRef = useRef<HTMLElement>(null);
  const rescueFocus = useFocusRescue();

  /** The creator's word that a post whose outcome is unknown is not on TikTok. */
  async function markNotPosted(postId: string) {
    setError("");
    try {
      await callApi(
        "POST",
        `/api/tiktok/posts/${encodeURIComponent(postId)}/not_posted`,
      );
      // The announcer says the post's new state once the list has it.
      await reload();
      // Its question is gone with the unknown state: focus goes on to what
      // can be done now, Post again.
      rescueFocus(() =>
        listRef.current?.querySelector<HTMLElement>(
          `[data-post-id="${postId}"] [data-testid=post-again]`,
        )
      );
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section class="card" data-testid="posts-table" ref={listRef}>
      <PostStateAnnouncer posts={posts} />
      <ErrorRegion message={error} testId="posts-error" />
      <OutdatedListNotice shown={outdated} />
      {posts.length === 0
        ? (
          // The way to a first post, as the calendar and media pages give.
          <p class="muted" data-testid="posts-empty">
            Nothing posted yet. <a href="/dashboard">Compose a post</a>
          </p>
        )
        : (
          <ul class="post-list">
            {posts.map((p) => {
              const why = postStateSentence(p);
              const postCounts = counts[p.post_id];
              return (
                <li
                  key={p.post_id}
                  id={`post-${p.post_id}`}
                  class="post-item"
                  data-post-id={p.post_id}
                  data-state={p.state}
                >
                  <MediaThumb
                    src={p.source_urls[0]}
                    photo={p.kind === "photo"}
                  />
                  <div class="post-body">
                    <p class="caption clip-lines">
                      {p.title || <span class="muted">No caption</span>}
                    </p>
                    <p class="muted">
                      <LocalTime at={p.created_at} zone /> ·{" "}
                      {p.kind === "photo" ? "Photos" : "Video"} ·{" "}
                      {p.job_id ? "Scheduled · " : ""}
                      {fillWords(pageWords().cards.sentBy, {
                        name: props.serviceName,
                      })}
                    </p>
                    <p>
                      <strong class={`state-${p.state}`} data-testid="state">
                        {postStateLabel(p)}
                      </strong>
                      <PostPrivacy privacy={p.privacy} />
                      <TikTokPostLink
                        post={p}
                        username={props.username}
                        site={props.postsSite}
                        lead=" "
                      />
                    </p>
                    {postCounts && (
                      <p class="muted" data-testid="post-counts">
                        {countsLine(postCounts)}
                      </p>
                    )}
                    {why && (
                      <p
                        class={p.state === "unknown"
                          ? "notice"
                          : "error-message"}
                        data-testid="fail-reason"
                      >
                        {why}
                      </p>
                    )}
                    {p.state === "unknown" && p.not_posted_from && (
                      <p class="muted" data-testid="not-posted-from">
                        {pageWords().cards.notPostedFrom}
                        <LocalTime at={p.not_posted_from} zone />
                        {pageWords().cards.notPostedTail}
                      </p>
                    )}
                    {p.state === "unknown" && (
                      <ConfirmAction
                        label={pageWords().cards.notThere}
                        what={p.title
                          ? `(${quotedCaption(p.title)})`
                          : undefined}
                        question={pageWords().confirmNotPosted}
                        confirmLabel={pageWords().cards.notThereYes}
                        testId="not-posted"
                        onConfirm={() => markNotPosted(p.post_id)}
                      />
                    )}
                    {p.state === "failed" && (
                      <p>
                        <PostAgainLink post={p} />
                      </p>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        )}
    </section>
  );
}
