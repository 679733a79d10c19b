/**
 * The sandbox's Content Posting API (docs/sandbox.md#content-posting-api):
 * creator_info, video init (PULL_FROM_URL or FILE_UPLOAD with its
 * upload_url), photo content init, status
 * fetch, and the video query of analytics (sandbox_video_query.ts), with
 * TikTok's shapes, error codes, per-token rate limits
 * (docs/tiktok.md#errors-and-limits) and status progression
 * PROCESSING_DOWNLOAD → PUBLISH_COMPLETE | FAILED. The download is real:
 * the first status fetch pulls every URL (a bad one fails like TikTok's
 * video_pull_failed). An admin endpoint queues faults per user.
 * @module
 */
import type { Hono } from "hono";
import { addPublishRoutes } from "./sandbox_publish_routes.ts";
import type { PublishRoutesOptions } from "./sandbox_publish_routes.ts";
import { addStatusRoute } from "./sandbox_status_route.ts";
import { addAdminRoutes } from "./sandbox_admin_routes.ts";
import type { SandboxWebhookOptions } from "./sandbox_webhooks.ts";
import { addUploadRoute } from "./sandbox_upload_route.ts";
import { addVideoQueryRoute } from "./sandbox_video_query.ts";

export type SandboxPostingOptions =
  & PublishRoutesOptions
  & SandboxWebhookOptions;

/** Adds the posting endpoints to the sandbox app. */
export function addSandboxPosting(
  app: Hono,
  options: SandboxPostingOptions,
): void {
  addPublishRoutes(app, options);
  addStatusRoute(app, options);
  addUploadRoute(app, options);
  addVideoQueryRoute(app, options);
  addAdminRoutes(app, options);
}
