/**
 * The composer's post button (docs/dashboard.md#tiktok-audit-checklist):
 * what it does (post now, schedule, send to drafts), disabled while
 * anything is missing or a post is being sent, and described by what it
 * waits for.
 * @module
 */
import type { PostWhen } from "./schedule_timing.ts";

export interface SendButtonProps {
  /** Something is missing or wrong, or a post is being sent. */
  blocked: boolean;
  /** A post is being sent. */
  busy: boolean;
  when: PostWhen;
  /** The post goes to TikTok drafts. */
  drafts: boolean;
  /** No privacy chosen where one must be. */
  needsPrivacy: boolean;
  /** "Now" is chosen during TikTok's cooldown (post-now-paused says so). */
  nowPaused: boolean;
  /** Schedule is chosen with no time yet (post-needs-time says so). */
  needsTime: boolean;
  /** The time chosen has passed (post-run-at-problem says so). */
  runAtPassed: boolean;
  /** The caption breaks a rule (post-title-problem says which). */
  captionProblem: boolean;
  /** Disclosure is on with no choice made (post-ad-label says so). */
  choiceMissing: boolean;
  /** No video, or no photo, is chosen yet (post-needs-media says so). */
  needsMedia: "video" | "photo" | null;
  /** The video is longer than the creator may post (post-too-long says so). */
  tooLong: boolean;
}

export function SendButton(props: SendButtonProps) {
  const { needsPrivacy, nowPaused, needsTime } = props;
  return (
    <p class="actions">
      <button
        type="submit"
        disabled={props.blocked}
        aria-describedby={[
          needsPrivacy && "post-needs-privacy",
          nowPaused && "post-now-paused",
          // What else holds it back, said where it is shown.
          needsTime && "post-needs-time",
          props.runAtPassed && "post-run-at-problem",
          props.captionProblem && "post-title-problem",
          props.choiceMissing && "post-ad-label",
          props.needsMedia && "post-needs-media",
          props.tooLong && "post-too-long",
        ].filter(Boolean).join(" ") || undefined}
        data-testid="post-submit"
      >
        {props.busy
          ? "Sending…"
          : props.when === "schedule"
          ? "Schedule"
          : props.drafts
          ? "Send to TikTok drafts"
          : "Post now"}
      </button>
      {needsPrivacy && (
        <span class="muted" id="post-needs-privacy">
          {" "}Choose who can view this post first.
        </span>
      )}
      {props.needsMedia && (
        <span class="muted" id="post-needs-media">
          {props.needsMedia === "video"
            ? " Choose a video first."
            : " Add photos first."}
        </span>
      )}
      {needsTime && (
        <span class="muted" id="post-needs-time">
          {" "}Pick the date and time first.
        </span>
      )}
    </p>
  );
}
