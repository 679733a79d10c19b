/**
 * What the composer says of a failed post made again
 * (docs/dashboard.md#post-again): what is filled in, why it failed, media
 * no longer stored, and a draft that can no longer go as one.
 * @module
 */
import { failReasonSentence } from "../../lib/tiktok/fail_reasons.ts";

/**
 * Atop the composer: what is filled in, what must be chosen again. A draft
 * goes to TikTok drafts again, where those choices are made in TikTok.
 */
export function PostAgainNote(
  { kind, drafting }: { kind: "video" | "photo"; drafting: boolean },
) {
  return (
    <p class="notice" data-testid="post-again-note">
      Posting a failed {drafting ? "draft" : "post"} again: its{" "}
      {kind === "photo" ? "photos" : "video"} and caption are filled in.{" "}
      {drafting
        ? "It goes to your TikTok drafts again, where you choose who can view it."
        : "Choose who can view it, interactions and disclosure again."}
    </p>
  );
}

/** What TikTok objected to, beside what can be changed. */
export function PostAgainReason({ failReason }: { failReason: string }) {
  return (
    <p class="stop" data-testid="post-again-reason">
      Why it failed: {failReasonSentence(failReason)}
    </p>
  );
}

/** The post's media is no longer stored: it must be uploaded again. */
export function PostAgainMissing({ kind }: { kind: "video" | "photo" }) {
  return kind === "video"
    ? (
      <p class="error-message" data-testid="post-again-missing">
        The video of this post is no longer stored; upload it again.
      </p>
    )
    : (
      <p class="error-message" data-testid="post-again-missing">
        The photos of this post are no longer stored; upload them again.
      </p>
    );
}

/** The post was a draft, but the account can no longer send drafts. */
export function PostAgainNoDrafts() {
  return (
    <p class="reason" data-testid="post-again-no-drafts">
      This post was a TikTok draft, but this account no longer allows sending
      drafts: it will be posted directly. To send it as a draft, reconnect
      TikTok and allow uploading drafts.
    </p>
  );
}
