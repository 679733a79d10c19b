/**
 * What the calendar shows (docs/dashboard.md#calendar-posts-and-media):
 * jobs not yet posted and posts made, as one list of entries by time, and
 * how a screen reader names an entry.
 * @module
 */
import { JOB_STATE_LABELS, postStateLabel } from "./state_labels.ts";
import { kindName, quotedCaption } from "./item_names.ts";
import { clockTime } from "./local_times.ts";
import type { JobJson, PostJson } from "../lib/http/api_responses.ts";

/** One thing on the calendar: a job not yet posted, or a post made. */
export interface Entry {
  id: string;
  at: string;
  title: string;
  state: string;
  /** The state in words (components/state_labels.ts). */
  label: string;
  job: JobJson | null;
  /** A photo post (else a video): named so when it has no caption. */
  photo: boolean;
  /** Its picture: the video, or the first photo (components/MediaThumb.tsx). */
  src?: string;
}

/** Why an action on a post was refused, said beside that post. */
export interface Refusal {
  /** The job's id. */
  id: string;
  text: string;
  /** The refusal is about the time asked for (`next_free_at` given). */
  time: boolean;
}

/**
 * The calendar's entries. `kept` is a job shown whatever its state: one
 * whose change or cancel was refused, found cancelled or run elsewhere,
 * stays in place with its state and the refusal beside it.
 */
export function entriesOf(
  jobs: JobJson[],
  posts: PostJson[],
  kept = "",
): Entry[] {
  return [
    // A posted job is on the calendar as its post.
    ...jobs.filter((j) =>
      j.job_id === kept || (j.state !== "cancelled" && j.state !== "posted")
    )
      .map((j) => ({
        id: j.job_id,
        at: j.run_at,
        title: j.title,
        state: j.state,
        label: JOB_STATE_LABELS[j.state],
        job: j,
        photo: j.media_type === "PHOTO",
        src: j.source_url ?? j.photo_images?.[0],
      })),
    ...posts.map((p) => ({
      id: p.post_id,
      at: p.created_at,
      title: p.title,
      state: p.state === "done" ? "published" : p.state,
      label: postStateLabel(p),
      job: null,
      photo: p.kind === "photo",
      src: p.source_urls[0],
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * An entry as a screen reader names its buttons ("“caption”, Thu 3 Dec,
 * 17:53"; "photo post, …" with no caption, as Scheduled posts name it):
 * they are read alone as Tab reaches them, and a week has many.
 */
export function entryName(
  e: Entry,
  named: (d: Date) => string,
): string {
  return `${quotedCaption(e.title) ?? kindName(e.photo)}, ${
    named(new Date(e.at))
  }, ${clockTime(e.at)}`;
}
