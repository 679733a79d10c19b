import { PAGE_ACCOUNT_FIELD } from "@/lib/http/page_account_names.ts";
import { getPlan, PLAN_IDS, PLANS, POSTING_LIMITS } from "@/lib/plans.ts";
import { albumStorageKey } from "@/components/album_memory.ts";
import UploadCard from "@/islands/UploadCard.tsx";
import { IslandCard } from "@/components/IslandCard.tsx";
import PostCard from "@/islands/PostCard.tsx";
import PostsList from "@/islands/PostsList.tsx";
import { tiktokPostsSite } from "@/lib/tiktok/posts_site.ts";
import JobsList from "@/islands/JobsList.tsx";
import { jobJson } from "@/lib/http/job_json.ts";
import { composePageData } from "@/lib/posting/compose_page_data.ts";
import { samePostedBytes } from "@/lib/posting/same_media.ts";
import type { PublishTime } from "@/lib/posting/publish_time.ts";
import { processingAfterSend } from "@/components/publish_time_words.ts";
import {
  outcomeUnknownVideoUrls,
  postedVideoUrls,
} from "@/components/posted_videos.ts";
import { OlderPostsLink } from "@/components/OlderPostsLink.tsx";
import { postJson, postsJson } from "@/lib/http/post_json.ts";
import { uploadJson } from "@/lib/http/media_json.ts";
import { PHOTO_MAX_IMAGES } from "@/lib/media/photo_rules.ts";
import { UPLOADS_SHOWN } from "@/components/uploads_shown.ts";
import { limitsOf } from "@/components/plan_limits.ts";
import { composeSettings } from "@/lib/http/compose_settings.ts";
import type { ComposeSettings } from "@/lib/http/compose_settings.ts";
import { composeAgain } from "@/lib/http/compose_again.ts";
import type { ComposeAgain } from "@/lib/http/compose_again.ts";
import { composeVideo, videoChosenNote } from "@/lib/http/compose_video.ts";
import type {
  JobJson,
  PostJson,
  UploadJson,
} from "@/lib/http/api_responses.ts";
import type { Handlers, PageProps } from "@/lib/http/app_types.ts";

interface DashboardData {
  uploads: UploadJson[];
  /** Video URLs the account's posts used (and TikTok did not fail). */
  postedVideos: string[];
  /** Of those, the ones held only by posts whose outcome is unknown. */
  unknownVideos: string[];
  /** Uploads whose bytes a post of another upload posted (same_media.ts). */
  sameFileVideos: string[];
  /** False when the posts read did not reach back to the oldest upload. */
  postedKnown: boolean;
  /** Media the account's jobs still to post will use (scheduled_media.ts). */
  scheduledVideos: string[];
  posts: PostJson[];
  /** The newest post below those listed, where "Older posts" opens; or null. */
  olderPost: string | null;
  /** How long the account's newest published posts took (publish_time.ts). */
  publishTime: PublishTime | null;
  jobs: JobJson[];
  compose: ComposeSettings;
  /**
   * "Post again" of a failed post, or "Use in a post" of a video: the
   * composer's prefill, or why none.
   */
  again: ComposeAgain;
  /** How often the posts and jobs lists reload while something is pending. */
  listRefreshMs: number;
  /** The creator's TikTok handle when known, for links to public posts. */
  username: string | null;
  /** Where public posts' pages are (lib/tiktok/posts_site.ts). */
  postsSite: string;
}

/**
 * Compose (docs/dashboard.md#compose), prefilled by `?again=<post_id>`
 * (docs/posting.md#posts-page) or `?video=<upload_id>`; the plan choice on
 * first visit.
 */
export const handler: Handlers = {
  async GET(c) {
    const account = c.get("sessionAccount");
    if (!account) return c.redirect("/", 303);
    const deps = c.get("deps");
    if (!account.plan) return c.get("render")(null);
    const page = await composePageData(deps, account.openId);
    const compose = composeSettings(deps, account);
    const listed = page.postsSinceUploads.posts.map((p) => postJson(p));
    const data: DashboardData = {
      uploads: page.uploads.map(uploadJson),
      postedVideos: postedVideoUrls(listed),
      unknownVideos: outcomeUnknownVideoUrls(listed),
      sameFileVideos: samePostedBytes(
        page.uploads,
        page.postsSinceUploads.posts,
      ),
      postedKnown: page.postsSinceUploads.complete,
      scheduledVideos: page.scheduledVideos,
      // The newest posts, from the newest on, hold each failed one they
      // list and so every post newer than it: with the calendar read
      // already, nothing is read again (docs/dashboard.md#freshness).
      posts: await postsJson(deps, account.openId, page.posts, {
        newest: page.posts,
        calendar: page.calendar,
      }),
      olderPost: page.olderPost,
      publishTime: page.publishTime,
      jobs: page.jobs.map((j) => jobJson(j, page.snapshots.get(j.id) ?? null)),
      compose,
      // Post again, or the media page's Use in a post of a video: one
      // prefill (lib/http/compose_video.ts).
      again: c.req.query("again") === undefined
        ? await composeVideo(deps, account.openId, c.req.query("video"))
        : await composeAgain(
          deps,
          account.openId,
          compose.canDraft,
          c.req.query("again"),
        ),
      listRefreshMs: deps.timing.listRefreshMs,
      username: account.tiktokUsername || null,
      postsSite: tiktokPostsSite(deps.config),
    };
    return c.get("render")(data);
  },
};

function PlanChoice({ openId }: { openId: string }) {
  return (
    <section class="card" data-testid="plan-choice">
      <h2>Choose your plan</h2>
      <p>
        Plans change how long keys and files live; TikTok posting limits are the
        same on every plan ({POSTING_LIMITS.postsPerDay} posts/day,{" "}
        {POSTING_LIMITS.postsPerHour} post/hour).
      </p>
      <form method="post" action="/dashboard/plan" class="plans">
        <input type="hidden" name={PAGE_ACCOUNT_FIELD} value={openId} />
        {
          /* Each plan a card named by its plan, its limits listed, then a
            button that says what it does: a list is no button's content,
            and a card alone does not say it can be pressed. */
        }
        {PLAN_IDS.map((id) => (
          <div
            role="group"
            aria-labelledby={`plan-${id}`}
            key={id}
            class="plan"
          >
            <h3 id={`plan-${id}`}>{PLANS[id].name}</h3>
            <ul>
              {limitsOf(PLANS[id]).map((l) => <li key={l}>{l}</li>)}
            </ul>
            <button type="submit" name="plan" value={id}>
              Choose {PLANS[id].name}
            </button>
          </div>
        ))}
      </form>
      <p class="muted">Payment comes later: your choice is recorded now.</p>
    </section>
  );
}

export default function Dashboard(
  { account, data, serviceName }: PageProps<DashboardData | null>,
) {
  if (!account) return null;
  if (!account.plan || !data) {
    return (
      <main>
        <h1>Welcome, {account.displayName}</h1>
        <PlanChoice openId={account.openId} />
      </main>
    );
  }
  const plan = getPlan(account.plan);
  return (
    <main>
      <h1 class="visually-hidden">Compose a TikTok post</h1>
      <p class="muted" data-testid="plan-line">
        Plan <span data-testid="plan-name">{plan.name}</span>:{" "}
        {POSTING_LIMITS.postsPerDay} posts/day, {POSTING_LIMITS.postsPerHour}
        {" "}
        post/hour. What is left today, the API key, domains and webhook are in
        {" "}
        <a href="/dashboard/settings">Settings</a>.
      </p>
      <IslandCard
        title="Upload a video"
        testId="upload-card"
        intro={
          <>
            MP4, MOV or WebM, vertical (9:16), up to{" "}
            {plan.maxFileBytes / 1_000_000} MB; {plan.uploadsPerDay}{" "}
            uploads a day on your plan. {serviceName}{" "}
            never re-encodes your file.
          </>
        }
      >
        <UploadCard
          uploads={data.uploads.slice(0, UPLOADS_SHOWN)}
          serviceName={serviceName}
        />
        {
          /* The card lists the newest few, so the composer stays near the
            top; all of them are in Media, linked by the server (no
            dashboard JavaScript). No count: one the page loaded with would
            be wrong after the card's next upload. */
        }
        {data.uploads.length > 0 && (
          <p>
            <a href="/dashboard/media" data-testid="all-uploads-link">
              All your uploads in Media
            </a>
          </p>
        )}
      </IslandCard>
      {
        /* Where Post again and Use in a post land (#compose): the
          composer, with the server's notices of the prefill just above it,
          rather than the page's top and its upload card
          (docs/dashboard.md#post-again). */
      }
      <div id="compose">
        {data.again.notice && (
          <p class="notice" role="status" data-testid="again-notice">
            {data.again.notice}
          </p>
        )}
        {
          /* Use in a post's video, chosen (no post behind it): said by the
          server, no dashboard JavaScript for it. */
        }
        {data.again.prefill?.postId === "" && data.again.prefill.video && (
          <p class="notice" id="video-chosen" data-testid="video-chosen-note">
            {videoChosenNote(data.again.prefill.video.filename)}
          </p>
        )}
        <PostCard
          videos={data.uploads.filter((u) => u.kind === "video").map((u) => ({
            url: u.url,
            filename: u.filename,
            duration_sec: u.duration_sec ?? null,
            created_at: u.created_at,
            posted: data.postedVideos.includes(u.url),
            // Held, but not known to be posted: not "already posted".
            ...(data.unknownVideos.includes(u.url) ? { unknown: true } : {}),
            scheduled: data.scheduledVideos.includes(u.url),
            // Warned, not refused (docs/dashboard.md#reused-media).
            ...(data.sameFileVideos.includes(u.url) ? { sameFile: true } : {}),
          }))}
          maxImages={PHOTO_MAX_IMAGES}
          appAudited={data.compose.appAudited}
          canDraft={data.compose.canDraft}
          canPublish={data.compose.canPublish}
          extraStopWords={data.compose.extraStopWords}
          filesKeptHours={data.compose.filesKeptHours}
          albumStorageKey={albumStorageKey(account.openId)}
          avatarUrl={account.avatarUrl}
          accountName={account.displayName}
          handle={account.tiktokUsername}
          prefill={data.again.prefill}
          postedKnown={data.postedKnown}
          processing={processingAfterSend(data.publishTime)}
        />
      </div>
      {
        /* Each list's card and heading, and Your posts' Older posts link,
          are the server's: no dashboard JavaScript for them
          (docs/dashboard.md#budget). The link is the posts page's own
          (components/OlderPostsLink.tsx). */
      }
      <section class="card" data-testid="jobs-list">
        <h2>Scheduled posts</h2>
        <JobsList jobs={data.jobs} refreshMs={data.listRefreshMs} />
      </section>
      <section class="card" data-testid="posts-list">
        <h2>Your posts</h2>
        <PostsList
          posts={data.posts}
          refreshMs={data.listRefreshMs}
          username={data.username}
          postsSite={data.postsSite}
        />
        <OlderPostsLink postId={data.olderPost} />
      </section>
    </main>
  );
}
