/**
 * What the composer says of a failed post made again
 * (docs/dashboard.md#post-again): what is filled in and why it failed. A
 * draft that can no longer go as one, and media no longer stored, are
 * worded by the server (lib/posting/post_again.ts).
 * @module
 */
import { pageWords } from "../page_words.ts";

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
        ? pageWords().compose.againDraft
        : pageWords().compose.againPost}
    </p>
  );
}

/** What TikTok objected to, beside what can be changed. */
export function PostAgainReason({ message }: { message: string }) {
  return (
    <p class="stop" data-testid="post-again-reason">
      Why it failed: {message}
    </p>
  );
}
