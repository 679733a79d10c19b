/**
 * Whether a video the composer sent in a post TikTok then failed is still
 * posted, read again from the server (docs/dashboard.md#scheduling): another
 * post that did not fail may use it too, posted before or since, from here
 * or by an automation (lib/posting/same_media.ts).
 * @module
 */
import { callApi } from "../api_client.ts";
import { holdsItsVideo } from "../../lib/posting/same_media.ts";
import type { VideoChoice } from "./video_choices.ts";
// Types only: the schemas (and zod) stay on the server.
import type { PostListResponse } from "../../lib/http/api_responses.ts";

/** Pages of 100 posts read at most, as the page reads them (POSTED_PAGES). */
const MAX_PAGES = 10;

/**
 * Whether a post that did not fail used `video`: the account's posts are
 * read back to its upload (`created_at`, or to the oldest post when not
 * known). Not reached within {@link MAX_PAGES}, it is still called posted.
 */
export async function stillPosted(
  video: Pick<VideoChoice, "url" | "created_at">,
): Promise<boolean> {
  let cursor = "";
  for (let page = 0; page < MAX_PAGES; page++) {
    const { posts, cursor: next } = await callApi<PostListResponse>(
      "GET",
      `/api/tiktok/posts?limit=100${cursor}`,
    );
    if (
      posts.some((p) => holdsItsVideo(p) && p.source_urls.includes(video.url))
    ) {
      return true;
    }
    // Posts older than the upload cannot have used it (the last page ends
    // with no cursor).
    if (!next || posts.at(-1)!.created_at < (video.created_at ?? "")) {
      return false;
    }
    cursor = `&cursor=${next}`;
  }
  return true;
}
