import PostsTable from "@/islands/PostsTable.tsx";
import type { PostsTableProps } from "@/islands/PostsTable.tsx";
import {
  cursorOfPageFrom,
  firstPostIdBelow,
  postPage,
} from "@/lib/posting/post_list.ts";
import { postsJson } from "@/lib/http/post_json.ts";
import { countsForPage } from "@/lib/posting/post_stats.ts";
import { postCountsJson } from "@/lib/http/post_stats_json.ts";
import type { Handlers, PageProps } from "@/lib/http/app_types.ts";
import { planPageHandler } from "@/lib/http/dashboard_account.ts";
import { accountCalendar, jobsWaiting } from "@/lib/jobs/scheduled_media.ts";
import { numberText } from "@/components/number_text.ts";
import { OlderPostsLink } from "@/components/OlderPostsLink.tsx";
import { isUlid } from "@/lib/ulid_ids.ts";
import { tiktokPostsSite } from "@/lib/tiktok/posts_site.ts";
import { recentPublishTime } from "@/lib/posting/publish_time.ts";
import type { PublishTime } from "@/lib/posting/publish_time.ts";
import { processingTakes } from "@/components/publish_time_words.ts";

/**
 * What the island takes, and a line about the counts rendered outside it
 * (no script needed to say why there are none).
 */
type PostsData = PostsTableProps & {
  countsNote: string | null;
  /** The newest post below those listed, where "Older posts" opens; or null. */
  older: string | null;
  /** Scheduled posts not run yet: listed here only once they have. */
  waiting: number;
  /**
   * Hours after which a post TikTok has not finished is marked failed
   * (PUBLISH_DEADLINE_HOURS), when a post listed is processing; else null.
   */
  processingHours: number | null;
  /** How long the account's newest published posts took (publish_time.ts). */
  publishTime: PublishTime | null;
};

export const handler: Handlers = planPageHandler(
  async (account, deps, c): Promise<PostsData> => {
    // Opened from a link to a post (the media page's "Posted …", the
    // calendar): the page of posts that starts with it, so a post older
    // than the 50 newest is there too. Another account's or an unknown
    // post: the newest.
    const asked = c.req.query("post") ?? "";
    // A post id is a ULID; anything else names no post.
    let cursor = isUlid(asked)
      ? await cursorOfPageFrom(deps, account.openId, asked)
      : null;
    let page = await postPage(deps, account.openId, { limit: 50 });
    const newest = page.posts;
    // Measured on the newest posts, whichever page is shown.
    const publishTime = recentPublishTime(page.posts);
    // Among the newest already: the newest page, read again as always.
    if (page.posts.some((p) => p.id === asked)) cursor = null;
    else if (cursor) {
      page = await postPage(deps, account.openId, { limit: 50, cursor });
    }
    const { posts } = page;
    // More below the 50 listed: "Older posts" opens the page from the next.
    const older = page.cursor
      ? await firstPostIdBelow(deps, account.openId, page.cursor)
      : null;
    const { counts, note } = await countsForPage(deps, account, posts);
    // Read once for the waiting note and for Scheduled again.
    const calendar = await accountCalendar(deps, account.openId);
    return {
      countsNote: note,
      older,
      waiting: jobsWaiting(calendar),
      processingHours: posts.some((p) => p.state === "pending")
        ? deps.config.publishDeadlineHours
        : null,
      publishTime,
      // The newest posts, read above whichever page is shown: when they
      // hold the page's failed posts, they hold every newer post too
      // (lib/posting/posted_again.ts), and nothing is read again.
      posts: await postsJson(deps, account.openId, posts, {
        newest,
        calendar,
      }),
      counts: Object.fromEntries(
        [...counts].map(([id, stats]) => [id, postCountsJson(stats)]),
      ),
      // Kept on the account from creator_info, which is cached for minutes
      // only (docs/posting.md#posts-page).
      username: account.tiktokUsername || null,
      postsSite: tiktokPostsSite(deps.config),
      refreshMs: deps.timing.listRefreshMs,
      serviceName: deps.config.site.serviceName,
      cursor,
    };
  },
);

/** The account's posts and their fate at TikTok (docs/posting.md#posts-page). */
export default function Posts({ data }: PageProps<PostsData>) {
  const { countsNote, older, waiting, processingHours, publishTime, ...table } =
    data;
  return (
    // The dashboard's one column, as Compose and Settings: only the
    // calendar needs the width (docs/dashboard.md#layout).
    <main>
      <h1>Posts</h1>
      {
        /* The scheduled posts are on the calendar (and Compose): said so
          here, not missing without a word. No count: the list below
          is read again on the tab's return, this line is not. */
      }
      {waiting > 0 && (
        <p class="muted" data-testid="scheduled-note">
          Scheduled posts show here once they have run. Until then, see or
          change them on the <a href="/dashboard/calendar">Calendar</a>.
        </p>
      )}
      {
        /* How long "Processing" lasts, said by the page, not the island:
          no dashboard JavaScript for it (docs/dashboard.md#budget). The
          account's own last posts' time when some were published, else
          TikTok's usual: still right once the post is done. */
      }
      {processingHours !== null && (
        <p class="muted" data-testid="processing-note">
          Processing: TikTok has the post and is publishing it, which{" "}
          {processingTakes(publishTime, "usually takes a few minutes")}, longer
          for a long video. The list shows when it is done, without a reload. A
          post TikTok has not finished {numberText(processingHours)}{" "}
          hour{processingHours === 1 ? "" : "s"}{" "}
          after it was sent is marked failed.
        </p>
      )}
      {table.cursor && (
        <p class="notice" data-testid="older-posts-note">
          These are older posts, not the newest.{" "}
          <a href="/dashboard/posts">Show the newest posts</a>
        </p>
      )}
      {countsNote && (
        <p class="notice" data-testid="counts-note">{countsNote}</p>
      )}
      <PostsTable {...table} />
      <OlderPostsLink postId={older} />
    </main>
  );
}
