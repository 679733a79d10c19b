/**
 * The MCP server's tools (docs/mcp.md#tools): the posting, scheduling,
 * account and limits tools here, the media tools from mcp_media_tools.ts. Each is a
 * REST operation by another door: its arguments are checked by the REST
 * request schema (the same rules refuse the same input, unknown fields
 * included), it calls the same domain function (the same checks, limits
 * and anti-spam rules), and it answers the REST success body, described
 * by the same response schema.
 * @module
 */
import { z } from "zod";
import { recordId } from "../http/record_id.ts";
import {
  CAPTION_FIELD_HINTS,
  CaptionCheckBody,
  choosesPhotoBody,
  JOB_CHANGE_FIELD_HINTS,
  jobFields,
  JobListQuery,
  JobPatchBody,
  PhotoPostBody,
  POST_FIELD_HINTS,
  PostListQuery,
  StatusBody,
  VideoPostBody,
} from "../http/api_schemas.ts";
import {
  CaptionCheckResponse,
  CreatorInfoResponse,
  DirectPostResponse,
  JobCreatedResponse,
  JobListResponse,
  JobResponse,
  LimitsResponse,
  MeResponse,
  PostListResponse,
  PostResponse,
  PostStatsResponse,
  StatusResponse,
} from "../http/api_responses.ts";
import { validateBody } from "../http/json_body.ts";
import { PHOTO_MAX_IMAGES } from "../media/photo_limits.ts";
import { directPostInput } from "../http/direct_post_input.ts";
import { creatorInfoJson } from "../http/creator_info_json.ts";
import { jobCreatedJson, jobJson, jobListJson } from "../http/job_json.ts";
import { limitsJson } from "../http/limits_json.ts";
import { meJson } from "../http/me_json.ts";
import { postJson, postsJson } from "../http/post_json.ts";
import { postStatsJson } from "../http/post_stats_json.ts";
import { directPost } from "../posting/direct_post.ts";
import { publishStatus } from "../posting/post_status.ts";
import { postPage } from "../posting/post_list.ts";
import { markNotPosted } from "../posting/not_posted.ts";
import { postStats } from "../posting/post_stats.ts";
import { creatorInfoForAccount } from "../posting/creator_info_lookup.ts";
import { accountLimits } from "../posting/account_limits.ts";
import { captionProblem } from "../posting/caption_rules.ts";
import { tiktokAppAudited } from "../posting/app_audit.ts";
import { cancelJob } from "../jobs/jobs.ts";
import { createJobAtFreeTime } from "../jobs/job_free_time.ts";
import { jobPage, jobView } from "../jobs/job_views.ts";
import { JOB_STATES } from "../jobs/job_record.ts";
import { updateJob } from "../jobs/job_changes.ts";
import { verifiedCredential } from "../api_keys/credential.ts";
import {
  CHANGES,
  CREATES,
  DESTROYS,
  NoArguments,
  READS,
  tool,
} from "./mcp_tool.ts";
import type { McpTool, ToolContext } from "./mcp_tool.ts";
import { MEDIA_TOOLS } from "./mcp_media_tools.ts";
import { idHints } from "./mcp_id_hints.ts";
import { NEXT_CURSOR, pageArguments } from "./mcp_pages.ts";
import { RETRIES } from "./mcp_idempotency.ts";
import { SERVICE } from "./service_named.ts";
import { privacyFields, PrivacyUsedFields } from "./mcp_privacy_used.ts";

/** post_video's and post_photos' answer: REST's, and who can view it. */
const PostedAnswer = DirectPostResponse.extend(PrivacyUsedFields);

/** schedule_post's answer: REST's, and who can view the post. */
const ScheduledAnswer = JobCreatedResponse.extend(PrivacyUsedFields);

/** post_photos: the photo body, `media_type` implied. */
const PhotoToolBody = PhotoPostBody.partial({ media_type: true });

/**
 * post_photos' listed arguments: its body with photo_images required, 1
 * to 35 URLs, and the cover an index from 0, as a call is refused
 * otherwise. The REST schema lists them looser (null images, any integer)
 * because it leaves those refusals to later checks with their own codes
 * (too_few_images, cover_out_of_range…), which a call still gets: it is
 * checked by PhotoToolBody. A model reading the listing alone would leave
 * the images out or give null (docs/mcp.md#tools).
 */
const PhotoToolArguments = PhotoToolBody.safeExtend({
  photo_images: z.array(z.url({ protocol: /^https?$/ }).max(4096))
    .min(1).max(PHOTO_MAX_IMAGES)
    .describe(String(PhotoPostBody.shape.photo_images.description)),
  photo_cover_index: z.number().int().min(0).max(PHOTO_MAX_IMAGES - 1)
    .default(0)
    .describe(String(PhotoPostBody.shape.photo_cover_index.description)),
});

/**
 * schedule_post's listed arguments: the video and photo bodies in one
 * object (a tool takes one object) plus `run_at`. A call is checked by
 * the one body `media_type` picks, as `POST /api/jobs` does.
 */
const ScheduleArguments = z.strictObject({
  ...PhotoPostBody.shape,
  // Listed with post_photos' bounds, so a client checking its arguments
  // against the listing refuses what a call would be.
  photo_images: PhotoToolArguments.shape.photo_images.optional(),
  photo_cover_index: PhotoToolArguments.shape.photo_cover_index,
  ...VideoPostBody.shape,
  media_type: z.enum(["VIDEO", "PHOTO"]).optional().describe(
    "PHOTO for a photo carousel (photo_images); leave out for a video",
  ),
  source_url: VideoPostBody.shape.source_url.optional().describe(
    `${VideoPostBody.shape.source_url.description}; videos only`,
  ),
  run_at: jobFields.run_at,
  if_taken: jobFields.if_taken,
});

/**
 * What a tool taking a video or photos says of neither given: the video
 * body's "source_url: required field missing" alone would not tell an
 * agent that photos are the other way (docs/mcp.md#tools).
 */
const VIDEO_OR_PHOTOS =
  "required field missing: give source_url for a video, or media_type PHOTO with photo_images for photos";

const SCHEDULE_FIELDS = {
  run_at: jobFields.run_at,
  if_taken: jobFields.if_taken,
};

/** schedule_post's photo body: `POST /api/jobs`' without `kind`. */
const SchedulePhotoBody = PhotoPostBody.extend(SCHEDULE_FIELDS);

/**
 * schedule_post's video body: `POST /api/jobs`' without `kind`, its
 * source_url left out said as {@link VIDEO_OR_PHOTOS}. A custom issue
 * keeps its words, where a typed field left out is said as "required field
 * missing (expected string)" (schema_issues.ts); anything given is checked
 * by the video body's own source_url.
 */
const ScheduleVideoBody = VideoPostBody.extend({
  ...SCHEDULE_FIELDS,
  source_url: z.custom<string>((v) => v !== undefined, {
    error: VIDEO_OR_PHOTOS,
  }).pipe(VideoPostBody.shape.source_url),
});

/**
 * The body schedule_post's arguments are checked by: `POST /api/jobs`'s
 * (jobSchema), but for `kind`, which the tool implies, so one given is an
 * argument it does not list and is refused as an unknown field.
 */
function scheduleSchema(raw: unknown) {
  return choosesPhotoBody(raw) ? SchedulePhotoBody : ScheduleVideoBody;
}

/**
 * Checks a posting tool's arguments as `POST /api/tiktok/direct_post`
 * checks its body, with the same hints for unknown fields.
 */
function checkedAsPost<S extends z.ZodType>(schema: S) {
  return (args: unknown) =>
    validateBody(args, schema, { hints: POST_FIELD_HINTS });
}

/**
 * A post made now, as `POST /api/tiktok/direct_post` makes it, answered
 * with its publish_id to follow with get_post_status.
 */
async function postNow(
  { deps, account, onProgress }: ToolContext,
  body: Parameters<typeof directPostInput>[0],
) {
  const input = directPostInput(body);
  const { publishId, privacy } = await directPost(deps, account, input, {
    onProgress,
  });
  return { publish_id: publishId, ...privacyFields(privacy) };
}

/** The REST query of `GET /api/jobs`, its fields only. */
const JobListArguments = pageArguments(JobListQuery, "jobs", 20).extend({
  state: JobListQuery.shape.state.describe(
    `Only the jobs in this state (${
      JOB_STATES.join(", ")
    }; left out, all of them): scheduled for those still to go out, failed for those refused. Such a page may hold fewer than limit and still carry a cursor: read on until cursor is null. A cursor stays good if you change state or leave it out: the next page is then the jobs below it in that state`,
  ),
});

/** The REST query of `GET /api/tiktok/posts`, its fields only. */
const PostListArguments = pageArguments(PostListQuery, "posts", 50);

/** `POST /api/tiktok/status`'s body, its one field described for an agent. */
const StatusArguments = z.strictObject({
  publish_id: StatusBody.shape.publish_id.describe(
    "The publish_id post_video or post_photos answered, or a posted job's (get_scheduled, list_scheduled); list_posts gives it for each post",
  ),
});

/**
 * get_post_status' answer: REST's, its post_id described in the tools'
 * words (REST's names the stats path), so an agent holding a publish_id
 * goes on to get_post_stats without reading list_posts (docs/mcp.md#tools).
 */
const StatusAnswer = StatusResponse.safeExtend({
  post_id: StatusResponse.shape.post_id.describe(
    "The post's id on this server: give it as post_id to get_post_stats (views and likes) or mark_not_posted; list_posts names each post by it too",
  ),
});

const NotPostedArguments = z.strictObject({
  post_id: recordId("post_id").describe(
    "The post_id of a post list_posts shows with state unknown (get_post_status answers a post's post_id for its publish_id; a tiktok_error with outcome unknown gives it too)",
  ),
});

const StatsArguments = z.strictObject({
  post_id: recordId("post_id").describe(
    "The post_id of a post, as get_post_status answers it for a publish_id, or list_posts gives it",
  ),
});

const CancelArguments = z.strictObject({
  job_id: recordId("job_id").describe(
    "The job_id schedule_post or list_scheduled gave",
  ),
});

/**
 * PATCH /api/jobs/{id}'s body plus the job: the body's own schema, its
 * rule ("Give run_at, title or both.") included, so a call is refused as
 * the PATCH is, with the same hints for unknown fields.
 */
const ChangeArguments = JobPatchBody.safeExtend({
  job_id: CancelArguments.shape.job_id,
});

const TIMES =
  `${SERVICE} does not know the user's time zone: write run_at with the user's UTC offset (for "tomorrow at 9" in New York in winter, 2026-12-05T09:00:00-05:00; ask the user when the zone is unknown, do not assume UTC). Answers give times in UTC (Z): convert them back before telling the user.`;

const RULES =
  "The caption (title) must hold no link and no stop word (check_caption checks one without posting); a video or caption already posted on this account in the last 12 months is refused (video_duplicate, caption_duplicate_account: post_id or job_id names the post or scheduled job that has it; an empty caption is never a duplicate); at most 1 post an hour and 10 a day (get_limits tells when the next is accepted).";

const TOO_SOON =
  "Refused with interval_limit or daily_limit when the account posted too recently: nothing was posted; tell the user when it can go out (retry_after, in their time) and offer schedule_post at that time (or with if_taken next_free) rather than calling again before.";

const DRAFTS =
  "With post_mode MEDIA_UPLOAD it goes to the creator's TikTok inbox as a draft instead, finished by the creator in the TikTok app (then give no privacy, interaction or ad fields).";

const MEDIA =
  "Media URLs are the url of one of this account's completed uploads (upload_media_from_url for a public URL, start_upload for a file on your machine) or files on a domain it verified (list_domains lists them); any other URL is refused with domain_not_verified.";

const PRIVACY =
  "Choose privacy from get_creator_info's privacy_level_options, as the creator picks it (ask the user; do not guess; only SELF_ONLY while its app_audited is false): left out, the account's default applies (get_account's default_privacy), and one the creator does not offer is refused with allowed_privacy.";

/**
 * schedule_post's unknown-argument hints: a post's, and REST's `kind`
 * (POST /api/jobs takes `"kind": "tiktok"`; the tool is the kind), which
 * an agent reading the REST docs sends (docs/mcp.md#answers-and-errors).
 */
const SCHEDULE_FIELD_HINTS = {
  ...POST_FIELD_HINTS,
  kind:
    `schedule_post takes no kind: leave it out (REST's POST /api/jobs takes "kind": "tiktok"; this tool always schedules a TikTok post)`,
} as const;

export const MCP_TOOLS: readonly McpTool[] = [
  tool({
    name: "post_video",
    title: "Post a video to TikTok",
    description:
      `Posts a video to the TikTok account of this API key now (POST /api/tiktok/direct_post). ${PRIVACY} ${DRAFTS} ${MEDIA} ${RULES} ${TOO_SOON} Answers the publish_id to follow with get_post_status. ${RETRIES}`,
    input: VideoPostBody,
    output: PostedAnswer,
    annotations: CREATES,
    idempotent: "MCP tool post_video",
    parse: checkedAsPost(VideoPostBody),
    run: postNow,
  }),
  tool<
    typeof PhotoToolArguments,
    typeof PostedAnswer,
    z.infer<typeof PhotoToolBody>
  >({
    name: "post_photos",
    title: "Post a photo carousel to TikTok",
    description:
      `Posts 1 to 35 JPEG or WebP images as one TikTok photo post now (POST /api/tiktok/direct_post with media_type PHOTO). For images at other URLs or on your machine, create_album, upload them into it, and give its photo_images. ${PRIVACY} ${DRAFTS} ${MEDIA} ${RULES} ${TOO_SOON} Answers the publish_id to follow with get_post_status. ${RETRIES}`,
    input: PhotoToolArguments,
    output: PostedAnswer,
    annotations: CREATES,
    idempotent: "MCP tool post_photos",
    parse: checkedAsPost(PhotoToolBody),
    run: (ctx, body) => postNow(ctx, { ...body, media_type: "PHOTO" }),
  }),
  tool<
    typeof ScheduleArguments,
    typeof ScheduledAnswer,
    z.infer<ReturnType<typeof scheduleSchema>>
  >({
    name: "schedule_post",
    title: "Schedule a TikTok post",
    description:
      `Schedules a video (source_url) or, with media_type PHOTO, a photo carousel (photo_images) for run_at (POST /api/jobs). Checked like a post at once; run_at must be at least an hour from the account's other posts and jobs (get_limits' next_post_at is the earliest); with if_taken next_free a taken run_at moves to the first free time after it, and the answer's requested_run_at keeps the time asked for. ${TIMES} ${PRIVACY} ${DRAFTS} ${MEDIA} ${RULES} Answers the job_id for get_scheduled, change_scheduled and cancel_scheduled. ${RETRIES}`,
    input: ScheduleArguments,
    output: ScheduledAnswer,
    annotations: CREATES,
    idempotent: "MCP tool schedule_post",
    parse: (args) =>
      validateBody(args, scheduleSchema, { hints: SCHEDULE_FIELD_HINTS }),
    async run({ deps, account, onProgress }, body) {
      const { job, requestedRunAt, privacy } = await createJobAtFreeTime(
        deps,
        account,
        directPostInput(body),
        Date.parse(body.run_at),
        body.if_taken ?? "fail",
        onProgress,
      );
      return {
        ...jobCreatedJson(job, requestedRunAt),
        ...privacyFields(privacy),
      };
    },
  }),
  tool({
    name: "get_post_status",
    title: "Publish status of a post",
    description:
      `The state of a publish_id (POST /api/tiktok/status): pending, done or failed, with TikTok's status. Failed means nothing was posted: fail_reason says why (spam_risk_text: change the caption; video_pull_failed: the file was not reachable…) and fail_message in a sentence to show the user, and the post's video, caption and place in the hour and the day are given back, so fix that and post again. At most 20 calls a minute and 40 an hour per account (get_limits: status_calls_left_minute, status_calls_left_hour): going over 40 in an hour blocks get_post_status for the account until its next post (status_cooldown). Each call counts against them, though it only reads: do not call it in parallel (one call at a time, for one post or several). Poll every 10 to 15 seconds and stop after about 30 calls while still pending: ${SERVICE} keeps following the post, so ask again later. Answers the post's post_id for get_post_stats and mark_not_posted.`,
    input: StatusArguments,
    output: StatusAnswer,
    hints: idHints("publish_id"),
    annotations: READS,
    async run({ deps, account }, { publish_id }) {
      return await publishStatus(
        deps,
        verifiedCredential(account.openId),
        publish_id,
      );
    },
  }),
  tool({
    name: "list_posts",
    title: "Recent posts",
    description:
      `The account's posts with their state, newest first, a failed one with its fail_reason and fail_message (GET /api/tiktok/posts; a failed post's video and caption can be posted again); state unknown means TikTok never answered ${SERVICE} for that post, so it may or may not be on the profile: ask the user to look, and do not post that video again; if the user says it is not there, mark_not_posted (from not_posted_from) gives its video and caption back. Pass the answer's cursor for the next page.`,
    input: PostListArguments,
    output: PostListResponse.safeExtend({ cursor: NEXT_CURSOR }),
    // list_scheduled filters by state; an agent that used it sends this
    // one a state too (docs/mcp.md#answers-and-errors).
    hints: {
      state:
        "list_posts takes no state: each post's state is in its answer; list_scheduled takes a state for scheduled posts",
    },
    annotations: READS,
    async run({ deps, account }, query) {
      const page = await postPage(deps, account.openId, query);
      return {
        posts: await postsJson(deps, account.openId, page.posts),
        cursor: page.cursor,
      };
    },
  }),
  tool({
    name: "mark_not_posted",
    title: "Mark a lost post as not posted",
    description:
      "Says a post whose outcome is unknown (list_posts' state unknown; post_video's or post_photos' tiktok_error, or a failed job's error, with outcome unknown and a post_id) is not on the creator's TikTok profile (POST /api/tiktok/posts/{id}/not_posted): it becomes failed with fail_reason not_posted, and its video, caption and place in the hour and the day are given back, so it can be posted again. Call it only on the user's word, after they looked at their TikTok profile: if TikTok did post it, posting again shows it twice. Refused with conflict within an hour of the post (not_posted_from says from when; ask the user to look again then) or for a post whose outcome is known. Answers the post as list_posts shows it.",
    input: NotPostedArguments,
    output: PostResponse,
    hints: idHints("post_id"),
    annotations: CHANGES,
    async run({ deps, account }, { post_id }) {
      return {
        post: postJson(await markNotPosted(deps, account.openId, post_id)),
      };
    },
  }),
  tool({
    name: "get_post_stats",
    title: "Views and likes of a post",
    description:
      "A published public post's views, likes, comments and shares on TikTok, and its TikTok page (GET /api/tiktok/posts/{id}/stats), by its post_id (get_post_status answers it for a publish_id; list_posts gives each post's, the latest with limit 1). Counts are kept 10 minutes (fetched_at says when TikTok was asked). A private post, a draft, a post not yet published or one deleted on TikTok has none: stats is null and unavailable says why (not an error). Needs the TikTok permission video.list: without it tiktok_scope_missing, and the user signs in to the dashboard again.",
    input: StatsArguments,
    output: PostStatsResponse,
    // It asks TikTok (at most every 10 minutes), as get_creator_info does.
    hints: idHints("post_id"),
    annotations: { ...READS, openWorldHint: true },
    async run({ deps, account }, { post_id }) {
      return postStatsJson(await postStats(deps, account, post_id));
    },
  }),
  tool({
    name: "list_scheduled",
    title: "Scheduled posts",
    description:
      "The account's scheduled posts (jobs), newest first, with their state: scheduled, publishing, posted, failed or cancelled (GET /api/jobs); give state to list only the jobs in it (scheduled: those still to go out). A failed job's error says why it was refused, a posted one's publish_status how TikTok took it. Pass the answer's cursor for the next page.",
    input: JobListArguments,
    output: JobListResponse.safeExtend({ cursor: NEXT_CURSOR }),
    annotations: READS,
    async run({ deps, account }, query) {
      return jobListJson(await jobPage(deps, account.openId, query));
    },
  }),
  tool({
    name: "get_scheduled",
    title: "One scheduled post",
    description:
      "One job by the job_id schedule_post gave (GET /api/jobs/{id}): its state (scheduled, publishing, posted, failed or cancelled) and run_at; once posted its publish_id and publish_status (follow it with get_post_status), once failed its error (code and message; outcome unknown with a post_id: see list_posts and mark_not_posted).",
    input: CancelArguments,
    output: JobResponse,
    hints: idHints("job_id"),
    annotations: READS,
    async run({ deps, account }, { job_id }) {
      const { job, snapshot } = await jobView(deps, account.openId, job_id);
      return jobJson(job, snapshot);
    },
  }),
  tool({
    name: "cancel_scheduled",
    title: "Cancel a scheduled post",
    description:
      "Cancels a job that is still scheduled (DELETE /api/jobs/{id}); one that runs or ran answers conflict with its state. Called again after a lost answer, conflict with state cancelled means the first call cancelled it: nothing will be posted.",
    input: CancelArguments,
    output: JobResponse,
    hints: idHints("job_id"),
    annotations: DESTROYS,
    async run({ deps, account }, { job_id }) {
      return jobJson(await cancelJob(deps, account.openId, job_id));
    },
  }),
  tool({
    name: "change_scheduled",
    title: "Reschedule or re-caption a scheduled post",
    description:
      `Changes a scheduled job's run_at and/or caption (title) (PATCH /api/jobs/{id}), checked like a new job; a job that is due, runs or ran answers conflict. ${TIMES} ${RULES}`,
    input: ChangeArguments,
    output: JobResponse,
    annotations: { ...CHANGES, idempotentHint: true },
    hints: { ...JOB_CHANGE_FIELD_HINTS, ...idHints("job_id") },
    async run({ deps, account }, { job_id, run_at, title }) {
      return jobJson(
        await updateJob(deps, account, job_id, {
          runAt: run_at === undefined ? undefined : Date.parse(run_at),
          title,
        }),
      );
    },
  }),
  tool({
    name: "check_caption",
    title: "Check a caption before posting",
    description:
      `Checks a caption (title) against the caption rules a post or a job is checked by (POST /api/caption/check): no link, no stop word, look-alike spellings included. Posts, counts and records nothing. Answers problem null when the caption passes, else problem's code and message, exactly the error a post with that caption is refused with (links_forbidden or forbidden_word, the first rule broken, links first): rewrite the caption and check again before post_video, post_photos, schedule_post or change_scheduled. It does not check duplicates (a caption already posted on this account is refused at posting as caption_duplicate_account).`,
    input: CaptionCheckBody,
    output: CaptionCheckResponse,
    annotations: READS,
    hints: CAPTION_FIELD_HINTS,
    run: ({ deps }, { title }) =>
      Promise.resolve({ problem: captionProblem(title, deps.stopWords) }),
  }),
  tool({
    name: "get_creator_info",
    title: "What the TikTok account may post",
    description:
      `The account's privacy options, longest video and whether comments, duets and stitches are disabled (GET /api/tiktok/creator_info). Pick privacy from privacy_level_options, the privacies a post is accepted with: while app_audited is false (${SERVICE}'s TikTok app not yet audited by TikTok) it lists only SELF_ONLY, and the TikTok account must be private.`,
    input: NoArguments,
    output: CreatorInfoResponse,
    annotations: { ...READS, openWorldHint: true },
    async run({ deps, account }) {
      return creatorInfoJson(
        await creatorInfoForAccount(deps, account),
        tiktokAppAudited(deps),
      );
    },
  }),
  tool({
    name: "get_account",
    title: "The TikTok account of this key",
    description:
      "The TikTok account this API key posts to (GET /api/me): its open_id and display_name, the plan, when the key expires, and default_privacy, who can view a post or job that names no privacy (tell the user before posting without one).",
    input: NoArguments,
    output: MeResponse,
    annotations: READS,
    run: ({ account }) => Promise.resolve(meJson(account)),
  }),
  tool({
    name: "get_limits",
    title: "Limits left",
    description:
      "Posts left in the last 24 hours (a rolling window, not the calendar day), uploads left until 00:00 UTC, the earliest time a post or a job's run_at is accepted (next_post_at), status calls left and the TikTok cooldown (GET /api/limits).",
    input: NoArguments,
    output: LimitsResponse,
    annotations: READS,
    async run({ deps, account }) {
      return limitsJson(await accountLimits(deps, account));
    },
  }),
  ...MEDIA_TOOLS,
];
