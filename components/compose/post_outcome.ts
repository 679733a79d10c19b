/**
 * What the composer says once it sent a post (docs/dashboard.md#scheduling):
 * sent to TikTok, scheduled, or why not, in words that never claim a post
 * was refused when it may have gone through.
 * @module
 */
import { pageWords } from "../page_words.ts";
import { ApiCallError } from "../api_client.ts";
import { errorText } from "../local_times.ts";
import { NAMED } from "../compose_rules.ts";
import type { PostWhen } from "./schedule_timing.ts";
import { leftOutcomeUnknown } from "../state_labels.ts";

export type Outcome =
  | {
    kind: "ok";
    publishId: string;
    drafts: boolean;
    /** Your posts then saw TikTok fail it (pm3k:post-failed). */
    failed?: boolean;
  }
  | { kind: "scheduled"; jobId: string; runAt: string }
  | {
    kind: "error";
    code: string;
    message: string;
    /**
     * What the post was made of when refused (PostCard's `madeOf`): the
     * refusal goes once that changes. None for an outcome unknown, which
     * stays whatever follows.
     */
    madeOf?: string;
  };

/**
 * The notice for a post of `mode` that failed to be sent `when` it was
 * asked.
 */
export function failedOutcome(
  error: unknown,
  when: PostWhen,
  mode: "video" | "photo",
  madeOf: string,
): Outcome {
  const code = error instanceof ApiCallError ? error.code : "error";
  const unknown = leftOutcomeUnknown(error);
  return {
    kind: "error",
    code,
    ...(unknown ? {} : { madeOf }),
    // Unanswered is not refused: the post may have gone through.
    message: code === "network_error"
      ? pageWords().sendUnanswered.replace(
        "{what}",
        when === "schedule" ? "scheduled" : "sent",
      )
      : unknown
      ? pageWords().outcomeUnknown + pageWords().compose.outcomeListed
      // Photos posted already, or held by a scheduled post: the API's
      // words name a video (docs/dashboard.md#reused-media).
      : errorText(
        code === "video_duplicate" && mode === "photo"
          ? new ApiCallError(
            "photo_duplicate",
            pageWords().photosPosted,
            (error as ApiCallError).extra,
          )
          : error,
        { zone: NAMED },
      ),
  };
}
