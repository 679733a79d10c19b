/**
 * TikTok's init for a draft (post_mode MEDIA_UPLOAD, docs/posting.md#drafts):
 * a video goes to the inbox video init with source_info only (TikTok takes
 * no caption there), photos to content init in MEDIA_UPLOAD mode with the
 * title and description (the only post_info TikTok keeps for drafts).
 * @module
 */
import type { AppDeps } from "../runtime/app_deps.ts";
import type { VideoSourceInfo } from "../tiktok/content_client.ts";
import type { DirectPostInput } from "./direct_post_input_record.ts";
import { photoTitle } from "./photo_title.ts";

/** Sends the draft to TikTok; returns the publish_id. */
export async function initDraft(
  deps: Pick<AppDeps, "tiktokContent">,
  accessToken: string,
  input: DirectPostInput,
  mediaUrls: string[],
): Promise<string> {
  if (input.kind === "video") {
    const source: VideoSourceInfo = {
      source: "PULL_FROM_URL",
      video_url: mediaUrls[0],
    };
    return (await deps.tiktokContent.initInboxVideo(accessToken, source))
      .publishId;
  }
  return await deps.tiktokContent.initPhoto(
    accessToken,
    { title: photoTitle(input.title), description: input.title },
    { urls: mediaUrls, coverIndex: input.coverIndex },
    "MEDIA_UPLOAD",
  );
}
