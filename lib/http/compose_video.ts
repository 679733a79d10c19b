/**
 * `/dashboard?video=<upload_id>`: the compose page opened by the media
 * page's "Use in a post" of a video (docs/dashboard.md#calendar-posts-and-media).
 * The composer starts with that video chosen, through the prefill "Post
 * again" uses, with no post behind it (`postId` ""). A video a post used
 * or a scheduled post will use is refused with a notice saying why
 * (PM3K refuses it as `video_duplicate`), as is a bad, unknown, foreign
 * or expired id: never an error page.
 * @module
 */
import { getShownUpload } from "../media/upload_lookup.ts";
import { spokenDuration } from "../site/spoken_duration.ts";
import { DUPLICATE_WINDOW_MS } from "../posting/post_reservation.ts";
import { mediaUses } from "../media/media_uses.ts";
import { outcomeUnknownReuse } from "../media/outcome_unknown_words.ts";
import type { MediaUse } from "../media/media_uses.ts";
import type { AppDeps } from "../runtime/app_deps.ts";
import { isUlid } from "../ulid_ids.ts";
import { AppError } from "../errors.ts";
import type { ComposeAgain } from "./compose_again.ts";

/**
 * Why a video cannot be posted again, from its first use (media_uses.ts
 * lists a scheduled post first): said on the media page in place of its
 * "Use in a post", and atop the composer opened at it anyway.
 */
export function reuseRefusal(
  use: MediaUse,
  media: "video" | "photos" = "video",
): string {
  // Not known to be on TikTok: uploading again could post it twice; the
  // posts page's "It is not on my TikTok profile" frees it instead
  // (docs/posting.md#outcome-unknown).
  if (use.outcomeUnknown) {
    return outcomeUnknownReuse(
      media === "photos" ? "these photos" : "this video",
    );
  }
  // The fingerprint is the upload's link, size and ETag, an album's of all
  // its photos (docs/posting.md#duplicates): the same upload is refused,
  // the same file uploaded again is a new link, posted, and on TikTok
  // twice: the honest choices are to mean that, or to delete the first
  // post there (the picker warns of it, docs/dashboard.md#reused-media).
  const window = spokenDuration(DUPLICATE_WINDOW_MS);
  if (media === "photos") {
    const once =
      `the same photos are posted at most once on an account within ${window}`;
    return use.by === "job"
      ? `A scheduled post will use these photos: posting them now would make that post fail when its time comes, as ${once}.`
      : `These photos were sent to TikTok already, and ${once}. A new album of the same photos can be posted, but they then show twice on your TikTok profile: upload them again in a new album only to post them twice, or after deleting the first post on TikTok.`;
  }
  const once =
    `the same upload is posted at most once on an account within ${window}`;
  return use.by === "job"
    ? `A scheduled post will use this video: posting it now would make that post fail when its time comes, as ${once}.`
    : `This video was sent to TikTok already, and ${once}. A new upload of the same file can be posted, but it then shows twice on your TikTok profile: upload it again only to post it twice, or after deleting the first post on TikTok.`;
}

/**
 * Atop the page when the composer starts with the video: which one, and
 * that the album a creator may have been composing, which this browser
 * remembers and the composer leaves out meanwhile (the server cannot know
 * whether one is), is not lost (docs/dashboard.md#compose).
 */
export function videoChosenNote(filename: string): string {
  return `${filename} from Media is chosen in the composer below. The album you may have been composing in Photos is kept in this browser: it comes back once this video is posted or scheduled, or when you open Compose again.`;
}

const GONE =
  "This video is no longer stored on this account, so the composer starts empty. Upload it again.";

/** The prefill for `video` (the raw query value), or the notice why none. */
export async function composeVideo(
  deps: Parameters<typeof mediaUses>[0] & Pick<AppDeps, "clock">,
  openId: string,
  video: string | undefined,
): Promise<ComposeAgain> {
  if (video === undefined) return { prefill: null, notice: null };
  if (!isUlid(video)) return { prefill: null, notice: GONE };
  // Unknown, expired or another account's is not_found: a link gone
  // stale. Any other failure (a busy KV) is the error handler's.
  const upload = await getShownUpload(deps, openId, video.toUpperCase())
    .then((e) => e.value, (error) => {
      if (error instanceof AppError && error.code === "not_found") return null;
      throw error;
    });
  if (!upload || upload.state !== "complete" || upload.kind !== "video") {
    return { prefill: null, notice: GONE };
  }
  const uses = (await mediaUses(deps, openId, [
    { id: upload.id, urls: [upload.url], createdAt: upload.createdAt },
  ]))[upload.id];
  if (uses) {
    return {
      prefill: null,
      notice: `${reuseRefusal(uses[0])} The composer starts empty.`,
    };
  }
  return {
    prefill: {
      postId: "",
      kind: "video",
      title: "",
      toDrafts: false,
      wasDraft: false,
      noDrafts: null,
      video: {
        url: upload.url,
        filename: upload.filename,
        duration_sec: upload.video?.durationSec ?? null,
      },
      photos: [],
      coverIndex: 0,
      mediaMissing: null,
      failMessage: null,
    },
    notice: null,
  };
}
