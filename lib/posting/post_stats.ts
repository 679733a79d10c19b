/**
 * A post's counts on TikTok (docs/posting.md#post-stats): views, likes,
 * comments and shares of a published public post, from TikTok's video query
 * (scope video.list), kept 10 minutes per post so that a report looping
 * over many posts, or a dashboard reloaded, stays far within TikTok's 600
 * calls a minute. TikTok shows counts of public posts only: a private
 * post, a draft or a post not yet published has none, and the answer says
 * why instead of failing.
 * @module
 */
import { AppError } from "../errors.ts";
import { getManyTyped, keys } from "../kv_keys.ts";
import type { Account } from "../accounts/account_record.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { logFailure } from "../runtime/logger.ts";
import { TikTokApiError } from "../tiktok/tiktok_api_error.ts";
import type { VideoStats } from "../tiktok/video_stats_record.ts";
import type { ListedPost } from "./post_record.ts";
import type { CachedPostStats } from "./post_stats_record.ts";
import { findOwnPost } from "./post_list.ts";
import type { ListDeps } from "./post_list.ts";
import { notFoundAs } from "./id_kinds.ts";
import { publicPostId } from "./public_post_id.ts";
import { hasScope } from "./post_modes.ts";
import {
  accessTokenFor,
  checkConnected,
  isConnected,
} from "./tiktok_session.ts";
import type { TikTokSessionDeps } from "./tiktok_session.ts";
import { tiktokAppError } from "./tiktok_errors.ts";
import { tiktokFields } from "./tiktok_refusals.ts";
import { rejectedTokenError } from "./token_rejection.ts";

/** How long a post's counts are kept before TikTok is asked again. */
export const POST_STATS_TTL_MS = 10 * 60_000;

/** The TikTok scope the video query needs. */
export const STATS_SCOPE = "video.list";

/** What TikTok's video query allows a token in a minute, then HTTP 429. */
const STATS_RETRY_SECONDS = 60;

/**
 * How long the posts page waits for each of TikTok's video queries: the
 * page is about the posts, and a slow TikTok must not hold it for the
 * client's 20 s (three calls at most, for 50 posts).
 */
const PAGE_COUNTS_TIMEOUT_MS = 3_000;

/** TikTok's video query takes at most 20 ids a call. */
const VIDEO_QUERY_MAX_IDS = 20;

export type PostStatsDeps =
  & ListDeps
  & Pick<AppDeps, "tiktokContent" | "log">
  & TikTokSessionDeps;

export interface PostStatsAnswer {
  post: ListedPost;
  /** TikTok's counts, or null when there are none to show. */
  stats: VideoStats | null;
  /** Why there are no counts (a sentence), or null when there are. */
  unavailable: string | null;
  /** When TikTok was asked (null: it was not, as it has nothing to show). */
  fetchedAt: number | null;
}

/**
 * The counts of the account's post `postId`.
 * @throws {AppError} `not_found` (not this account's post),
 *   `tiktok_reauth_required`, `tiktok_scope_missing` (signed in before PM3K
 *   asked for video.list, or withheld it), `tiktok_rate_limit`,
 *   `tiktok_error`
 */
export async function postStats(
  deps: PostStatsDeps,
  account: Account,
  postId: string,
): Promise<PostStatsAnswer> {
  const post = await findOwnPost(deps, account.openId, postId);
  if (!post) {
    throw await notFoundAs(deps.kv, account.openId, "post_id", postId);
  }
  const unavailable = whyNoStats(post);
  if (unavailable) {
    return { post, stats: null, unavailable, fetchedAt: null };
  }
  checkConnected(account);
  checkStatsScope(deps, account);
  const kept = (await countsOf(deps, account, [post])).get(post.id)!;
  return answer(post, kept.stats, kept.fetchedAt);
}

/**
 * The counts of `posts` (each published, public: {@link whyNoStats} null),
 * kept ones as they are, the others asked of TikTok, 20 a call, and kept.
 * @throws {AppError} as {@link postStats}, TikTok's refusals mapped
 */
async function countsOf(
  deps: PostStatsDeps,
  account: Account,
  posts: ListedPost[],
  /**
   * How long each TikTok call may take (default: the client's), and how
   * long a token renewal is waited for (default: until it ends).
   */
  page?: { timeoutMs: number; tokenWaitMs: number },
): Promise<Map<string, CachedPostStats>> {
  const now = deps.clock.now();
  const counts = new Map<string, CachedPostStats>();
  const stale: ListedPost[] = [];
  const kept = await getManyTyped(
    deps.kv,
    posts.map((p) => keys.postStats(p.id)),
  );
  posts.forEach((post, i) => {
    const entry = kept[i];
    if (entry && now - entry.fetchedAt < POST_STATS_TTL_MS) {
      counts.set(post.id, entry);
    } else {
      stale.push(post);
    }
  });
  if (stale.length === 0) return counts;
  const token = page
    ? await tokenWithin(deps, account, page.tokenWaitMs)
    : await statsToken(deps, account);
  for (let i = 0; i < stale.length; i += VIDEO_QUERY_MAX_IDS) {
    const batch = stale.slice(i, i + VIDEO_QUERY_MAX_IDS);
    const videoIds = batch.map((p) => publicPostId(p.raw)!);
    let videos: VideoStats[];
    try {
      videos = await deps.tiktokContent.queryVideos(token, videoIds, {
        timeoutMs: page?.timeoutMs,
      });
    } catch (error) {
      if (!(error instanceof TikTokApiError)) throw error;
      throw (await rejectedTokenError(deps, account, error)) ??
        statsError(error, deps.config.site.serviceName);
    }
    const byId = new Map(videos.map((v) => [v.videoId, v]));
    // One commit for the batch's copies.
    const op = deps.kv.atomic();
    batch.forEach((post, j) => {
      const entry = { stats: byId.get(videoIds[j]) ?? null, fetchedAt: now };
      counts.set(post.id, entry);
      op.set(keys.postStats(post.id), entry, {
        expireIn: 2 * POST_STATS_TTL_MS,
      });
    });
    await op.commit().catch(
      // The answer stands without its copies: the next call asks again.
      logFailure(deps.log, "keeping posts' counts", { posts: batch.length }),
    );
  }
  return counts;
}

/**
 * The account's access token, renewed first when it ended.
 * @throws {AppError} `tiktok_reauth_required`, `tiktok_token_busy`, and
 *   `tiktok_error` when TikTok fails to renew it (its 5xx, no answer),
 *   which would otherwise be no AppError: a 500, and a posts page failing
 */
async function statsToken(
  deps: PostStatsDeps,
  account: Account,
): Promise<string> {
  try {
    return await accessTokenFor(deps, account);
  } catch (error) {
    if (!(error instanceof TikTokApiError)) throw error;
    throw new AppError(
      "tiktok_error",
      `TikTok did not renew this account's access just now, so views and likes cannot be read: try again in a few minutes. (${error.message})`,
      { extra: tiktokFields(error), cause: error },
    );
  }
}

/**
 * {@link statsToken}, waited for at most `waitMs`: a renewal TikTok is
 * slow to answer (its token endpoint may take 15 s, another process's
 * renewal is waited for 20 s) must not hold the posts page. The renewal is
 * not cut off (TikTok may have issued new tokens already): it goes on, and
 * the next load finds the token renewed.
 * @throws {AppError} as statsToken, and `tiktok_error` once `waitMs` passed
 */
async function tokenWithin(
  deps: PostStatsDeps,
  account: Account,
  waitMs: number,
): Promise<string> {
  const token = statsToken(deps, account);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let late = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      late = true;
      reject(
        new AppError(
          "tiktok_error",
          "TikTok is slow to renew this account's access: reload the page in a moment.",
        ),
      );
    }, waitMs);
  });
  try {
    return await Promise.race([token, deadline]);
  } finally {
    clearTimeout(timer);
    if (late) {
      // No one waits for it any more: its failure is only logged.
      token.catch(
        logFailure(deps.log, "renewing a TikTok token for the posts page", {
          open_id: account.openId,
        }),
      );
    }
  }
}

/** What the posts page shows of its posts' counts. */
export interface PageCounts {
  /** By post id: the counts of the posts TikTok shows. */
  counts: Map<string, VideoStats>;
  /** Why no counts are shown, when that is for the creator to act on. */
  note: string | null;
}

/**
 * The counts of the listed posts that can have some, for the dashboard's
 * posts page: the page shows without them rather than fail, saying why
 * when the creator can do something (sign in again).
 */
export async function countsForPage(
  deps: PostStatsDeps,
  account: Account,
  posts: ListedPost[],
): Promise<PageCounts> {
  const counted = posts.filter((p) => whyNoStats(p) === null);
  const none = { counts: new Map(), note: null };
  if (counted.length === 0 || !statsOn(deps) || !isConnected(account)) {
    return none;
  }
  if (!hasScope(account, STATS_SCOPE)) {
    return {
      ...none,
      note:
        `To see views and likes here, sign in with TikTok again and allow ${deps.config.site.serviceName} to read your videos' counts.`,
    };
  }
  try {
    const counts = new Map<string, VideoStats>();
    const kept = await countsOf(deps, account, counted, {
      timeoutMs: PAGE_COUNTS_TIMEOUT_MS,
      tokenWaitMs: PAGE_COUNTS_TIMEOUT_MS,
    });
    for (const [id, entry] of kept) {
      if (entry.stats) counts.set(id, entry.stats);
    }
    return { counts, note: null };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // The page is about the posts; their counts can wait a reload.
    deps.log({
      level: "warn",
      message: "the posts page shows no counts: TikTok refused the query",
      open_id: account.openId,
      error: error.code,
    });
    return {
      ...none,
      note: `Views and likes cannot be shown now: ${error.message}`,
    };
  }
}

function answer(
  post: ListedPost,
  stats: VideoStats | null,
  fetchedAt: number,
): PostStatsAnswer {
  return {
    post,
    stats,
    unavailable: stats ? null : notShown(post),
    fetchedAt,
  };
}

/**
 * TikTok left the post out of its answer. Whether TikTok's video query
 * covers photo posts at all is not documented (the simulator answers them):
 * a photo post's sentence says so rather than blame the creator.
 */
function notShown(post: ListedPost): string {
  return post.kind === "photo"
    ? "TikTok does not show this photo post's counts now: it was deleted or made private on TikTok, or TikTok's video query does not cover photo posts."
    : "TikTok does not show this video's counts now: it was deleted or made private on TikTok.";
}

/** Why a post has no counts to ask TikTok for, or null when it may have. */
function whyNoStats(post: ListedPost): string | null {
  if (post.postMode === "MEDIA_UPLOAD") {
    return "A draft has no counts: TikTok shows them once the creator posts it from the TikTok app, as a post this service does not follow.";
  }
  if (post.state === "unknown") {
    // Not a word to show as a state: TikTok never answered its init
    // (docs/posting.md#outcome-unknown).
    return "TikTok shows counts of published posts only, and TikTok never answered whether it took this post: find it on the TikTok profile, or mark it not posted.";
  }
  if (post.state !== "done") {
    return `TikTok shows counts of published posts only; this post is ${post.state}.`;
  }
  if (!publicPostId(post.raw)) {
    return "TikTok shows counts of public posts only (who can view it: everyone); this post is not public.";
  }
  return null;
}

/** Whether this PM3K asks for video.list at sign-in (TIKTOK_POST_STATS). */
function statsOn(deps: Pick<AppDeps, "config">): boolean {
  return deps.config.tiktok.scopes.includes(STATS_SCOPE);
}

/**
 * Refuses, before TikTok is called, when the operator turned post stats
 * off, or the account has no video.list (signing in again grants it).
 * @throws {AppError} `tiktok_scope_missing`
 */
function checkStatsScope(
  deps: Pick<AppDeps, "config">,
  account: Account,
): void {
  if (!statsOn(deps)) {
    throw new AppError(
      "tiktok_scope_missing",
      `Post stats are turned off on ${deps.config.site.serviceName}: its operator set TIKTOK_POST_STATS=off, so sign-in does not ask TikTok for ${STATS_SCOPE}.`,
      { extra: { missing_scope: STATS_SCOPE } },
    );
  }
  if (hasScope(account, STATS_SCOPE)) return;
  const { serviceName } = deps.config.site;
  throw statsScopeMissing(
    serviceName,
    `which this account has not granted (it signed in before ${serviceName} asked for it, or withheld it)`,
  );
}

/**
 * The 403 for an account without video.list, `why` saying how it is so,
 * the dashboard to sign in to again named `serviceName`.
 */
function statsScopeMissing(
  serviceName: string,
  why: string,
  options: { extra?: Record<string, unknown>; cause?: unknown } = {},
): AppError {
  return new AppError(
    "tiktok_scope_missing",
    `Reading a post's views and likes needs the TikTok permission ${STATS_SCOPE}, ${why}. Reconnect TikTok (sign in to the ${serviceName} dashboard again) and allow it.`,
    {
      extra: { ...options.extra, missing_scope: STATS_SCOPE },
      cause: options.cause,
    },
  );
}

/**
 * TikTok's refusal of the video query. Its 429 is the query's own limit
 * (600 a minute per token): a minute's wait, and no posting cooldown, which
 * is for the posting endpoints' limits. Its scope_not_authorized names
 * video.list, as the check before the call does.
 */
function statsError(error: TikTokApiError, serviceName: string): AppError {
  if (error.tiktokCode === "scope_not_authorized") {
    // The posting refusal's words name "this post"; this one is the count
    // query's, and says which permission, as the check before the call.
    return statsScopeMissing(
      serviceName,
      "which TikTok says this account has not granted (it may have been turned off in TikTok's settings)",
      { extra: tiktokFields(error), cause: error },
    );
  }
  if (error.tiktokCode === "timeout") {
    // Not tiktokAppError's sentence, which is about posting.
    return new AppError(
      "tiktok_error",
      "TikTok did not answer the query for views and likes in time: try again in a moment.",
      { extra: tiktokFields(error), cause: error },
    );
  }
  if (error.tiktokCode === "invalid_response" && error.httpStatus === 200) {
    // Not JSON, or a count that is not a count (content_client.ts): not
    // the creator's doing, and not to be shown or kept.
    return new AppError(
      "tiktok_error",
      `TikTok's answer to the query for views and likes could not be read (${error.message}): try again later.`,
      { extra: tiktokFields(error), cause: error },
    );
  }
  if (error.httpStatus !== 429) return tiktokAppError(error, serviceName);
  return new AppError(
    "tiktok_rate_limit",
    "TikTok's limit on reading video counts (600 calls a minute for this account) was reached: try again in a minute. Posting is not affected.",
    { extra: { retry_after_seconds: STATS_RETRY_SECONDS }, cause: error },
  );
}
