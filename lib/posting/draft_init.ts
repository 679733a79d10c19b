/**
 * TikTok's init for a photo draft (post_mode MEDIA_UPLOAD,
 * docs/posting.md#drafts): content init in MEDIA_UPLOAD mode with the title
 * and description (the only post_info TikTok keeps for drafts). A video
 * draft goes to the inbox video init by TIKTOK_VIDEO_SOURCE, pulled or sent
 * as a file (video_source.ts).
 * @module
 */
import type { AppDeps } from "../runtime/app_deps.ts";
import type { DirectPostInput } from "./direct_post_input_record.ts";
import { photoTitle } from "./photo_title.ts";

/** Sends the photo draft to TikTok; returns the publish_id. */
export async function initDraft(
  deps: Pick<AppDeps, "tiktokContent">,
  accessToken: string,
  input: Extract<DirectPostInput, { kind: "photo" }>,
  mediaUrls: string[],
): Promise<string> {
  return await deps.tiktokContent.initPhoto(
    accessToken,
    { title: photoTitle(input.title), description: input.title },
    { urls: mediaUrls, coverIndex: input.coverIndex },
    "MEDIA_UPLOAD",
  );
}
