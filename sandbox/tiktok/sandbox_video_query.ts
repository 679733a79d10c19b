/**
 * The sandbox's video query (docs/sandbox.md#video-query), TikTok's
 * analytics endpoint `POST /v2/video/query/?fields=…` with body
 * `{"filters": {"video_ids": […]}}` (at most 20): the scope video.list,
 * 600 calls a minute per token, only the caller's own videos, and of those
 * only what TikTok shows (a complete public post; others are left out, as
 * TikTok leaves out what it will not show).
 *
 * The counts are SIMULATED: they grow with the time since the post was
 * published (a few views a minute, a share of them as likes, comments and
 * shares), the same for the same video and moment, so that a test can tell
 * a cached answer from a new one. Nothing here comes from the real TikTok.
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import { getTyped } from "../../lib/kv_keys.ts";
import type { Clock } from "../../lib/clock.ts";
import { sandboxKeys } from "./sandbox_keys.ts";
import type { SandboxPublish } from "./sandbox_records.ts";
import { authorizePosting } from "./sandbox_authorize.ts";
import { readTikTokBody } from "./sandbox_json_body.ts";
import { replyError, replyOk } from "./sandbox_reply.ts";
import { answerStallFault } from "./sandbox_faults.ts";
import type { FaultOptions } from "./sandbox_faults.ts";

/** The video object's fields the simulator answers. */
const VIDEO_FIELDS = [
  "id",
  "create_time",
  "share_url",
  "video_description",
  "title",
  "duration",
  "like_count",
  "comment_count",
  "share_count",
  "view_count",
] as const;
type VideoField = typeof VIDEO_FIELDS[number];

const QueryBody = z.strictObject({
  filters: z.strictObject({
    video_ids: z.array(z.string().regex(/^\d{1,30}$/)).min(1).max(20),
  }),
});

/** Adds /v2/video/query to the sandbox app. */
export function addVideoQueryRoute(app: Hono, options: FaultOptions): void {
  const { kv, clock } = options;
  app.post("/v2/video/query", async (c) => {
    const grant = await authorizePosting(c, options, "video_query");
    if (grant instanceof Response) return grant;
    const fault = await answerStallFault(
      c,
      options,
      grant.openId,
      "video_query_timeout",
    );
    if (fault) return fault;
    const fields = (c.req.query("fields") ?? "").split(",").filter(Boolean);
    if (
      fields.length === 0 ||
      fields.some((f) => !(VIDEO_FIELDS as readonly string[]).includes(f))
    ) {
      return replyError(
        c,
        clock,
        400,
        "invalid_params",
        "The fields query parameter is missing or names an unknown field.",
      );
    }
    const read = await readTikTokBody(c, clock, QueryBody);
    if (read instanceof Response) return read;
    const user = (await getTyped(kv, sandboxKeys.user(grant.openId))).value;
    const videos: Record<string, unknown>[] = [];
    for (const id of new Set(read.data.filters.video_ids)) {
      const publishId = (await getTyped(kv, sandboxKeys.video(id))).value;
      const publish = publishId
        ? (await getTyped(kv, sandboxKeys.publish(publishId))).value
        : null;
      if (
        !publish || publish.openId !== grant.openId ||
        publish.privacyLevel !== "PUBLIC_TO_EVERYONE"
      ) continue;
      const video = videoObject(publish, id, user?.username ?? "", clock);
      videos.push(
        Object.fromEntries(fields.map((f) => [f, video[f as VideoField]])),
      );
    }
    return replyOk(c, clock, { videos });
  });
}

/** A published video as TikTok's video object, its counts simulated. */
function videoObject(
  publish: SandboxPublish,
  id: string,
  username: string,
  clock: Clock,
): Record<VideoField, unknown> {
  const minutes = Math.max(0, (clock.now() - publish.createdAt) / 60_000);
  // Each video its own pace (3 to 9 views a minute), from its id.
  const pace = 3 + Number(BigInt(id) % 7n);
  const views = Math.floor(minutes * pace);
  return {
    id,
    create_time: Math.floor(publish.createdAt / 1000),
    share_url: `https://www.tiktok.com/@${username}/video/${id}`,
    video_description: publish.title,
    title: publish.title,
    duration: publish.kind === "video" ? 12 : 0,
    like_count: Math.floor(views / 12),
    comment_count: Math.floor(views / 90),
    share_count: Math.floor(views / 150),
    view_count: views,
  };
}
