/**
 * A video or caption another scheduled post of the account already uses
 * (docs/scheduling.md#creating-a-job): the later of the two would be
 * refused as a duplicate when it runs (docs/posting.md#duplicates), at an
 * hour nobody watches, so a job is refused when it is made or changed,
 * naming the one in the way. A post made now is not held to it: the
 * contract's examples schedule an album and post it now, and the job then
 * meets the posted marks at its run, as before. Each calendar entry carries its job's marks
 * for this; entries written before they did are not compared.
 * @module
 */
import { AppError } from "../errors.ts";
import { hasCaptionMark } from "./caption_marks.ts";
import { liveCalendarEntries } from "./posting_calendar.ts";
import type { JobCalendar } from "../jobs/job_record.ts";

/** What two posts of one account may not share: the video, the caption. */
export interface JobMarks {
  fingerprint: string;
  captionHash: string;
  /**
   * The video's or photos' bytes (same_media.ts's bytesMarkOf), kept on
   * the calendar for Scheduled again only (lib/posting/posted_again.ts):
   * no job is refused for them.
   */
  bytesMark?: string;
}

/**
 * The 400 a job with `marks` meets among the account's other scheduled
 * jobs (`changing`, the job being changed, aside), or null.
 */
export function scheduledDuplicate(
  calendar: JobCalendar | null,
  marks: JobMarks,
  now: number,
  changing?: string,
): AppError | null {
  for (const e of liveCalendarEntries(calendar, now)) {
    if (e.jobId === changing) continue;
    if (e.fingerprint === marks.fingerprint) {
      return inTheWay(
        "video_duplicate",
        "This video URL was already used for this TikTok account recently",
        e,
      );
    }
    // No caption, no caption mark to share (docs/posting.md#duplicates).
    if (
      hasCaptionMark(marks.captionHash) && e.captionHash === marks.captionHash
    ) {
      return inTheWay(
        "caption_duplicate_account",
        "This caption was already used on this TikTok account recently",
        e,
      );
    }
  }
  return null;
}

function inTheWay(
  code: "video_duplicate" | "caption_duplicate_account",
  contractSentence: string,
  e: { jobId: string; at: number },
): AppError {
  const runAt = new Date(e.at).toISOString();
  const cancel =
    `cancel it (REST DELETE /api/jobs/${e.jobId}, MCP cancel_scheduled)`;
  // The contract's message word for word (docs/decisions.md); the job in
  // the way and what frees it are said in fields. A job's media cannot be
  // changed, only its run_at and title (docs/scheduling.md).
  return new AppError(code, `${contractSentence}.`, {
    extra: {
      job_id: e.jobId,
      run_at: runAt,
      next_step: code === "video_duplicate"
        ? `Another scheduled post of this account, at ${runAt}, has this media, and a scheduled post's media cannot be changed: ${cancel} first.`
        : `Another scheduled post of this account, at ${runAt}, has this caption: change its caption (REST PATCH /api/jobs/${e.jobId} with title, MCP change_scheduled) or ${cancel} first.`,
    },
  });
}
