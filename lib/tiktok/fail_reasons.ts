/**
 * `fail_reason` values as sentences for people
 * (docs/posting.md#fail-reasons): every reason TikTok documents, and PM3K's
 * own (a publish deadline, a file upload that failed or was cut, a post
 * found not posted after TikTok never answered), in one place. The API
 * sends them as `fail_message` (failMessage below), a sentence naming a
 * reason this list does not know yet; the dashboard shows that field.
 * @module
 */
import { echoed } from "../errors.ts";

/** Each documented fail_reason, TikTok's then PM3K's, as a sentence. */
export const FAIL_REASON_SENTENCES: Readonly<Record<string, string>> = {
  file_format_check_failed:
    "TikTok could not read the file's format. Export it as MP4 (H.264) and post it again.",
  duration_check_failed:
    "The video is too long or too short for this TikTok account.",
  frame_rate_check_failed:
    "TikTok refused the video's frame rate. Export it at 23 to 60 frames per second and post it again.",
  picture_size_check_failed:
    "TikTok refused the picture size. Use a vertical video of at least 360 px, or photos of at most 1080 px on each side.",
  internal: "TikTok had an internal error. Posting again usually works.",
  video_pull_failed:
    "TikTok could not download the video in time. Check that the file is still available, then post it again.",
  photo_pull_failed:
    "TikTok could not download the photos in time. Check that the files are still available, then post them again.",
  publish_cancelled: "The post was cancelled before it was published.",
  auth_removed:
    "The TikTok account removed the app's access. Sign in again before posting.",
  spam_risk_too_many_posts:
    "This TikTok account reached TikTok's daily limit of posts made through apps. Try again tomorrow.",
  spam_risk_user_banned_from_posting:
    "TikTok has banned this account from posting.",
  spam_risk_text:
    "TikTok flagged the caption as spam. Change the caption before posting again.",
  spam_risk: "TikTok flagged this post as spam.",
  publish_timeout:
    "TikTok had not finished this post by the publish deadline. If it does not appear on the profile, post it again.",
  file_upload_failed:
    "The video could not be sent to TikTok. Post it again; if it fails again, try later.",
  file_upload_incomplete:
    "Sending the video to TikTok was cut off before TikTok had all of it. Post it again.",
  not_posted:
    "TikTok never answered for this post, and it was not on the TikTok profile. Post it again.",
};

/**
 * What PM3K says of a post whose outcome is unknown (TikTok never answered
 * its init, docs/posting.md#outcome-unknown): the API's message for it, and
 * the dashboard's words beside its state.
 */
export const OUTCOME_UNKNOWN_SENTENCE =
  "TikTok did not answer in time, so whether this was posted is not known: look for it on your TikTok profile. Its video and caption stay reserved, so it cannot be posted twice.";

/**
 * The sentence this server has for `reason`, undefined for one TikTok
 * added since (own keys only: "constructor" is no reason).
 */
export function knownFailSentence(reason: string): string | undefined {
  return Object.hasOwn(FAIL_REASON_SENTENCES, reason)
    ? FAIL_REASON_SENTENCES[reason]
    : undefined;
}

/**
 * The API's `fail_message` beside a `fail_reason` (docs/posting.md#fail-reasons):
 * its sentence, or for a reason TikTok added since this list a sentence
 * still (an automation shows it as the error), naming the reason; null
 * exactly when there is no reason.
 */
export function failMessage(reason: string | null): string | null {
  if (reason === null) return null;
  // TikTok's own text, cut and spelt out as every echo is.
  return knownFailSentence(reason) ??
    `TikTok did not post this, for a reason this server does not know yet (${
      echoed(reason, 64)
    }).`;
}
