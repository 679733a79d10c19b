/**
 * The composer's post button (docs/dashboard.md#tiktok-audit-checklist):
 * what it does (post now, schedule, send to drafts), disabled while
 * anything is missing or a post is being sent, and described by what it
 * waits for.
 * @module
 */
import type { PostWhen } from "./schedule_timing.ts";
import type { ComposeState } from "./compose_state.ts";
import { pageWords } from "../page_words.ts";
import { ReconnectLink } from "../ReconnectLink.tsx";

export interface SendButtonProps {
  /**
   * Whether the button waits, and each reason, as compose_state.ts works
   * them out; each reason is said on the page where its id points.
   */
  state: Pick<
    ComposeState,
    | "blocked"
    | "needsPrivacy"
    | "nowPaused"
    | "needsTime"
    | "runAtPassed"
    | "pastKept"
    | "captionProblem"
    | "choiceMissing"
    | "privateBranded"
    | "needsMedia"
    | "tooLong"
    | "noPublish"
    | "videoPosted"
    | "cannotPost"
  >;
  /** A post is being sent. */
  busy: boolean;
  when: PostWhen;
  /** The post goes to TikTok drafts. */
  drafts: boolean;
}

export function SendButton(props: SendButtonProps) {
  const { nowPaused, needsMedia } = props.state;
  // One hint beside the button, the first thing the form still asks for
  // in its order (media, then who can view, then the time): several side
  // by side read as one run-on line on a phone (docs/dashboard.md#keyboard).
  const needsPrivacy = !needsMedia && props.state.needsPrivacy;
  const needsTime = !needsMedia && !needsPrivacy && props.state.needsTime;
  return (
    <p class="actions">
      <button
        type="submit"
        disabled={props.state.blocked}
        aria-describedby={[
          // Why TikTok takes no post now, the alert atop the composer.
          props.state.cannotPost && "post-cannot-post",
          needsPrivacy && "post-needs-privacy",
          nowPaused && "post-now-paused",
          // What else holds it back, said where it is shown.
          needsTime && "post-needs-time",
          (props.state.runAtPassed || props.state.pastKept) &&
          "post-run-at-problem",
          props.state.captionProblem && "post-title-problem",
          props.state.choiceMissing && "post-ad-label",
          props.state.privateBranded && "post-ad-private-hint",
          needsMedia && "post-needs-media",
          props.state.tooLong && "post-too-long",
          props.state.videoPosted && "post-video-posted",
          props.state.noPublish && "post-no-publish",
        ].filter(Boolean).join(" ") || undefined}
        data-testid="post-submit"
      >
        {props.busy
          ? "Sending…"
          : props.when === "schedule"
          ? "Schedule"
          : props.drafts
          ? pageWords().compose.toDrafts
          : "Post now"}
      </button>
      {needsPrivacy && (
        <span class="muted" id="post-needs-privacy">
          {pageWords().compose.needsPrivacy}
        </span>
      )}
      {needsMedia && (
        <span class="muted" id="post-needs-media">
          {pageWords().compose[
            needsMedia === "video"
              ? "needsVideo"
              : needsMedia === "photo"
              ? "needsPhotos"
              : "needsUpload"
          ]}
        </span>
      )}
      {props.state.noPublish && (
        <span class="muted" id="post-no-publish">
          {pageWords().compose.noPublish}
          <ReconnectLink />
        </span>
      )}
      {needsTime && (
        <span class="muted" id="post-needs-time">
          {pageWords().compose.needsTime}
        </span>
      )}
    </p>
  );
}
